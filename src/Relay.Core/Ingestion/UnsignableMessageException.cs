namespace Relay.Core.Ingestion;

/// <summary>The signer cannot sign this content as it stands (a malformed header, for example); retrying cannot help.</summary>
public sealed class UnsignableMessageException : Exception
{
    public UnsignableMessageException()
    {
    }

    public UnsignableMessageException(string message)
        : base(message)
    {
    }

    public UnsignableMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
