namespace Relay.Core.Suppression;

/// <summary>One page of ListSuppressedDestinations: filters, and where the previous page ended.</summary>
/// <param name="Reasons">Only these reasons; empty for all.</param>
/// <param name="StartDate">Only entries updated at or after this.</param>
/// <param name="EndDate">Only entries updated at or before this.</param>
/// <param name="After">The last address of the previous page, or null for the first page.</param>
/// <param name="PageSize">At most this many entries.</param>
public sealed record SuppressionQuery(
    IReadOnlyCollection<SuppressionReason> Reasons, DateTimeOffset? StartDate, DateTimeOffset? EndDate, string? After, int PageSize);
