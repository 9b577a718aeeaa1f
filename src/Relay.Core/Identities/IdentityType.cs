namespace Relay.Core.Identities;

/// <summary>What an identity names, as in SES.</summary>
public enum IdentityType
{
    Domain,
    EmailAddress,
}
