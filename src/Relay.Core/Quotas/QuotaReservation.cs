namespace Relay.Core.Quotas;

/// <summary>
/// One message's recipients, taken from its account's quota by <see cref="SendingQuota.ReserveAsync"/>, or the limit that
/// refused it. <see cref="Commit"/> counts them once the message is accepted; disposing an uncommitted reservation
/// gives them back.
/// </summary>
public sealed class QuotaReservation : IAsyncDisposable
{
    private readonly SendingQuota? _quota;
    private readonly string _accountId;
    private readonly int _recipients;
    private bool _settled;

    internal QuotaReservation(SendingQuota quota, string accountId, int recipients)
    {
        _quota = quota;
        _accountId = accountId;
        _recipients = recipients;
    }

    private QuotaReservation(SendingLimit refusedBy)
    {
        _accountId = string.Empty;
        ExceededLimit = refusedBy;
        _settled = true;
    }

    /// <summary>The limit that refused the message; null when its recipients were reserved.</summary>
    public SendingLimit? ExceededLimit { get; }

    /// <summary>Counts the reserved recipients as sent (once; later calls do nothing).</summary>
    public void Commit()
    {
        if (!_settled)
        {
            _settled = true;
            _quota!.Commit(_accountId, _recipients);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_settled)
        {
            return ValueTask.CompletedTask;
        }

        _settled = true;
        return _quota!.ReleaseAsync(_accountId, _recipients);
    }

    internal static QuotaReservation Refused(SendingLimit limit) => new(limit);
}
