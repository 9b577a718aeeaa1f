using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Testing;

namespace Relay.Dns.Tests;

/// <summary>The real server on a loopback port, queried by BIND's <c>dig</c> as an independent client.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class DkimZoneServerDigTests
{
    private const string Zone = "dkim.relay.example.net";
    private const string Token2048 = "aaaabbbbccccddddeeeeffffgggghhhh";
    private const string Token4096 = "iiiijjjjkkkkllllmmmmnnnnoooopppp";

    private DkimZoneServer _server = null!;
    private InMemoryDkimKeyRecordSource _records = null!;
    private string _port = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var records = _records = new InMemoryDkimKeyRecordSource(ZoneSerial.ForDate(DateTimeOffset.UtcNow));
        records.Set(Token2048, TestKeys.Txt2048);
        records.Set(Token4096, TestKeys.Txt4096);
        var options = new DkimZoneOptions { Zone = Zone, EndPoint = new IPEndPoint(IPAddress.Loopback, 0) };
        options.NameServerAddresses.Add(IPAddress.Parse("192.0.2.53"));
        _server = new DkimZoneServer(options, records, NullLoggerFactory.Instance, TimeProvider.System);
        await _server.StartAsync(CancellationToken.None);
        _port = _server.UdpEndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public void Port_0_binds_UDP_and_TCP_on_the_same_real_port()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_server.UdpEndPoint!.Port, Is.Not.Zero);
            Assert.That(_server.TcpEndPoint!.Port, Is.EqualTo(_server.UdpEndPoint.Port));
        });
    }

    [Test]
    public async Task A_2048_bit_key_comes_back_whole_and_authoritative_over_UDP()
    {
        var answer = await DigAsync($"{Token2048}.{Zone}", "TXT");

        AssertKey(answer, TestKeys.Txt2048, expectedStrings: 2);
        Assert.That(answer.Output, Does.Contain("(UDP)"));
    }

    [Test]
    public async Task A_2048_bit_key_comes_back_whole_over_TCP()
    {
        var answer = await DigAsync($"{Token2048}.{Zone}", "TXT", "+tcp");

        AssertKey(answer, TestKeys.Txt2048, expectedStrings: 2);
        Assert.That(answer.Output, Does.Contain("(TCP)"));
    }

    [Test]
    public async Task Names_are_matched_in_any_case_and_echoed_as_asked()
    {
        var asked = $"{Token2048.ToUpperInvariant()}.DKIM.relay.EXAMPLE.net";

        var answer = await DigAsync(asked, "TXT");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Output, Does.Contain($";{asked}."));
            Assert.That(answer.Answer[0][1], Is.EqualTo($"{asked}."));
            Assert.That(answer.Answer, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task An_unknown_token_is_NXDOMAIN_with_the_SOA_in_authority()
    {
        var answer = await DigAsync($"nosuchtoken.{Zone}", "TXT");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NXDOMAIN"));
            Assert.That(answer.Flags, Does.Contain("aa"));
            Assert.That(answer.Answer, Is.Empty);
            Assert.That(answer.Authority.Select(line => line[4]), Is.EqualTo(new[] { "SOA" }));
            Assert.That(answer.Authority[0][1], Is.EqualTo($"{Zone}."));
        });
    }

    [Test]
    public async Task Another_type_at_a_token_is_NODATA_with_the_SOA()
    {
        var answer = await DigAsync($"{Token2048}.{Zone}", "A");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Flags, Does.Contain("aa"));
            Assert.That(answer.Answer, Is.Empty);
            Assert.That(answer.Authority.Select(line => line[4]), Is.EqualTo(new[] { "SOA" }));
        });
    }

    [Test]
    public async Task The_apex_answers_SOA()
    {
        var answer = await DigAsync(Zone, "SOA");
        var serial = await _records.SerialAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Flags, Does.Contain("aa"));
            Assert.That(answer.Answer, Has.Count.EqualTo(1));
            Assert.That(answer.Answer[0][4], Is.EqualTo("SOA"));
            Assert.That(
                answer.Answer[0][5],
                Is.EqualTo($"ns1.{Zone}. hostmaster.{Zone}. {serial} 3600 600 1209600 300"));
        });
    }

    [Test]
    public async Task The_apex_answers_NS_with_glue_for_the_in_zone_name_server()
    {
        var answer = await DigAsync(Zone, "NS");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Flags, Does.Contain("aa"));
            Assert.That(answer.Answer.Select(line => line[5]), Is.EqualTo(new[] { $"ns1.{Zone}." }));
            Assert.That(
                answer.Additional.Select(line => string.Join(' ', line.Skip(1))),
                Is.EqualTo(new[] { $"ns1.{Zone}. 3600 IN A 192.0.2.53" }));
        });
    }

    [Test]
    public async Task A_name_outside_the_zone_is_REFUSED_without_recursion()
    {
        var answer = await DigAsync("example.com", "A", "+recurse");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("REFUSED"));
            Assert.That(answer.Flags, Does.Not.Contain("aa"));
            Assert.That(answer.Flags, Does.Not.Contain("ra"));
            Assert.That(answer.Answer, Is.Empty);
        });
    }

    [Test]
    public async Task A_4096_bit_key_over_UDP_without_EDNS_is_truncated_with_no_partial_answer()
    {
        var answer = await DigAsync($"{Token4096}.{Zone}", "TXT", "+noedns", "+ignore");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Flags, Does.Contain("tc"));
            Assert.That(answer.Flags, Does.Contain("aa"));
            Assert.That(answer.Answer, Is.Empty);
            Assert.That(answer.Output, Does.Contain("(UDP)"));
        });
    }

    [Test]
    public async Task A_4096_bit_key_without_EDNS_is_fetched_whole_when_dig_retries_over_TCP()
    {
        var answer = await DigAsync($"{Token4096}.{Zone}", "TXT", "+noedns");

        AssertKey(answer, TestKeys.Txt4096, expectedStrings: 3);
        Assert.That(answer.Output, Does.Contain("(TCP)"));
    }

    [Test]
    public async Task A_4096_bit_key_comes_back_whole_over_TCP()
    {
        var answer = await DigAsync($"{Token4096}.{Zone}", "TXT", "+tcp");

        AssertKey(answer, TestKeys.Txt4096, expectedStrings: 3);
    }

    [Test]
    public async Task A_4096_bit_key_comes_back_whole_over_UDP_when_EDNS_offers_4096_octets()
    {
        var answer = await DigAsync($"{Token4096}.{Zone}", "TXT", "+bufsize=4096", "+ignore");

        AssertKey(answer, TestKeys.Txt4096, expectedStrings: 3);
        Assert.That(answer.Output, Does.Contain("(UDP)"));
    }

    private static void AssertKey(DigAnswer answer, string expectedValue, int expectedStrings)
    {
        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"), answer.Output);
            Assert.That(answer.Flags, Does.Contain("aa"));
            Assert.That(answer.Flags, Does.Not.Contain("tc"));
            Assert.That(answer.Flags, Does.Not.Contain("ra"));
            Assert.That(answer.Answer, Has.Count.EqualTo(1), answer.Output);
        });
        var strings = DigAnswer.TxtStrings(answer.Answer[0][5]);
        Assert.Multiple(() =>
        {
            Assert.That(answer.Answer[0][4], Is.EqualTo("TXT"));
            Assert.That(answer.Answer[0][2], Is.EqualTo("300"));
            Assert.That(strings, Has.Count.EqualTo(expectedStrings));
            Assert.That(strings, Has.All.Length.LessThanOrEqualTo(255));
            Assert.That(string.Concat(strings), Is.EqualTo(expectedValue));
        });
    }

    private Task<DigAnswer> DigAsync(string name, string type, params string[] options) =>
        Dig.QueryAsync(_port, name, type, options);
}
