namespace Relay.Dns.RateLimiting;

/// <summary>The kinds of response that are counted apart (<see cref="ResponseKey"/>).</summary>
internal enum ResponseClass
{
    Answer,
    NxDomain,
    Error,
}
