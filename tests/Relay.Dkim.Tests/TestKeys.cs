using Relay.Dkim;
using Relay.Testing;

namespace Relay.Dkim.Tests;

/// <summary>Keys generated once per test run, and the TXT records that publish them.</summary>
internal static class TestKeys
{
    private static readonly Lazy<DkimPrivateKey> CustomerKey = new(() => DkimPrivateKey.Generate(2048));
    private static readonly Lazy<DkimPrivateKey> ProviderKey = new(() => DkimPrivateKey.Generate(2048));
    private static readonly Lazy<DkimPrivateKey> LegacyKey = new(() => DkimPrivateKey.Generate(1024));
    private static readonly Lazy<DkimEd25519Key> CustomerEd25519Key = new(DkimEd25519Key.Generate);

    public static DkimSignatureRequest Customer => new("example.com", "relay2026", CustomerKey.Value);

    public static DkimSignatureRequest Provider => new("mail.relay-provider.test", "ses1", ProviderKey.Value);

    public static DkimSignatureRequest Legacy1024 => new("legacy.example.org", "old", LegacyKey.Value);

    /// <summary>The customer's Ed25519 key beside its RSA one (RFC 8463 dual signing), under a selector of its own.</summary>
    public static DkimSignatureRequest CustomerEd25519 => new("example.com", "relay2026e", CustomerEd25519Key.Value);

    public static IReadOnlyDictionary<string, string> TxtRecords => new Dictionary<string, string>
    {
        [Name(Customer)] = CustomerKey.Value.ToDnsTxtRecord(),
        [Name(Provider)] = ProviderKey.Value.ToDnsTxtRecord(),
        [Name(Legacy1024)] = LegacyKey.Value.ToDnsTxtRecord(),
        [Name(CustomerEd25519)] = CustomerEd25519Key.Value.ToDnsTxtRecord(),
    };

    private static string Name(DkimSignatureRequest request) => DkimVerifiers.RecordName(request.Selector, request.Domain);
}
