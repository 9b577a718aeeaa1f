namespace Relay.Core.Ingestion;

/// <summary>How Relay signs (<c>Relay:Signing</c>).</summary>
public sealed class SigningOptions
{
    /// <summary>
    /// List From once more in h= than it appears, so that no From can be added after signing.
    /// Amazon SES does not; turn this off for strict parity.
    /// </summary>
    public bool OversignFrom { get; set; } = true;
}
