using System.Text;
using Relay.Core.Ingestion;
using Relay.Testing;

namespace Relay.Core.Tests;

/// <summary>
/// Whatever From address Relay reads (and so signs for) is the one that receivers' parsers read too: for every
/// corpus value, Relay either refuses it or reads the same single address as Python's email package and Perl's
/// Email::Address::XS and Mail::Address.
/// </summary>
public sealed class FromHeaderPeerAgreementTests
{
    private static IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<string>>>? s_peers;

    private static IEnumerable<TestCaseData> Corpus() =>
        FromFieldCorpus.Entries.Select((e, i) => new TestCaseData(i, e.Value).SetArgDisplayNames(e.Name));

    [OneTimeSetUp]
    public async Task ReadTheCorpusWithThePeers() =>
        s_peers = await AddressParsers.ReadAllAsync(FromFieldCorpus.Entries.Select(e => e.Value).ToList());

    [TestCaseSource(nameof(Corpus))]
    public void Relay_refuses_or_reads_what_every_peer_reads(int index, string value)
    {
        var address = FromHeader.ParseSingleMailbox(Encoding.UTF8.GetBytes(value + "\r\n"), out var problem);
        if (address is null)
        {
            // Refused (550 5.6.0): no receiver can read a different address than one Relay signed for.
            Assert.That(problem, Is.Not.Empty, "a refusal names its reason");
            return;
        }

        Assert.Multiple(() =>
        {
            foreach (var (parser, read) in s_peers![index])
            {
                Assert.That(read, Is.EqualTo(new[] { address }), $"{parser} reads the From field differently");
            }
        });
    }

    [Test]
    public void The_corpus_holds_enough_fields_Relay_accepts_for_the_agreement_to_mean_something()
    {
        var accepted = FromFieldCorpus.Entries.Count(e => FromHeader.ParseSingleMailbox(Encoding.UTF8.GetBytes(e.Value + "\r\n"), out _) is not null);

        Assert.That(accepted, Is.GreaterThanOrEqualTo(10));
    }

    [Test]
    public void The_spoofing_vectors_read_as_the_bank_by_a_peer_are_refused()
    {
        var spoofs = FromFieldCorpus.Entries.Select((e, i) => (e.Value, Peers: s_peers![i]))
            .Where(e => e.Peers.Values.Any(read => read.Any(a => a.EndsWith("bank.test", StringComparison.Ordinal))))
            .ToList();

        Assert.That(spoofs, Has.Count.GreaterThanOrEqualTo(4), "the corpus holds the issue's vectors, read as bank.test by a peer");
        foreach (var (value, _) in spoofs)
        {
            Assert.That(FromHeader.ParseSingleMailbox(Encoding.UTF8.GetBytes(value + "\r\n"), out _), Is.Null, value);
        }
    }
}
