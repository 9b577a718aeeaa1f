using Relay.Api.Authentication;

namespace Relay.Api.Http;

/// <summary>A body that is already in memory (tests, and requests built in process); it reserves nothing.</summary>
internal sealed class InMemoryRequestBody(byte[] body) : IRequestBody
{
    public Task<BodyRead> ReadAsync(BodyReadLease lease, bool mayGoToDisk, CancellationToken cancellationToken) =>
        Task.FromResult(BodyRead.Read(body, CanonicalRequest.Hash(body)));
}
