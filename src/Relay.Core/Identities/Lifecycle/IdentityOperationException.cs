namespace Relay.Core.Identities.Lifecycle;

/// <summary>An identity operation was refused; <see cref="Exception.Message"/> is fit to show the caller.</summary>
public sealed class IdentityOperationException : Exception
{
    public IdentityOperationException(IdentityErrorKind kind, string message)
        : base(message) => Kind = kind;

    public IdentityOperationException()
    {
    }

    public IdentityOperationException(string message)
        : base(message)
    {
    }

    public IdentityOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IdentityErrorKind Kind { get; } = IdentityErrorKind.InvalidParameter;
}
