namespace Relay.Api.Http;

/// <summary>A request body not read yet: the API reads it only once the signature's headers have passed.</summary>
internal interface IRequestBody
{
    Task<BodyRead> ReadAsync(BodyReadLease lease, CancellationToken cancellationToken);
}
