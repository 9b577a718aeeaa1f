using System.ComponentModel.DataAnnotations;

namespace Relay.Delivery.Queue;

/// <summary>Limits and timing of the delivery queue; every one has a safe default.</summary>
public sealed class QueueOptions
{
    /// <summary>How long a message may wait for delivery before it is bounced (like Postfix's maximal_queue_lifetime).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(5);

    /// <summary>The wait after the first failed attempt; it doubles after each further one.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Each wait is varied by up to this fraction either way, so messages deferred together spread out.</summary>
    public double RetryJitter { get; set; } = 0.2;

    /// <summary>Messages being delivered at once, over all destinations.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 100;

    /// <summary>Messages being delivered at once to one destination (the smarthost, or one recipient domain).</summary>
    public int MaxConcurrentPerDestination { get; set; } = 20;

    /// <summary>Transactions one SMTP connection carries before it is closed.</summary>
    public int MaxMessagesPerConnection { get; set; } = 100;

    /// <summary>How long an idle connection is kept for the next message to the same host.</summary>
    public TimeSpan ConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the queue looks for operator requests (<c>relay queue retry|delete</c>).</summary>
    public TimeSpan CommandPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws a <see cref="ValidationException"/> naming every bad setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        Positive(errors, nameof(MaxAge), MaxAge);
        Positive(errors, nameof(InitialRetryDelay), InitialRetryDelay);
        Positive(errors, nameof(MaxRetryDelay), MaxRetryDelay);
        Positive(errors, nameof(ConnectionIdleTimeout), ConnectionIdleTimeout);
        Positive(errors, nameof(CommandPollInterval), CommandPollInterval);
        if (MaxRetryDelay < InitialRetryDelay)
        {
            errors.Add($"{nameof(MaxRetryDelay)} must be at least {nameof(InitialRetryDelay)} (was {MaxRetryDelay}).");
        }

        if (RetryJitter is < 0 or >= 1 || double.IsNaN(RetryJitter))
        {
            errors.Add($"{nameof(RetryJitter)} must be at least 0 and less than 1 (was {RetryJitter}).");
        }

        AtLeastOne(errors, nameof(MaxConcurrentDeliveries), MaxConcurrentDeliveries);
        AtLeastOne(errors, nameof(MaxConcurrentPerDestination), MaxConcurrentPerDestination);
        AtLeastOne(errors, nameof(MaxMessagesPerConnection), MaxMessagesPerConnection);
        if (errors.Count > 0)
        {
            throw new ValidationException("Invalid delivery queue settings: " + string.Join(" ", errors));
        }
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive (was {value}).");
        }
    }

    private static void AtLeastOne(List<string> errors, string name, int value)
    {
        if (value < 1)
        {
            errors.Add($"{name} must be at least 1 (was {value}).");
        }
    }
}
