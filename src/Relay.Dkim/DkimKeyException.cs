namespace Relay.Dkim;

/// <summary>
/// A DKIM private key could not be read or generated, or does not meet Relay's key policy
/// (RSA, 1024 to 4096 bits). The message says which, in words an operator can act on.
/// </summary>
public sealed class DkimKeyException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DkimKeyException()
        : base("The DKIM private key is not usable.")
    {
    }

    /// <summary>Creates the exception with the given message.</summary>
    public DkimKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the given message and the parser error behind it.</summary>
    public DkimKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
