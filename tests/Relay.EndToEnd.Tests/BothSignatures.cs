using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>The check every API test makes on delivered bytes: the domain's and the provider's signatures, in that order, pass in python3-dkim and Mail::DKIM.</summary>
internal static class BothSignatures
{
    public static async Task AssertPassAsync(byte[] message, IReadOnlyDictionary<string, string> records, string domain)
    {
        var python = await DkimVerifiers.VerifyWithPythonAsync(message, records);
        var perl = await DkimVerifiers.VerifyWithPerlAsync(message, records);
        var expected = new[] { domain, RelayUnderTest.ProviderDomain };
        Assert.That(python.Select(v => v.Domain), Is.EqualTo(expected), DkimVerdict.Describe(python));
        Assert.That(python.All(v => v.Passed), Is.True, "python3-dkim: " + DkimVerdict.Describe(python));
        Assert.That(perl.Select(v => v.Domain), Is.EqualTo(expected), DkimVerdict.Describe(perl));
        Assert.That(perl.All(v => v.Passed), Is.True, "Mail::DKIM: " + DkimVerdict.Describe(perl));
    }
}
