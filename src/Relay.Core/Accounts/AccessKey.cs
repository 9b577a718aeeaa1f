namespace Relay.Core.Accounts;

/// <summary>
/// An API credential of an account, as SES has them: the id names it (and is the SMTP user name), the secret signs
/// SigV4 requests and yields the SES SMTP password.
/// </summary>
/// <param name="Id">The access key id, e.g. <c>RELAYABCDEFGHIJK2345</c>; not a secret.</param>
/// <param name="AccountId">The account the key acts for.</param>
/// <param name="Secret">The secret access key in clear; only ever shown once, when created.</param>
/// <param name="Created">When it was made.</param>
/// <param name="Revoked">When it was revoked; null while it is valid.</param>
public sealed record AccessKey(string Id, string AccountId, string Secret, DateTimeOffset Created, DateTimeOffset? Revoked)
{
    public bool IsActive => Revoked is null;

    /// <summary>Keeps the secret out of logs and exception messages.</summary>
    public override string ToString() => $"AccessKey {{ Id = {Id}, AccountId = {AccountId}, Revoked = {Revoked?.ToString("O") ?? "no"} }}";
}
