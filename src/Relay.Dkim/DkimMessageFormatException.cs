namespace Relay.Dkim;

/// <summary>
/// The message cannot be signed as it stands: it has no From header field, a malformed
/// header line, a bare CR or LF, or an oversized header section. Nothing has been written
/// to the destination when this is thrown.
/// </summary>
public sealed class DkimMessageFormatException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DkimMessageFormatException()
        : base("The message cannot be DKIM-signed.")
    {
    }

    /// <summary>Creates the exception with the given message.</summary>
    public DkimMessageFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the given message and the error behind it.</summary>
    public DkimMessageFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
