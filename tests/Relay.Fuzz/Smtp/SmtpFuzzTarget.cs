using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Smtp.Protocol;

namespace Relay.Fuzz.Smtp;

/// <summary>
/// The SMTP session (<see cref="SmtpSession"/>, the code behind every accepted socket) over in-memory pipes. Per input:
/// the generated client bytes are written at once and the stream ends; the invariants are no exception out of the
/// session, every reply well-formed (<see cref="SmtpReplyChecker"/>), the session over within the deadline, and
/// exactly one acknowledgement per handler call with nothing wrong in what the handler was given.
/// </summary>
internal sealed class SmtpFuzzTarget : IFuzzTarget
{
    public const string ServerName = "mx.fuzz.example";

    private static readonly IPEndPoint Client = new(IPAddress.Loopback, 40000);
    private static readonly IPEndPoint Server = new(IPAddress.Loopback, 25);
    private static readonly PipeOptions Unbounded = new(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false);

    private readonly TimeSpan _deadline;
    private readonly SmtpServices[] _configurations;
    private readonly FuzzMessageHandler[] _handlers;

    /// <param name="deadline">How long one session may take before it counts as hung.</param>
    /// <param name="wrapHandler">Puts something between the session and the checking handler (the planted-bug tests).</param>
    public SmtpFuzzTarget(TimeSpan deadline, Func<ISmtpMessageHandler, ISmtpMessageHandler>? wrapHandler = null)
    {
        _deadline = deadline;
        var plain = Options(binaryMime: false);
        var binary = Options(binaryMime: true);
        _handlers = [new FuzzMessageHandler(plain), new FuzzMessageHandler(binary)];
        _configurations =
        [
            Services(plain, wrapHandler?.Invoke(_handlers[0]) ?? _handlers[0]),
            Services(binary, wrapHandler?.Invoke(_handlers[1]) ?? _handlers[1]),
        ];
    }

    public string Name => "smtp";

    public OutcomeCounter Outcomes { get; } = new();

    public ValueTask<IReadOnlyList<Finding>> RunAsync(Random random, long index)
    {
        var binaryMime = random.Next(_configurations.Length) == 1;
        return RunInputAsync(SmtpInputGenerator.Generate(random), binaryMime, index, random);
    }

    /// <summary>Runs one given input (a regression test's, or a replay); <paramref name="random"/> cuts it into pieces.</summary>
    public async ValueTask<IReadOnlyList<Finding>> RunInputAsync(byte[] input, bool binaryMime, long index = 0, Random? random = null)
    {
        var which = binaryMime ? 1 : 0;
        var services = _configurations[which];
        var handler = _handlers[which];
        handler.Reset();

        var toServer = new Pipe(Unbounded);
        var toClient = new Pipe(Unbounded);
        var transport = new SmtpTransport(new DuplexPipeStream(toServer.Reader, toClient.Writer), socket: null);
        using var aborted = new CancellationTokenSource();
        var context = new SmtpSessionContext("fuzz", Client, Server);
        var session = new SmtpSession(services, transport, context, implicitTls: false, CancellationToken.None, aborted.Token);

        var findings = new List<Finding>();
        var run = RunSessionAsync(session, transport);
        await WriteInChunksAsync(toServer.Writer, input, random ?? new Random(0));
        try
        {
            await run.WaitAsync(_deadline);
        }
        catch (TimeoutException)
        {
            findings.Add(Found(index, "session ends within the deadline", $"still running after {_deadline.TotalSeconds:F0} s", input));
            await aborted.CancelAsync();
            await toClient.Reader.CompleteAsync();
            return findings;
        }
#pragma warning disable CA1031 // Any exception out of the session is exactly what this harness looks for.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            findings.Add(Found(index, "no unhandled exception", $"{exception.GetType().Name}: {OneLine(exception.Message)}", input));
        }

        var output = await ReadAllAsync(toClient.Reader);
        if (SmtpReplyChecker.Check(output, ServerName, out var replies) is { } malformed)
        {
            findings.Add(Found(index, "every reply well-formed", malformed, input));
        }

