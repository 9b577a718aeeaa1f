namespace Relay.Core.Suppression;

/// <summary>An address on an account's suppression list, as SES v2 reports it.</summary>
/// <param name="AccountId">The account whose list it is.</param>
/// <param name="EmailAddress">The address, lower case.</param>
/// <param name="Reason">Bounce or complaint.</param>
/// <param name="LastUpdate">When it was added or last changed.</param>
/// <param name="MessageId">The message whose bounce added it, when Relay added it.</param>
/// <param name="Diagnostic">The next hop's reply that added it (Relay's addition to SES's attributes).</param>
public sealed record SuppressedDestination(
    string AccountId, string EmailAddress, SuppressionReason Reason, DateTimeOffset LastUpdate, string? MessageId = null, string? Diagnostic = null);
