namespace Relay.Core.Ingestion;

/// <summary>
/// The region Relay answers as (<c>Relay:Api:Region</c>, the same for SMTP and the API), for the texts that name it
/// the way SES does: "… failed the check in region US-EAST-1: …".
/// </summary>
/// <param name="Name">The region name as configured, e.g. <c>us-east-1</c>.</param>
public sealed record SendingRegion(string Name)
{
    /// <summary>The region as SES prints it in a rejection: upper-case.</summary>
    public string Display => Name.ToUpperInvariant();
}
