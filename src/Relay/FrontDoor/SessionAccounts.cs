using System.Net;
using Relay.Smtp;

namespace Relay.FrontDoor;

/// <summary>Which account a session sends as: the one it authenticated as, or the trusted-network account.</summary>
internal sealed class SessionAccounts(IReadOnlyList<IPNetwork> trustedNetworks, string? trustedNetworkAccountId)
{
    public string? AccountFor(SmtpSessionContext session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.AuthenticatedPrincipal is { } principal)
        {
            return principal;
        }

        if (trustedNetworkAccountId is null)
        {
            return null;
        }

        var address = session.RemoteEndPoint.Address;
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return trustedNetworks.Any(network => network.Contains(address)) ? trustedNetworkAccountId : null;
    }
}
