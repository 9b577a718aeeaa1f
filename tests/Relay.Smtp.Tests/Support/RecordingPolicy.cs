using System.Collections.Concurrent;

namespace Relay.Smtp.Tests.Support;

/// <summary>Records every check; refuses addresses listed in <see cref="Refusals"/>.</summary>
internal sealed class RecordingPolicy : ISmtpTransactionPolicy
{
    public ConcurrentQueue<string> Senders { get; } = new();

    public ConcurrentQueue<string> Recipients { get; } = new();

    public ConcurrentDictionary<string, SmtpReply> Refusals { get; } = new(StringComparer.Ordinal);

    public bool ThrowOnCheck { get; set; }

    public ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionContext session, string reversePath, CancellationToken cancellationToken)
    {
        Senders.Enqueue(reversePath);
        return Check(reversePath);
    }

    public ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionContext session, string forwardPath, CancellationToken cancellationToken)
    {
        Recipients.Enqueue(forwardPath);
        return Check(forwardPath);
    }

    private ValueTask<SmtpReply?> Check(string address)
    {
        if (ThrowOnCheck)
        {
            throw new InvalidOperationException("policy store unavailable");
        }

        return ValueTask.FromResult(Refusals.TryGetValue(address, out var reply) ? reply : null);
    }
}
