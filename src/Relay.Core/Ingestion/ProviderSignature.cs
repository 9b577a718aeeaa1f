namespace Relay.Core.Ingestion;

/// <summary>The provider's own signature, added to every message (d=provider domain).</summary>
public sealed record ProviderSignature(SignatureSpec Spec);
