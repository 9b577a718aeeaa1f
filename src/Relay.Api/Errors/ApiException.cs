namespace Relay.Api.Errors;

/// <summary>Stops an action with an SES error that the protocol writes in its own shape.</summary>
public sealed class ApiException : Exception
{
    public ApiException(ApiError error)
        : base(error?.Message) => Error = error ?? throw new ArgumentNullException(nameof(error));

    public ApiException()
        : this(SesErrors.InternalFailure())
    {
    }

    public ApiException(string message)
        : this(SesErrors.InternalFailure(message))
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException) => Error = SesErrors.InternalFailure(message);

    public ApiError Error { get; }
}
