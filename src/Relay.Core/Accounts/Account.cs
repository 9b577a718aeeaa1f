namespace Relay.Core.Accounts;

/// <summary>A sending account: it owns identities and authenticates with SMTP credentials.</summary>
/// <param name="Id">Stable identifier, also the principal an authenticated session carries.</param>
/// <param name="Name">Operator-facing name, unique.</param>
/// <param name="SmtpUserName">The SMTP AUTH user name, unique.</param>
/// <param name="SmtpPasswordHash">The output of <see cref="SmtpPasswordHasher"/>; never the password itself.</param>
/// <param name="ContactAddress">Where notices about the account's identities go; optional.</param>
public sealed record Account(string Id, string Name, string SmtpUserName, string SmtpPasswordHash, string? ContactAddress);
