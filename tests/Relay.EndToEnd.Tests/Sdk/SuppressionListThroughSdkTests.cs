using System.Globalization;
using System.Text.Json;
using Relay.Testing;

namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// The account-level suppression list through each SES SDK against a real Relay whose next hop refuses one address
/// with 550: the hard bounce lists it (BOUNCE, with the message's id), the next message to it is not attempted, and
/// once the SDK deletes it the address is tried again. PutSuppressedDestination, the filters and GetAccount's
/// SuppressionAttributes as the SDKs send and parse them.
/// </summary>
[TestFixtureSource(typeof(SdkClient), nameof(SdkClient.Names))]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SuppressionListThroughSdkTests(string sdkName)
{
    private const string Gone = "gone@dest.test";
    private const string Present = "ok@dest.test";

    private ApiRelay? _relay;
    private SdkClient? _sdk;

    private ApiRelay Relay => _relay!;

    private SdkClient Sdk => _sdk!;

    [SetUp]
    public async Task StartAsync()
    {
        // The list works in queue mode (the default): in session mode the next hop's reply goes straight back to the client.
        var queueMode = new Dictionary<string, string?> { ["Relay:Delivery:Mode"] = "Queue" };
        _relay = await ApiRelay.StartAsync(queueMode, new SmtpSinkOptions
        {
            RcptReply = address => address == Gone ? $"550 5.1.1 <{Gone}>: Recipient address rejected: User unknown" : null,
        });
        _sdk = SdkClient.Create(sdkName, _relay);
        await Relay.Relay.AddDomainAsync("shop", "example.com");
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Test]
    public async Task A_hard_bounce_lists_the_address_the_next_message_skips_it_and_a_delete_lets_it_be_tried_again()
    {
        var sent = await SendAsync();
        var listed = await ListedAsync(Gone);
        var entry = (await Sdk.CallAsync("sesv2", "GetSuppressedDestination", new { EmailAddress = Gone })).Json().GetProperty("SuppressedDestination");
        Assert.Multiple(() =>
        {
            Assert.That(listed.GetProperty("Reason").GetString(), Is.EqualTo("BOUNCE"));
            Assert.That(entry.GetProperty("EmailAddress").GetString(), Is.EqualTo(Gone));
            Assert.That(entry.GetProperty("Reason").GetString(), Is.EqualTo("BOUNCE"));
            Assert.That(entry.GetProperty("Attributes").GetProperty("MessageId").GetString(), Is.EqualTo(sent), "the message whose bounce listed it");
            Assert.That(Timestamp(entry.GetProperty("LastUpdateTime")), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });

        await SendAsync();
        await Relay.DeliveredAsync(2);
        Assert.That(RcptsTo(Gone), Is.EqualTo(1), "the listed address was not offered to the next hop again");

        (await Sdk.CallAsync("sesv2", "DeleteSuppressedDestination", new { EmailAddress = Gone })).Json();
        (await Sdk.CallAsync("sesv2", "GetSuppressedDestination", new { EmailAddress = Gone })).AssertError("NotFoundException");
        (await Sdk.CallAsync("sesv2", "DeleteSuppressedDestination", new { EmailAddress = Gone })).AssertError("NotFoundException");

        await SendAsync();
        await Relay.DeliveredAsync(3);
        await ListedAsync(Gone);
        Assert.That(RcptsTo(Gone), Is.EqualTo(2), "tried again after the delete, and refused again");
    }

    [Test]
    public async Task Addresses_put_by_the_sdk_are_filtered_by_reason_and_account_attributes_round_trip()
    {
        (await Sdk.CallAsync("sesv2", "PutSuppressedDestination", new { EmailAddress = "angry@dest.test", Reason = "COMPLAINT" })).Json();
        (await Sdk.CallAsync("sesv2", "PutSuppressedDestination", new { EmailAddress = "bounced@dest.test", Reason = "BOUNCE" })).Json();
        (await Sdk.CallAsync("sesv2", "PutSuppressedDestination", new { EmailAddress = "not an address", Reason = "BOUNCE" })).AssertError("BadRequestException");

        var complaints = (await Sdk.CallAsync("sesv2", "ListSuppressedDestinations", new { Reasons = new[] { "COMPLAINT" } })).Json();
        var page = (await Sdk.CallAsync("sesv2", "ListSuppressedDestinations", new { PageSize = 1 })).Json();
        var next = (await Sdk.CallAsync("sesv2", "ListSuppressedDestinations", new { PageSize = 1, NextToken = page.GetProperty("NextToken").GetString() })).Json();
        var before = (await Sdk.CallAsync("sesv2", "GetAccount")).Json().GetProperty("SuppressionAttributes").GetProperty("SuppressedReasons");
        (await Sdk.CallAsync("sesv2", "PutAccountSuppressionAttributes", new { SuppressedReasons = new[] { "COMPLAINT" } })).Json();
        var after = (await Sdk.CallAsync("sesv2", "GetAccount")).Json().GetProperty("SuppressionAttributes").GetProperty("SuppressedReasons");

        Assert.Multiple(() =>
        {
            Assert.That(Addresses(complaints), Is.EqualTo(new[] { "angry@dest.test" }));
            Assert.That(Addresses(page).Concat(Addresses(next)), Is.EqualTo(new[] { "angry@dest.test", "bounced@dest.test" }));
            Assert.That(before.EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "BOUNCE", "COMPLAINT" }));
            Assert.That(after.EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "COMPLAINT" }));
        });
    }

    private async Task<string> SendAsync()
    {
        var output = (await Sdk.CallAsync("sesv2", "SendEmail", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { Gone, Present } },
            Content = new { Simple = new { Subject = new { Data = "suppression" }, Body = new { Text = new { Data = "Hello." } } } },
        })).Json();
        return output.GetProperty("MessageId").GetString()!;
    }

    /// <summary>Delivery is asynchronous: waits for the hard bounce to reach the list.</summary>
    private async Task<JsonElement> ListedAsync(string address)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var list = (await Sdk.CallAsync("sesv2", "ListSuppressedDestinations")).Json().GetProperty("SuppressedDestinationSummaries");
            var entry = list.EnumerateArray().Where(e => e.GetProperty("EmailAddress").GetString() == address).ToList();
            if (entry.Count == 1)
            {
                return entry[0];
            }

            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), $"{address} never reached the suppression list: {list}");
            await Task.Delay(200);
        }
    }

    private int RcptsTo(string address) =>
        Relay.Relay.Sink.Sessions.SelectMany(session => session.Commands).Count(command =>
            command.StartsWith("RCPT", StringComparison.OrdinalIgnoreCase) && command.Contains(address, StringComparison.OrdinalIgnoreCase));

    private static string[] Addresses(JsonElement list) =>
        list.GetProperty("SuppressedDestinationSummaries").EnumerateArray().Select(e => e.GetProperty("EmailAddress").GetString()!).ToArray();

    /// <summary>The SDKs' scripts print timestamps as ISO 8601 text or as epoch seconds.</summary>
    private static DateTimeOffset Timestamp(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? DateTimeOffset.FromUnixTimeMilliseconds((long)(value.GetDouble() * 1000))
        : DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
