using System.Text;
using Relay.Api.Http;
using Relay.Api.Query;
using Relay.Api.Sending;
using Relay.Api.Tests.Support;

namespace Relay.Api.Tests;

/// <summary>
/// Issue 14 item 2: a large v1 body goes to a temporary file as it is read, and a SendRawEmail message in it is
/// decoded file to file, so it costs the memory budget nothing; the message handed on is byte for byte what the
/// in-memory path makes, and no temporary file outlives the request.
/// </summary>
public sealed class SpilledBodyTests
{
    private string _temporary = null!;

    [SetUp]
    public void SetUp() => _temporary = Directory.CreateTempSubdirectory("relay-api-spill-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_temporary, recursive: true);

    [Test]
    public async Task A_large_send_raw_email_goes_through_disk_and_hands_on_the_same_bytes_as_the_memory_path()
    {
        var data = Message(60_000);
        using var spilling = Harness(threshold: 1024, budget: 4096);
        using var inMemory = Harness(threshold: 10 * 1024 * 1024, budget: 10 * 1024 * 1024);

        var spilled = await SendRawAsync(spilling, data);
        var buffered = await SendRawAsync(inMemory, data);

        Assert.That(spilled.Response.StatusCode, Is.EqualTo(200), TestHttpContext.ResponseText(spilled));
        Assert.That(buffered.Response.StatusCode, Is.EqualTo(200), TestHttpContext.ResponseText(buffered));
        var (message, content) = spilling.Ingestion.Received.Single();
        Assert.That(message.Content, Is.InstanceOf<FileStream>(), "the message came from a temporary file");
        Assert.That(content, Is.EqualTo(RawMessage.ToWireFormat(data)));
        Assert.That(content, Is.EqualTo(inMemory.Ingestion.Received.Single().Content));
        Assert.That(message.EightBitMime, Is.True);
        Assert.That(message.Recipients, Is.EqualTo(new[] { "a@dest.example" }));
        Assert.That(Directory.EnumerateFiles(_temporary), Is.Empty, "every temporary file is gone");
        Assert.That(spilling.Get<BodyReadLimiter>().BufferedBytes, Is.Zero);
    }

    [Test]
    public async Task The_other_parameters_of_a_spilled_body_and_its_query_string_are_read_as_usual()
    {
        using var harness = Harness(threshold: 1024, budget: 4096);

        var context = await SendRawAsync(harness, Message(10_000), ("Source", "Shop <news@example.com>"), ("Destinations.member.1", "x+y@dest.example"));

        Assert.That(context.Response.StatusCode, Is.EqualTo(200), TestHttpContext.ResponseText(context));
        var message = harness.Ingestion.Received.Single().Message;
        Assert.That(message.ReversePath, Is.EqualTo("news@example.com"));
        Assert.That(message.Recipients, Is.EqualTo(new[] { "x+y@dest.example" }));
    }

    [Test]
    public async Task Bad_base64_in_a_spilled_body_is_invalid_and_leaves_no_file()
    {
        using var harness = Harness(threshold: 1024, budget: 4096);
        var request = harness.SignedQuery("SendRawEmail", [("RawMessage.Data", new string('A', 5000) + "!!!")]);

        var context = await SendAsync(harness, request);

        Assert.That(context.Response.StatusCode, Is.EqualTo(400));
        Assert.That(TestHttpContext.ResponseText(context), Does.Contain("<Code>InvalidParameterValue</Code>"));
        Assert.That(harness.Ingestion.Received, Is.Empty);
        Assert.That(Directory.EnumerateFiles(_temporary), Is.Empty);
    }

    [Test]
    public async Task A_bare_carriage_return_in_a_spilled_message_is_refused()
    {
        using var harness = Harness(threshold: 1024, budget: 4096);
        var data = Encoding.UTF8.GetBytes("From: news@example.com\nTo: a@dest.example\n\n" + new string('x', 5000) + "\rsmuggled\n");

        var context = await SendRawAsync(harness, data);

        Assert.That(TestHttpContext.ResponseText(context), Does.Contain("carriage return"));
        Assert.That(harness.Ingestion.Received, Is.Empty);
    }

    [Test]
    public async Task Escapes_cut_between_reads_decode_as_whole_ones()
    {
        var data = Message(3_000);
        var form = $"Action=SendRawEmail&RawMessage.Data={Uri.EscapeDataString(Convert.ToBase64String(data))}&Source=a%40b.example";

        await using var parameters = await SpilledFormReader.ReadAsync(new OneByteAtATime(Encoding.ASCII.GetBytes(form)), "Version=2010-12-01", _temporary, CancellationToken.None);

        using var decoded = new MemoryStream();
        await parameters.OptionalFile("RawMessage.Data")!.CopyToAsync(decoded);
        Assert.That(decoded.ToArray(), Is.EqualTo(data));
        Assert.That(parameters.Optional("Source"), Is.EqualTo("a@b.example"));
        Assert.That(parameters.Optional("Version"), Is.EqualTo("2010-12-01"));
        Assert.That(parameters.Optional("Action"), Is.EqualTo("SendRawEmail"));
    }

    [Test]
    public async Task A_v2_body_is_never_spilled_and_stays_within_the_memory_budget()
    {
        using var harness = Harness(threshold: 1024, budget: 4096);
        var request = harness.SignedRest("POST", "/v2/email/outbound-emails", new { Content = new { Raw = new { Data = Convert.ToBase64String(Message(10_000)) } } });

        var context = await SendAsync(harness, request);

        Assert.That(context.Response.StatusCode, Is.EqualTo(429));
    }

    private ApiHarness Harness(int threshold, long budget) => new(new SesApiOptions
    {
        Region = ApiHarness.Region,
        InMemoryBodyThreshold = threshold,
        MaxBufferedBodyBytes = budget,
        TemporaryDirectory = _temporary,
    });

    /// <summary>A message with LF line ends, 8-bit text and enough varied octets that its base64 holds '+' and '/'.</summary>
    private static byte[] Message(int bodyLength)
    {
        var body = new StringBuilder();
        for (var index = 0; body.Length < bodyLength; index++)
        {
            body.Append("Grüße ~~~ ??? >>> line ").Append(index).Append('\n');
        }

        return Encoding.UTF8.GetBytes($"From: Shop <news@example.com>\nTo: a@dest.example\nSubject: large\n\n{body}");
    }

    private static Task<Microsoft.AspNetCore.Http.DefaultHttpContext> SendRawAsync(ApiHarness harness, byte[] data, params (string, string)[] more) =>
        SendAsync(harness, harness.SignedQuery("SendRawEmail", [("RawMessage.Data", Convert.ToBase64String(data)), .. more]));

    private static async Task<Microsoft.AspNetCore.Http.DefaultHttpContext> SendAsync(ApiHarness harness, ApiRequest request)
    {
        var context = TestHttpContext.From(request, new MemoryStream(request.Body), request.Body.Length);
        await harness.Get<IRelayHttpApplication>().HandleAsync(context);
        return context;
    }

    private sealed class OneByteAtATime(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
