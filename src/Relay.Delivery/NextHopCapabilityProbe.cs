using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;

namespace Relay.Delivery;

/// <summary>
/// Asks the next hop whether it offers 8BITMIME: connects as the forwarder does (same TLS mode and certificate
/// rule), reads the EHLO reply and says QUIT. The answer is remembered for <see cref="CacheDuration"/>.
/// </summary>
/// <remarks>
/// When the next hop cannot be asked, the last answer is used even if it is old, and with no answer at all the
/// probe says yes: the message then goes to the forwarder unchanged, which gives the client its usual temporary
/// failure if the hop is still down. Saying no instead would convert, and could refuse an internationalized
/// message for good that a working hop would have taken. Concurrent callers may probe at the same time when the
/// answer has expired; each probe is one short session.
/// </remarks>
public sealed class NextHopCapabilityProbe
{
    /// <summary>How long an answer is trusted before the next hop is asked again.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(5);

    private readonly NextHopOptions _options;
    private readonly ILogger<NextHopCapabilityProbe> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _nextHop;
    private readonly Lock _gate = new();
    private bool? _eightBitMime;
    private DateTimeOffset _expires;

    /// <summary>Creates a probe; throws if <paramref name="options"/> are invalid.</summary>
    public NextHopCapabilityProbe(NextHopOptions options, ILogger<NextHopCapabilityProbe> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _nextHop = $"{options.Host}:{options.Port}";
    }

    /// <summary>True when the next hop offers 8BITMIME, or when it cannot be asked and was not known to lack it.</summary>
    public async Task<bool> SupportsEightBitMimeAsync(CancellationToken cancellationToken)
    {
        bool? known;
        lock (_gate)
        {
            known = _eightBitMime;
            if (known is { } fresh && _timeProvider.GetUtcNow() < _expires)
            {
                return fresh;
            }
        }

        var probed = await ProbeAsync(known ?? true, cancellationToken);
        if (probed is not { } answer)
        {
            return known ?? true;
        }

        var expires = _timeProvider.GetUtcNow() + CacheDuration;
        lock (_gate)
        {
            _eightBitMime = answer;
            _expires = expires;
        }

        NextHopProbeLog.Probed(_logger, _nextHop, answer ? "offers" : "does not offer", expires);
        return answer;
    }

    /// <summary>The next hop's answer, or null when it could not be reached.</summary>
    private async Task<bool?> ProbeAsync(bool assumed, CancellationToken cancellationToken)
    {
        using var client = NextHopConnection.Configure(new SmtpClient(), _options);
        try
        {
            await NextHopConnection.ConnectAsync(client, _options, cancellationToken);
            return client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime);
        }
        catch (Exception exception) when (ForwardFailure.Classify(exception, ForwardPhase.Connecting) is { } failure)
        {
            cancellationToken.ThrowIfCancellationRequested();
            NextHopProbeLog.Failed(_logger, exception, _nextHop, failure.Text, assumed);
            return null;
        }
        finally
        {
            await NextHopConnection.QuitAsync(client, _options, _timeProvider, cancellationToken);
        }
    }
}
