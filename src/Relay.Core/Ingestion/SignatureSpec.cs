namespace Relay.Core.Ingestion;

/// <summary>One DKIM signature to add: d=, s= and the private key (PEM).</summary>
public sealed record SignatureSpec(string Domain, string Selector, string PrivateKeyPem)
{
    /// <summary>List From once more in h= than it appears, so no From can be added after signing.</summary>
    public bool OversignFrom { get; init; } = true;

    /// <summary>Keeps key material out of logs.</summary>
    public override string ToString() => $"d={Domain}; s={Selector}";
}
