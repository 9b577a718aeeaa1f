namespace Relay.Api.Http;

/// <summary>Why a request body was or was not read.</summary>
internal enum BodyReadOutcome
{
    /// <summary>Read whole.</summary>
    Read,

    /// <summary>Larger than <see cref="SesApiOptions.MaxRequestBodySize"/>.</summary>
    TooLarge,

    /// <summary>No room left in <see cref="SesApiOptions.MaxBufferedBodyBytes"/>.</summary>
    OverBudget,
}
