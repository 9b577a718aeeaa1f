namespace Relay.Core.Identities;

/// <summary>The SOA record of a customer's zone as a DNS check saw it: primary name server, the administrator's mailbox, the serial.</summary>
public sealed record DnsSoa(string PrimaryNameServer, string AdminEmail, long SerialNumber);
