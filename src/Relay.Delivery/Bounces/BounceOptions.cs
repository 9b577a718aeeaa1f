namespace Relay.Delivery.Bounces;

/// <summary>How delivery status notifications present themselves.</summary>
/// <param name="ReportingMta">Our host name, for Reporting-MTA and the Message-ID.</param>
/// <param name="FromAddress">The From address, e.g. MAILER-DAEMON at the provider's domain (which signs it).</param>
public sealed record BounceOptions(string ReportingMta, string FromAddress);
