using System.Diagnostics.Metrics;

namespace Relay.Api;

/// <summary>What the API measures (meter <c>Relay.Api</c>): every reply by operation, HTTP class and error code; refusals before the operation (signature, size, load) by error code.</summary>
internal sealed class ApiInstruments(IMeterFactory meters)
{
    private readonly Counter<long> _replies = meters.Create("Relay.Api")
        .CreateCounter<long>("relay_api_replies", description: "SES API replies, by operation (or - when refused before one was chosen), HTTP class and error code.");

    // An unknown Action is the caller's text: it is not made a label, so that no client can grow the series without bound.
    public void Replied(string action, int status, string errorCode) =>
        _replies.Add(1, new("action", errorCode == "InvalidAction" ? "-" : action), new("class", $"{status / 100}xx"), new("error", errorCode));
}
