namespace Relay.Testing;

/// <summary>What one connection to an <see cref="SmtpSink"/> did.</summary>
public sealed class SmtpSinkSession
{
    private readonly object _gate = new();
    private readonly List<string> _commands = [];
    private readonly List<SmtpSinkTransaction> _transactions = [];

    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the sink has closed this connection.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The name given in the last EHLO or HELO.</summary>
    public string? HeloName { get; internal set; }

    /// <summary>True once the session runs over TLS.</summary>
    public bool Secure { get; internal set; }

    /// <summary>The authorization identity sent with AUTH PLAIN (often empty).</summary>
    public string? AuthorizationIdentity { get; internal set; }

    /// <summary>The user name sent with AUTH PLAIN, whether accepted or not.</summary>
    public string? AuthenticationIdentity { get; internal set; }

    /// <summary>The password sent with AUTH PLAIN, whether accepted or not.</summary>
    public string? Password { get; internal set; }

    /// <summary>True after a successful AUTH.</summary>
    public bool Authenticated { get; internal set; }

    /// <summary>Every command line received, in order (AUTH continuation lines are not recorded).</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>The verbs received, upper case, in order: "EHLO", "MAIL", "RCPT", "RSET", ...</summary>
    public IReadOnlyList<string> Verbs => Commands.Select(c => c.Split(' ', 2)[0].ToUpperInvariant()).ToArray();

    /// <summary>The transactions that reached the end of DATA.</summary>
    public IReadOnlyList<SmtpSinkTransaction> Transactions
    {
        get
        {
            lock (_gate)
            {
                return [.. _transactions];
            }
        }
    }

    internal void AddCommand(string line)
    {
        lock (_gate)
        {
            _commands.Add(line);
        }
    }

    internal void AddTransaction(SmtpSinkTransaction transaction)
    {
        lock (_gate)
        {
            _transactions.Add(transaction);
        }
    }

    internal void MarkClosed() => _closed.TrySetResult();
}
