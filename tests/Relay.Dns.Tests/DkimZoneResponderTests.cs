using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging.Abstractions;

namespace Relay.Dns.Tests;

public sealed class DkimZoneResponderTests
{
    private const string Zone = "dkim.relay.example.net";
    private const string Token = "abcdefghijklmnopqrstuvwxyz234567";
    private const uint Serial = 2025010100;

    private InMemoryDkimKeyRecordSource _records = null!;

    [SetUp]
    public void SetUp()
    {
        _records = new InMemoryDkimKeyRecordSource(Serial - 1);
        _records.Set(Token, TestKeys.Txt2048);
    }

    [Test]
    public async Task A_token_gets_its_key_as_an_authoritative_TXT_split_into_255_octet_strings()
    {
        var response = await RespondAsync($"{Token}.{Zone}", RecordType.Txt);

        var txt = response.AnswerRecords.OfType<TxtRecord>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NoError));
            Assert.That(response.IsAuthoritiveAnswer, Is.True);
            Assert.That(response.IsRecursionAllowed, Is.False);
            Assert.That(response.IsQuery, Is.False);
            Assert.That(txt.TextParts.Count(), Is.EqualTo(2));
            Assert.That(txt.TextParts, Has.All.Length.LessThanOrEqualTo(255));
            Assert.That(txt.TextData, Is.EqualTo(TestKeys.Txt2048));
            Assert.That(txt.TimeToLive, Is.EqualTo(300));
            Assert.That(response.AuthorityRecords, Is.Empty);
        });
    }

    [Test]
    public async Task Names_match_in_any_case_and_the_question_is_echoed_as_asked()
    {
        var asked = $"{Token.ToUpperInvariant()}.DKIM.Relay.Example.NET";

        var response = await RespondAsync(asked, RecordType.Txt);

        Assert.Multiple(() =>
        {
            Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NoError));
            Assert.That(response.Questions.Single().Name.ToString(), Is.EqualTo(asked + "."));
            Assert.That(response.AnswerRecords.Single().Name.ToString(), Is.EqualTo(asked + "."));
        });
    }

    [Test]
    public async Task An_unknown_token_is_NXDOMAIN_with_the_SOA_for_negative_caching()
    {
        var response = await RespondAsync($"unknowntoken.{Zone}", RecordType.Txt);

        var soa = response.AuthorityRecords.OfType<SoaRecord>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NxDomain));
            Assert.That(response.IsAuthoritiveAnswer, Is.True);
            Assert.That(response.AnswerRecords, Is.Empty);
            Assert.That(soa.Name, Is.EqualTo(DomainName.Parse(Zone)));
            Assert.That(soa.NegativeCachingTTL, Is.EqualTo(300));
            Assert.That(soa.TimeToLive, Is.EqualTo(300), "RFC 2308: min(SOA TTL, MINIMUM)");
        });
    }

    [Test]
    public async Task A_name_deeper_than_one_label_does_not_exist()
    {
        var response = await RespondAsync($"x.{Token}.{Zone}", RecordType.Txt);

        Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NxDomain));
    }

    [TestCase(RecordType.A)]
    [TestCase(RecordType.Aaaa)]
    [TestCase(RecordType.CName)]
    public async Task Another_type_at_a_token_is_NODATA(RecordType type)
    {
        var response = await RespondAsync($"{Token}.{Zone}", type);

        AssertNoData(response);
    }

    [TestCase(RecordType.A)]
    [TestCase(RecordType.Txt)]
    [TestCase(RecordType.Mx)]
    public async Task Other_types_at_the_apex_are_NODATA(RecordType type)
    {
        var response = await RespondAsync(Zone, type);

        AssertNoData(response);
    }

    [Test]
    public async Task The_apex_has_an_SOA()
    {
        var response = await RespondAsync(Zone, RecordType.Soa);

        var soa = response.AnswerRecords.OfType<SoaRecord>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NoError));
            Assert.That(response.IsAuthoritiveAnswer, Is.True);
            Assert.That(soa.MasterName, Is.EqualTo(DomainName.Parse($"ns1.{Zone}")));
            Assert.That(soa.ResponsibleName, Is.EqualTo(DomainName.Parse($"hostmaster.{Zone}")));
            Assert.That(soa.SerialNumber, Is.EqualTo(Serial));
            Assert.That(soa.TimeToLive, Is.EqualTo(3600));
            Assert.That(soa.NegativeCachingTTL, Is.EqualTo(300));
        });
    }

    [Test]
    public async Task The_apex_has_the_configured_name_servers()
    {
        var options = Options();
        options.NameServers.Add("a.ns.example.org");
        options.NameServers.Add("b.ns.example.org.");
        options.HostmasterEmail = "dns.admin@example.org";

        var ns = await RespondAsync(Zone, RecordType.Ns, options);
        var soa = await RespondAsync(Zone, RecordType.Soa, options);

        Assert.Multiple(() =>
        {
            Assert.That(
                ns.AnswerRecords.OfType<NsRecord>().Select(record => record.NameServer.ToString()),
                Is.EqualTo(new[] { "a.ns.example.org.", "b.ns.example.org." }));
            Assert.That(ns.AnswerRecords.OfType<NsRecord>(), Has.All.Property(nameof(NsRecord.TimeToLive)).EqualTo(3600));
            var rname = soa.AnswerRecords.OfType<SoaRecord>().Single().ResponsibleName;
            Assert.That(rname.Labels, Is.EqualTo(new[] { "dns.admin", "example", "org" }));
        });
    }

    [TestCase("example.com")]
    [TestCase("relay.example.net")]
    [TestCase("notdkim.relay.example.net")]
    public async Task Names_outside_the_zone_are_REFUSED_without_authority(string name)
    {
        var response = await RespondAsync(name, RecordType.A);

        Assert.Multiple(() =>
        {
            Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.Refused));
            Assert.That(response.IsAuthoritiveAnswer, Is.False);
            Assert.That(response.IsRecursionAllowed, Is.False);
            Assert.That(response.AnswerRecords, Is.Empty);
        });
    }

    [TestCase(RecordType.Axfr)]
    [TestCase(RecordType.Ixfr)]
    public async Task Zone_transfers_are_REFUSED(RecordType type)
    {
        var response = await RespondAsync(Zone, type);

        Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.Refused));
    }

    [Test]
    public async Task A_query_without_a_question_is_FORMERR()
    {
        var query = new DnsMessage { IsQuery = true };

        var response = await Responder(Options()).RespondAsync(query, CancellationToken.None);

        Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.FormatError));
    }

    [Test]
    public async Task Another_opcode_is_NOTIMP()
    {
        var query = Query(Zone, RecordType.Soa);
        query.OperationCode = OperationCode.Status;

        var response = await Responder(Options()).RespondAsync(query, CancellationToken.None);

        Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NotImplemented));
    }

    [Test]
    public async Task An_EDNS_version_above_0_is_BADVERS()
    {
        var query = Query(Zone, RecordType.Soa);
        query.IsEDnsEnabled = true;
        query.EDnsOptions!.Version = 1;

        var response = await Responder(Options()).RespondAsync(query, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.BadVersion));
            Assert.That(response.EDnsOptions!.Version, Is.EqualTo(0));
        });
    }

    [TestCase((ushort)100, (ushort)512)]
    [TestCase((ushort)900, (ushort)900)]
    [TestCase((ushort)4096, (ushort)1232)]
    public async Task The_clients_EDNS_payload_size_is_honoured_within_our_limit(ushort offered, ushort expected)
    {
        var query = Query($"{Token}.{Zone}", RecordType.Txt);
        query.IsEDnsEnabled = true;
        query.EDnsOptions!.UdpPayloadSize = offered;

        var response = await Responder(Options()).RespondAsync(query, CancellationToken.None);

        Assert.That(response.EDnsOptions!.UdpPayloadSize, Is.EqualTo(expected));
    }

    [Test]
    public async Task Without_EDNS_the_answer_has_no_OPT_record()
    {
        var response = await RespondAsync($"{Token}.{Zone}", RecordType.Txt);

        Assert.That(response.IsEDnsEnabled, Is.False);
    }

    [Test]
    public async Task A_failing_record_source_gives_SERVFAIL_not_NXDOMAIN()
    {
        var responder = new DkimZoneResponder(
            DkimZone.From(Options()), new ThrowingRecordSource(), 1232, NullLogger.Instance);

        var response = await responder.RespondAsync(Query($"{Token}.{Zone}", RecordType.Txt), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.ServerFailure));
            Assert.That(response.IsAuthoritiveAnswer, Is.False);
        });
    }

    [Test]
    public async Task A_withdrawn_token_is_NXDOMAIN_at_once()
    {
        _records.Remove(Token);

        var response = await RespondAsync($"{Token}.{Zone}", RecordType.Txt);

        Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NxDomain));
        Assert.That(response.AuthorityRecords.OfType<SoaRecord>().Single().SerialNumber, Is.EqualTo(Serial + 1), "the withdrawal moved the serial on");
    }

    private static void AssertNoData(DnsMessage response)
    {
        Assert.Multiple(() =>
        {
            Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NoError));
            Assert.That(response.IsAuthoritiveAnswer, Is.True);
            Assert.That(response.AnswerRecords, Is.Empty);
            Assert.That(response.AuthorityRecords.OfType<SoaRecord>().Count(), Is.EqualTo(1));
        });
    }

    private static DkimZoneOptions Options() => new() { Zone = Zone };

    private static DnsMessage Query(string name, RecordType type)
    {
        var query = new DnsMessage { IsQuery = true, OperationCode = OperationCode.Query };
        query.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        return query;
    }

    private DkimZoneResponder Responder(DkimZoneOptions options) =>
        new(DkimZone.From(options), _records, options.MaxUdpPayloadSize, NullLogger.Instance);

    private async Task<DnsMessage> RespondAsync(string name, RecordType type, DkimZoneOptions? options = null) =>
        await Responder(options ?? Options()).RespondAsync(Query(name, type), CancellationToken.None);
}
