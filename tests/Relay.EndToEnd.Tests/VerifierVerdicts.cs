using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>What python3-dkim and Perl Mail::DKIM each said about every DKIM-Signature of one delivered message.</summary>
internal sealed record VerifierVerdicts(IReadOnlyList<DkimVerdict> Python, IReadOnlyList<DkimVerdict> Perl)
{
    public static async Task<VerifierVerdicts> ForAsync(byte[] message, IReadOnlyDictionary<string, string> txtRecords) =>
        (await ForManyAsync([message], txtRecords))[0];

    /// <summary>Verifies a batch with one start of each verifier, the two running side by side.</summary>
    public static async Task<IReadOnlyList<VerifierVerdicts>> ForManyAsync(
        IReadOnlyList<byte[]> messages, IReadOnlyDictionary<string, string> txtRecords)
    {
        if (messages.Count == 0)
        {
            return [];
        }

        var python = DkimVerifiers.VerifyManyWithPythonAsync(messages, txtRecords);
        var perl = DkimVerifiers.VerifyManyWithPerlAsync(messages, txtRecords);
        await Task.WhenAll(python, perl);
        return (await python).Zip(await perl, (p, m) => new VerifierVerdicts(p, m)).ToList();
    }

    /// <summary>Both verifiers saw exactly these signing domains, top first, and passed every signature.</summary>
    public void AssertSignedAndPassing(IReadOnlyList<string> expectedDomains, string? context = null)
    {
        var prefix = context is null ? string.Empty : context + Environment.NewLine;
        Assert.Multiple(() =>
        {
            Assert.That(Python.Select(v => v.Domain), Is.EqualTo(expectedDomains), prefix + "python3-dkim: " + DkimVerdict.Describe(Python));
            Assert.That(Python.All(v => v.Passed), Is.True, prefix + "python3-dkim: " + DkimVerdict.Describe(Python));
            Assert.That(Perl.Select(v => v.Domain), Is.EqualTo(expectedDomains), prefix + "Mail::DKIM: " + DkimVerdict.Describe(Perl));
            Assert.That(Perl.All(v => v.Passed), Is.True, prefix + "Mail::DKIM: " + DkimVerdict.Describe(Perl));
        });
    }
}
