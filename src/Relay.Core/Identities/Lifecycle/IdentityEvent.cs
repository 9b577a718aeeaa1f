namespace Relay.Core.Identities.Lifecycle;

/// <summary>A change worth telling the account about.</summary>
/// <param name="Identity">The identity after the change.</param>
/// <param name="Kind">What happened.</param>
/// <param name="From">The status before, for status changes.</param>
/// <param name="To">The status after, for status changes.</param>
/// <param name="Message">One sentence for people.</param>
public sealed record IdentityEvent(Identity Identity, IdentityEventKind Kind, VerificationStatus? From, VerificationStatus? To, string Message);