        CheckAcknowledgements(index, input, handler, replies, findings);
        CountOutcomes(handler, replies);
        return findings;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task RunSessionAsync(SmtpSession session, SmtpTransport transport)
    {
        try
        {
            await session.RunAsync();
        }
        finally
        {
            await transport.DisposeAsync();
        }
    }

    private void CountOutcomes(FuzzMessageHandler handler, List<(int Code, string EnhancedCode, string Text)> replies)
    {
        Outcomes.Count("sessions");
        for (var i = 0; i < handler.Calls; i++)
        {
            Outcomes.Count("messages handed to the handler");
        }

        foreach (var (code, enhanced, _) in replies)
        {
            Outcomes.Count(code switch
            {
                221 => "221 bye",
                354 => "354 data",
                421 => $"421 {enhanced}",
                >= 500 => $"{code} {enhanced}",
                >= 400 => $"{code} {enhanced}",
                _ => "2xx/3xx other",
            });
        }
    }

    private static void CheckAcknowledgements(
        long index, byte[] input, FuzzMessageHandler handler, List<(int Code, string EnhancedCode, string Text)> replies, List<Finding> findings)
    {
        var acknowledged = replies
            .Where(reply => reply.Code == 250 && reply.Text.StartsWith(FuzzMessageHandler.AcknowledgementPrefix, StringComparison.Ordinal))
            .Select(reply => reply.Text[FuzzMessageHandler.AcknowledgementPrefix.Length..])
            .ToList();
        var expected = Enumerable.Range(1, handler.Calls).Select(call => call.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!acknowledged.SequenceEqual(expected))
        {
            findings.Add(Found(
                index,
                "one acknowledgement per handler call",
                $"{handler.Calls} handler calls, acknowledgements [{string.Join(',', acknowledged)}]",
                input));
        }

        var foreign = replies.FirstOrDefault(reply => reply.EnhancedCode.StartsWith("2.6.", StringComparison.Ordinal)
            && !reply.Text.StartsWith(FuzzMessageHandler.AcknowledgementPrefix, StringComparison.Ordinal));
        if (foreign != default)
        {
            findings.Add(Found(index, "no acknowledgement without a handler call", $"{foreign.Code} {foreign.EnhancedCode} {foreign.Text}", input));
        }

        foreach (var violation in handler.Violations)
        {
            findings.Add(Found(index, "the handler gets only what passed the protocol checks", violation, input));
        }
    }

    // Most inputs arrive at once; some in up to 8 pieces, so that commands and content straddle reads.
    private static async Task WriteInChunksAsync(PipeWriter writer, byte[] input, Random random)
    {
        var cuts = random.Next(3) == 0 && input.Length > 1
            ? Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(1, input.Length)).Order().Distinct().ToList()
            : [];
        var position = 0;
        foreach (var cut in cuts.Append(input.Length))
        {
            await writer.WriteAsync(input.AsMemory(position, cut - position));
            position = cut;
        }

        await writer.CompleteAsync();
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        using var output = new MemoryStream();
        await reader.CopyToAsync(output);
        await reader.CompleteAsync();
        return output.ToArray();
    }

    private static Finding Found(long index, string invariant, string detail, byte[] input) =>
        new("smtp", index, invariant, detail, Preview.Of(input));

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static SmtpServerOptions Options(bool binaryMime) => new()
    {
        ServerName = ServerName,
        MaxMessageSize = 64 * 1024,
        MaxRecipients = 5,
        MaxBadCommands = 10,
        AllowPlaintextAuthOnLoopback = true,
        EnableBinaryMime = binaryMime,
        InMemoryMessageThreshold = 128 * 1024,
    };

    private static SmtpServices Services(SmtpServerOptions options, ISmtpMessageHandler handler) => new(
        options,
        handler,
        new DelegatingAuthenticator((_, user, password, _) => ValueTask.FromResult(user == "alice" && password == "secret" ? "alice" : null)),
        new AcceptAllTransactionPolicy(),
        new NoServerCertificate(),
        new FrozenTimeProvider(),
        NullLogger.Instance);
}
