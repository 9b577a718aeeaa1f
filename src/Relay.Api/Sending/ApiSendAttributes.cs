using Relay.Core.Ingestion;

namespace Relay.Api.Sending;

/// <summary>
/// What a send call says about the message besides its bytes and envelope: the id the API allocated for it (when
/// it built the message and wrote that id into the Message-ID field), and its ConfigurationSetName and tags.
/// </summary>
internal sealed record ApiSendAttributes(string? MessageId, string? ConfigurationSetName, IReadOnlyList<MessageTag> Tags)
{
    public static ApiSendAttributes None { get; } = new(null, null, []);
}
