using Relay.Core.Identities;

namespace Relay.Api.Identities;

/// <summary>
/// The DKIM state SES reports for an identity. An email address carries no keys: it reports the DKIM status and
/// tokens of the account's nearest domain covering it, with its own signing switch.
/// </summary>
internal sealed record DkimView(bool SigningEnabled, VerificationStatus Status, IReadOnlyList<string> Tokens, Identity? KeyHolder);
