namespace Relay.Dns;

/// <summary>The limits one TCP connection lives under (see <see cref="DkimZoneOptions"/>).</summary>
internal sealed record TcpConnectionLimits(TimeSpan IdleTimeout, TimeSpan QueryTimeout, int MaxQueries);
