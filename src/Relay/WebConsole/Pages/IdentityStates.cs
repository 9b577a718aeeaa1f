using Relay.Core.Identities;

namespace Relay.WebConsole.Pages;

/// <summary>An identity's statuses in the words the pages use.</summary>
internal static class IdentityStates
{
    public static string Type(Identity identity) => identity.Type == IdentityType.Domain ? "Domain" : "Email address";

    /// <summary>Whether Relay adds the domain's signature now, and if not, why not.</summary>
    public static string Signing(Identity identity)
    {
        if (!identity.SigningEnabled)
        {
            return "Disabled";
        }

        if (identity.Type != IdentityType.Domain)
        {
            return "Enabled (with its domain's key)";
        }

        return identity is { DkimStatus: VerificationStatus.Success, SigningKey: { } key }
            ? $"Signing (s={key.Selector})"
            : $"Enabled, not signing: DKIM is {SesNames.Status(identity.DkimStatus)}";
    }

    public static string Time(DateTimeOffset? time) =>
        time is { } value ? value.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never";
}
