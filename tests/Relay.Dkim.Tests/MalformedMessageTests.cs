using System.Text;
using Relay.Dkim;

namespace Relay.Dkim.Tests;

/// <summary>Input that cannot go out exactly as signed is refused before anything is written.</summary>
[TestFixture]
public sealed class MalformedMessageTests
{
    private static IEnumerable<TestCaseData> Malformed()
    {
        yield return Case("no From", "To: a@example.net\r\nSubject: x\r\n\r\nbody\r\n", "no From header field");
        yield return Case("no header at all", "\r\nbody\r\n", "no From header field");
        yield return Case("empty message", string.Empty, "no From header field");
        yield return Case("bare LF in the body", "From: a@example.com\r\n\r\nline one\nline two\r\n", "bare LF at byte 31");
        yield return Case("bare LF ending the last body line", "From: a@example.com\r\n\r\nline one\r\nend\n", "bare LF");
        yield return Case("bare CR in the body", "From: a@example.com\r\n\r\nline\rone\r\n", "bare CR at byte 27");
        yield return Case("bare CR at the very end", "From: a@example.com\r\n\r\nline\r", "bare CR");
        yield return Case("bare LF in the headers", "From: a@example.com\nTo: b@example.net\r\n\r\nbody\r\n", "bare LF at byte 19");
        yield return Case("LF-only separator", "From: a@example.com\r\n\nbody\r\n", "bare LF");
        yield return Case("header line without colon", "From: a@example.com\r\nThis is not a header\r\n\r\nbody\r\n", "Header line 2");
        yield return Case("mbox From_ line", "From sender@example.com Sun Mar  1 12:00:00 2026\r\nFrom: a@example.com\r\n\r\nbody\r\n", "Header line 1");
        yield return Case("8-bit byte in a field name", "From: a@example.com\r\nX-Gr\u00fc\u00dfe: hi\r\n\r\nbody\r\n", "Header line 2");
        yield return Case("continuation before any field", " folded: x\r\nFrom: a@example.com\r\n\r\nbody\r\n", "white space");
    }

    [TestCaseSource(nameof(Malformed))]
    public void Refuses_the_message_with_a_clear_reason_and_writes_nothing(string message, string reason)
    {
        using var source = new MemoryStream(Encoding.UTF8.GetBytes(message));
        using var destination = new MemoryStream();

        var ex = Assert.ThrowsAsync<DkimMessageFormatException>(
            () => new DkimMessageSigner(TimeProvider.System).SignAsync(source, [TestKeys.Provider], destination, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(reason));
        Assert.That(destination.Length, Is.Zero);
    }

    private static IEnumerable<TestCaseData> BadRequests()
    {
        yield return BadRequest("domain with a space", TestKeys.Provider with { Domain = "exa mple.com" }, "domain");
        yield return BadRequest("domain injecting a tag", TestKeys.Provider with { Domain = "example.com; l=0" }, "domain");
        yield return BadRequest("empty selector", TestKeys.Provider with { Selector = string.Empty }, "selector");
        yield return BadRequest("non-ASCII domain", TestKeys.Provider with { Domain = "bücher.example" }, "A-labels");
        yield return BadRequest("signing Received", TestKeys.Provider with { HeadersToSign = ["From", "Received"] }, "Received");
        yield return BadRequest("signing DKIM-Signature", TestKeys.Provider with { HeadersToSign = ["DKIM-Signature"] }, "DKIM-Signature");
        yield return BadRequest("a header name with a colon", TestKeys.Provider with { HeadersToSign = ["Subject:"] }, "not a header field name");
    }

    [TestCaseSource(nameof(BadRequests))]
    public void Refuses_a_bad_request_before_reading(DkimSignatureRequest request, string reason)
    {
        using var source = new MemoryStream(MessageCorpus.All[0].Bytes);
        using var destination = new MemoryStream();

        var ex = Assert.ThrowsAsync<ArgumentException>(
            () => new DkimMessageSigner(TimeProvider.System).SignAsync(source, [TestKeys.Customer, request], destination, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(reason));
        Assert.That(source.Position, Is.Zero);
        Assert.That(destination.Length, Is.Zero);
    }

    [Test]
    public void Refuses_an_empty_signature_list()
    {
        using var source = new MemoryStream(MessageCorpus.All[0].Bytes);

        Assert.ThrowsAsync<ArgumentException>(
            () => new DkimMessageSigner(TimeProvider.System).SignAsync(source, [], Stream.Null, CancellationToken.None));
    }

    [Test]
    public void Refuses_a_stream_that_cannot_seek()
    {
        using var source = new NonSeekableStream(MessageCorpus.All[0].Bytes);

        var ex = Assert.ThrowsAsync<ArgumentException>(
            () => new DkimMessageSigner(TimeProvider.System).SignAsync(source, [TestKeys.Provider], Stream.Null, CancellationToken.None));

        Assert.That(ex!.ParamName, Is.EqualTo("source"));
    }

    [Test]
    public void Stops_when_cancelled()
    {
        using var source = new MemoryStream(MessageCorpus.All[0].Bytes);
        using var destination = new MemoryStream();

        Assert.CatchAsync<OperationCanceledException>(
            () => new DkimMessageSigner(TimeProvider.System).SignAsync(source, [TestKeys.Provider], destination, new CancellationToken(canceled: true)));
        Assert.That(destination.Length, Is.Zero);
    }

    private static TestCaseData Case(string name, string message, string reason) =>
        new TestCaseData(message, reason).SetArgDisplayNames(name);

    private static TestCaseData BadRequest(string name, DkimSignatureRequest request, string reason) =>
        new TestCaseData(request, reason).SetArgDisplayNames(name);

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
