using Microsoft.Extensions.Logging;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Identities;

/// <summary>
/// Confirmation mails go to addresses the caller merely names, so they are rationed: per account
/// (<see cref="SesApiOptions.MaxConfirmationMailsPerAccount"/> per <see cref="SesApiOptions.ConfirmationMailAccountWindow"/>)
/// and per recipient whichever account asks (<see cref="SesApiOptions.MaxConfirmationMailsPerAddress"/> per
/// <see cref="SesApiOptions.ConfirmationMailAddressWindow"/>). Past either, the call is refused as SES throttles
/// (Throttling in v1, TooManyRequestsException in v2) and no mail is sent. Asking for an address that is already
/// verified sends nothing and costs nothing.
/// </summary>
internal sealed partial class ConfirmationMailThrottle
{
    private const string Refusal = "Rate exceeded";

    private readonly IIdentityManagement _identities;
    private readonly TimeProvider _time;
    private readonly ILogger<ConfirmationMailThrottle> _logger;
    private readonly SlidingWindowCounts _accounts;
    private readonly SlidingWindowCounts _addresses;
    private readonly Lock _gate = new();

    public ConfirmationMailThrottle(IIdentityManagement identities, SesApiOptions options, TimeProvider time, ILogger<ConfirmationMailThrottle> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _identities = identities;
        _time = time;
        _logger = logger;
        _accounts = new SlidingWindowCounts(options.MaxConfirmationMailsPerAccount, options.ConfirmationMailAccountWindow);
        _addresses = new SlidingWindowCounts(options.MaxConfirmationMailsPerAddress, options.ConfirmationMailAddressWindow);
    }

    /// <summary>Takes one confirmation mail from both rations, or throws a throttling <see cref="IdentityOperationException"/>.</summary>
    /// <param name="accountId">The calling account.</param>
    /// <param name="address">The address to be mailed, as the caller gave it.</param>
    /// <param name="mailsExistingPending">
    /// True when the call mails an address already pending again (VerifyEmailIdentity); false when an existing
    /// identity is refused instead (CreateEmailIdentity).
    /// </param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    public async Task AcquireAsync(string accountId, string address, bool mailsExistingPending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (string.IsNullOrWhiteSpace(address)
            || await _identities.FindAsync(accountId, address, cancellationToken) is { } existing && (existing.IsVerified || !mailsExistingPending))
        {
            // Nothing will be mailed: the lifecycle refuses the name, has nothing to confirm, or refuses a duplicate.
            return;
        }

        var recipient = IdentityNames.Normalize(address);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var accountHasRoom = _accounts.HasRoom(accountId, now);
            if (!accountHasRoom || !_addresses.HasRoom(recipient, now))
            {
                LogThrottled(_logger, accountId, accountHasRoom ? "recipient" : "account");
                throw new IdentityOperationException(IdentityErrorKind.Throttled, Refusal);
            }

            _accounts.Record(accountId, now);
            _addresses.Record(recipient, now);
        }
    }

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "API confirmation mail for account {Account} refused: the {Limit} limit is reached")]
    private static partial void LogThrottled(ILogger logger, string account, string limit);
}
