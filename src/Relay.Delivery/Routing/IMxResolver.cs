namespace Relay.Delivery.Routing;

/// <summary>Finds the mail exchangers of a domain (RFC 5321 section 5.1).</summary>
public interface IMxResolver
{
    /// <summary>
    /// MX hosts by preference with their addresses, the domain itself when it has no MX (implicit MX), or a failure:
    /// permanent for a domain that does not exist or publishes a null MX (RFC 7505), temporary for DNS trouble.
    /// </summary>
    Task<MxResolution> ResolveAsync(string domain, CancellationToken cancellationToken);
}
