namespace Relay.Delivery.Queue;

/// <summary>How one attempt at one destination ended, recipient by recipient.</summary>
/// <param name="Destination">The host that answered last (host:port), for the attempt history and the DSN.</param>
/// <param name="Results">Every recipient of the request (compared without case) with its result.</param>
public sealed record DeliveryReport(string Destination, IReadOnlyDictionary<string, RecipientResult> Results)
{
    /// <summary>The name of the host whose replies these are (for Remote-MTA); null when no host replied.</summary>
    public string? RemoteHost { get; init; }

    /// <summary>The same result for every recipient: nothing was sent, or the whole transaction was refused.</summary>
    public static DeliveryReport ForAll(string destination, IEnumerable<string> recipients, RecipientResult result) =>
        new(destination, recipients.Distinct(StringComparer.OrdinalIgnoreCase)
            .ToDictionary(recipient => recipient, _ => result, StringComparer.OrdinalIgnoreCase));
}
