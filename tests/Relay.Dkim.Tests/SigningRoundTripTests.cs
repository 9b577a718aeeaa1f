using Relay.Dkim;
using Relay.Testing;

namespace Relay.Dkim.Tests;

/// <summary>
/// Signs the whole corpus with two signature sets and has python3-dkim and Perl Mail::DKIM
/// verify every signature on the output bytes, the keys given locally. Each verifier starts
/// once for the whole batch.
/// </summary>
[TestFixture]
public sealed class SigningRoundTripTests
{
    private static readonly Dictionary<string, Func<DkimSignatureRequest[]>> SignatureSets = new()
    {
        ["customer 2048 + provider 2048"] = () => [TestKeys.Customer, TestKeys.Provider],
        ["customer 1024 without oversigning + provider 2048"] = () =>
            [TestKeys.Legacy1024 with { OversignFrom = false }, TestKeys.Provider],
        ["customer Ed25519 + customer 2048 + provider 2048"] = () => [TestKeys.CustomerEd25519, TestKeys.Customer, TestKeys.Provider],
    };

    private readonly Dictionary<string, IReadOnlyList<DkimVerdict>> _python = [];
    private readonly Dictionary<string, IReadOnlyList<DkimVerdict>> _pythonAsDelivered = [];
    private readonly Dictionary<string, IReadOnlyList<DkimVerdict>> _perl = [];

    private static IEnumerable<TestCaseData> Cases() =>
        from message in MessageCorpus.All
        from set in SignatureSets.Keys
        select new TestCaseData(message, set).SetArgDisplayNames(message.Name, set);

    private static IEnumerable<TestCaseData> UnterminatedCases() =>
        Cases().Where(data => ((CorpusMessage)data.Arguments[0]!).BodyLacksFinalCrlf);

    [OneTimeSetUp]
    public async Task SignAndVerifyEverything()
    {
        // python3-dkim verifies ed25519-sha256 only with PyNaCl.
        ExternalTool.RequireModule(DkimVerifiers.PythonPath, ["-c", "import nacl.signing"], "python3-nacl");
        var keys = new List<string>();
        var outputs = new List<byte[]>();
        var perlInputs = new List<byte[]>();
        foreach (var message in MessageCorpus.All)
        {
            foreach (var (set, requests) in SignatureSets)
            {
                var signed = await TestSigning.SignAsync(message.Bytes, requests());
                keys.Add(Key(message, set));
                outputs.Add(signed);

                // Mail::DKIM 1.20230212 does not add the CRLF that RFC 6376 3.4.3 adds to a body
                // lacking one (MimeKit and python3-dkim do). A receiving peer never sees such a
                // body, since SMTP's DATA terminator ends the last line, so Perl gets that form.
                perlInputs.Add(message.BodyLacksFinalCrlf ? CorpusMessage.AsDeliveredOverSmtp(signed) : signed);
            }
        }

        var python = await DkimVerifiers.VerifyManyWithPythonAsync(
            [.. outputs, .. outputs.Select(CorpusMessage.AsDeliveredOverSmtp)], TestKeys.TxtRecords);
        var perl = await DkimVerifiers.VerifyManyWithPerlAsync(perlInputs, TestKeys.TxtRecords);
        for (var i = 0; i < keys.Count; i++)
        {
            _python[keys[i]] = python[i];
            _pythonAsDelivered[keys[i]] = python[keys.Count + i];
            _perl[keys[i]] = perl[i];
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Perl_Mail_DKIM_passes_every_signature(CorpusMessage message, string set)
    {
        AssertEverySignaturePasses(_perl[Key(message, set)], set, knowsEd25519: false);
    }

    [TestCaseSource(nameof(Cases))]
    public void Python_dkim_passes_every_signature(CorpusMessage message, string set)
    {
        if (!message.PythonDkimCanParse)
        {
            // python3-dkim 1.1.4 cannot parse "Name :" (its field-name regex stops at the space);
            // Perl covers this message, and this pins that python's refusal is only that parse.
            var verdicts = _python[Key(message, set)];
            Assert.That(verdicts, Has.Count.EqualTo(1));
            Assert.That(verdicts[0].Detail, Does.Contain("Unexpected characters in RFC822 header"));
            return;
        }

        AssertEverySignaturePasses(_python[Key(message, set)], set);
    }

    [TestCaseSource(nameof(UnterminatedCases))]
    public void Python_dkim_also_passes_an_unterminated_body_as_delivered_over_SMTP(CorpusMessage message, string set)
    {
        AssertEverySignaturePasses(_pythonAsDelivered[Key(message, set)], set);
    }

    /// <param name="verdicts">One verifier's verdicts, top signature first.</param>
    /// <param name="set">The signature set the message was signed with.</param>
    /// <param name="knowsEd25519">
    /// False for Debian 12's Mail::DKIM 1.20230212, which has no ed25519-sha256: it must call that signature an
    /// unsupported algorithm and still pass every RSA one (RFC 8463 1: a verifier ignores what it does not know).
    /// </param>
    private static void AssertEverySignaturePasses(IReadOnlyList<DkimVerdict> verdicts, string set, bool knowsEd25519 = true)
    {
        var expected = SignatureSets[set]();
        Assert.That(verdicts, Has.Count.EqualTo(expected.Length), DkimVerdict.Describe(verdicts));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.That(verdicts[i].Domain, Is.EqualTo(expected[i].Domain), "fields are in request order");
                Assert.That(verdicts[i].Selector, Is.EqualTo(expected[i].Selector));
                if (!knowsEd25519 && expected[i].Key is DkimEd25519Key)
                {
                    Assert.That(verdicts[i].Detail, Does.Contain("unsupported algorithm ed25519-sha256"), DkimVerdict.Describe(verdicts));
                    continue;
                }

                Assert.That(verdicts[i].Result, Is.EqualTo("pass"), DkimVerdict.Describe(verdicts));
            }
        });
    }

    private static string Key(CorpusMessage message, string set) => message.Name + " | " + set;
}
