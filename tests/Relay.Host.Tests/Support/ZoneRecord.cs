namespace Relay.Host.Tests.Support;

/// <summary>One record of named-checkzone's canonical dump: owner name with its final dot, type, record data as printed.</summary>
internal sealed record ZoneRecord(string Name, string Type, string Data);
