namespace Relay.Api.Http;

/// <summary>A request body not read yet: the API reads it only once the signature's headers have passed.</summary>
internal interface IRequestBody
{
    /// <param name="lease">The request's share of the memory budget.</param>
    /// <param name="mayGoToDisk">Whether a large body may be spilled to a temporary file (the v1 form parser reads one).</param>
    /// <param name="cancellationToken">The request's.</param>
    Task<BodyRead> ReadAsync(BodyReadLease lease, bool mayGoToDisk, CancellationToken cancellationToken);
}
