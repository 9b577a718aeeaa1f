namespace Relay.Core.Identities;

/// <summary>A record a customer must publish: fully qualified name (no trailing dot), type, value.</summary>
public sealed record DnsRecord(string Name, string Type, string Value);
