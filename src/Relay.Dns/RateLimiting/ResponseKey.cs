namespace Relay.Dns.RateLimiting;

/// <summary>
/// What makes two responses "identical" for rate limiting: the client network and, for positive answers, the name
/// and type. All NXDOMAIN answers count as one (random-name floods), and so do all errors, as in BIND.
/// </summary>
internal readonly record struct ResponseKey(UInt128 Network, ResponseClass Class, string Name, ushort Type)
{
    private const int NoError = 0;
    private const int NxDomain = 3;

    public static ResponseKey For(UInt128 network, int returnCode, string name, ushort type) => returnCode switch
    {
        NoError => new(network, ResponseClass.Answer, name, type),
        NxDomain => new(network, ResponseClass.NxDomain, string.Empty, 0),
        _ => new(network, ResponseClass.Error, string.Empty, 0),
    };
}
