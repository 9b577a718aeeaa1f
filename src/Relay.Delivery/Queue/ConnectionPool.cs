namespace Relay.Delivery.Queue;

/// <summary>
/// Idle SMTP connections kept per target (host:port) for the next message there, up to an idle time and a number
/// of transactions per connection.
/// </summary>
internal sealed class ConnectionPool(QueueOptions options, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Stack<Idle>> _idle = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The most recently used idle connection to <paramref name="target"/> that is still fresh, or null.</summary>
    public async Task<PerRecipientSmtpClient?> TakeAsync(string target, CancellationToken cancellationToken)
    {
        await CloseExpiredAsync(cancellationToken);
        lock (_gate)
        {
            return _idle.TryGetValue(target, out var stack) && stack.TryPop(out var idle) ? idle.Client : null;
        }
    }

    /// <summary>Keeps <paramref name="client"/> for reuse, or closes it when it is spent.</summary>
    public async Task ReturnAsync(string target, PerRecipientSmtpClient client, NextHopOptions hop, CancellationToken cancellationToken)
    {
        if (client.IsConnected && client.Transactions < options.MaxMessagesPerConnection)
        {
            lock (_gate)
            {
                if (!_idle.TryGetValue(target, out var stack))
                {
                    _idle[target] = stack = new Stack<Idle>();
                }

                stack.Push(new Idle(client, hop, timeProvider.GetTimestamp()));
                return;
            }
        }

        await CloseAsync(client, hop, timeProvider, cancellationToken);
    }

    /// <summary>Says QUIT to connections idle for longer than <see cref="QueueOptions.ConnectionIdleTimeout"/>.</summary>
    public Task CloseExpiredAsync(CancellationToken cancellationToken) =>
        CloseAllAsync(idle => timeProvider.GetElapsedTime(idle.Since) >= options.ConnectionIdleTimeout, cancellationToken);

    /// <summary>Says QUIT to every idle connection (shutdown).</summary>
    public Task CloseAllAsync(CancellationToken cancellationToken) => CloseAllAsync(_ => true, cancellationToken);

    /// <summary>Drops every idle connection without QUIT (synchronous disposal).</summary>
    public void DropAll()
    {
        List<Idle> dropping;
        lock (_gate)
        {
            dropping = _idle.Values.SelectMany(stack => stack).ToList();
            _idle.Clear();
        }

        foreach (var idle in dropping)
        {
            idle.Client.Dispose();
        }
    }

    public static async Task CloseAsync(PerRecipientSmtpClient client, NextHopOptions hop, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            if (client.IsConnected)
            {
                await NextHopConnection.QuitAsync(client, hop, timeProvider, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or MailKit.Net.Smtp.SmtpProtocolException)
        {
            // The connection is being dropped anyway.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task CloseAllAsync(Func<Idle, bool> predicate, CancellationToken cancellationToken)
    {
        List<Idle> closing = [];
        lock (_gate)
        {
            foreach (var (target, stack) in _idle.ToList())
            {
                var keep = stack.Reverse().Where(idle => !predicate(idle)).ToList();
                closing.AddRange(stack.Where(predicate));
                _idle[target] = new Stack<Idle>(keep);
            }
        }

        foreach (var idle in closing)
        {
            await CloseAsync(idle.Client, idle.Hop, timeProvider, cancellationToken);
        }
    }

    private sealed record Idle(PerRecipientSmtpClient Client, NextHopOptions Hop, long Since);
}
