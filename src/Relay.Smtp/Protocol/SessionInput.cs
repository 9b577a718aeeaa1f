using System.Buffers;
using System.IO.Pipelines;
using Relay.Smtp.Grammar;

namespace Relay.Smtp.Protocol;

/// <summary>
/// Everything a session reads: command lines under the command timeout, DATA and BDAT content under the data
/// timeout. Replies are flushed just before the session would wait for input (RFC 2920).
/// </summary>
internal sealed class SessionInput
{
    private readonly SmtpTransport _transport;
    private readonly SmtpServerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationToken _stopping;
    private readonly CancellationToken _aborted;
    private readonly CancellationToken _evicted;
    private readonly ArrayBufferWriter<byte> _decoded = new();

    // Set when the buffered input has been examined in full without finding what was wanted.
    private bool _needMoreInput;

    // Set while skipping the rest of an over-long command line.
    private bool _skippingLongLine;

    // Set when part of a command line has arrived (or is being skipped) but not its end.
    private bool _lineStarted;

    public SessionInput(
        SmtpTransport transport,
        SmtpServerOptions options,
        TimeProvider timeProvider,
        SessionDeadlines deadlines,
        CancellationToken evicted,
        CancellationToken stopping,
        CancellationToken aborted)
    {
        _transport = transport;
        _options = options;
        _timeProvider = timeProvider;
        Deadlines = deadlines;
        _evicted = evicted;
        _stopping = stopping;
        _aborted = aborted;
    }

    /// <summary>The session-wide clocks the command reads run under.</summary>
    public SessionDeadlines Deadlines { get; }

    /// <summary>
    /// Reads one command line under <see cref="SmtpServerOptions.CommandTimeout"/>, or less when a session-wide
    /// deadline comes first; once part of the line is in, the rest must follow within
    /// <see cref="SmtpServerOptions.CommandLineTimeout"/>.
    /// </summary>
    /// <param name="idle">True at the command prompt outside a transaction: server shutdown then ends the session.</param>
    public async ValueTask<InputLine> ReadLineAsync(bool idle)
    {
        if (idle && _stopping.IsCancellationRequested)
        {
            throw new SessionTerminatedException(SmtpReplies.ShuttingDown, "server shutting down");
        }

        if (_evicted.IsCancellationRequested)
        {
            throw Evicted();
        }

        var now = _timeProvider.GetUtcNow();
        var deadline = Deadlines.ForCommand(now, _options.CommandTimeout);
        if (deadline.At <= now)
        {
            throw deadline.Expired();
        }

        // Created before the flush inside ReadAsync, so the clock runs from before the client sees the reply.
        using var timeout = new CancellationTokenSource(deadline.At - now, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            [timeout.Token, _aborted, _evicted, idle ? _stopping : CancellationToken.None]);
        var lineBudgetSet = false;
        try
        {
            while (true)
            {
                var result = await ReadAsync(linked.Token);
                if (TryTakeLine(result, out var line))
                {
                    Deadlines.FirstLineReceived();
                    return line;
                }

                if (_lineStarted && !lineBudgetSet)
                {
                    // Armed once, at the line's first octets: a client that trickles octets cannot extend it.
                    lineBudgetSet = true;
                    var started = _timeProvider.GetUtcNow();
                    if (started + _options.CommandLineTimeout < deadline.At)
                    {
                        deadline = new SessionDeadline(started + _options.CommandLineTimeout, SmtpReplies.Timeout, "command line timeout");
                        timeout.CancelAfter(_options.CommandLineTimeout);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!_aborted.IsCancellationRequested && linked.IsCancellationRequested)
        {
            throw timeout.IsCancellationRequested ? deadline.Expired()
                : _evicted.IsCancellationRequested ? Evicted()
                : new SessionTerminatedException(SmtpReplies.ShuttingDown, "server shutting down");
        }
    }

    private static SessionTerminatedException Evicted() =>
        new(SmtpReplies.ReservedForAuthenticated, "reserved slot taken by a newer connection before this one authenticated");

    /// <summary>Reads DATA content up to CRLF.CRLF under <see cref="SmtpServerOptions.DataTimeout"/>.</summary>
    public async ValueTask ReceiveDataAsync(MessageContentDecoder decoder, MessageBuffer buffer)
    {
        using var timeout = new CancellationTokenSource(_options.DataTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _aborted);
        try
        {
            while (true)
            {
                var result = await ReadAsync(linked.Token);
                var ended = decoder.Decode(result.Buffer, _decoded, out var consumed);
                _transport.Input.AdvanceTo(consumed);
                await StoreDecodedAsync(decoder, buffer, linked.Token);
                if (ended)
                {
                    return;
                }

                if (result.IsCompleted)
                {
                    throw new SessionTerminatedException(null, "connection closed during DATA");
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_aborted.IsCancellationRequested)
        {
            throw new SessionTerminatedException(SmtpReplies.Timeout, "data timeout");
        }
    }

    /// <summary>
    /// Reads exactly <paramref name="octets"/> octets of a BDAT chunk under <see cref="SmtpServerOptions.DataTimeout"/>,
    /// into <paramref name="content"/>, or discarding them when it is null (a refused BDAT must still be consumed).
    /// </summary>
    public async ValueTask ReceiveChunkAsync(long octets, ChunkedContent? content)
    {
        using var timeout = new CancellationTokenSource(_options.DataTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _aborted);
        try
        {
            var remaining = octets;
            while (remaining > 0)
            {
                var result = await ReadAsync(linked.Token);
                var chunk = result.Buffer.Length > remaining ? result.Buffer.Slice(0, remaining) : result.Buffer;
                content?.Decoder.Decode(chunk, _decoded, out _);
                _transport.Input.AdvanceTo(chunk.End);
                remaining -= chunk.Length;
                if (content is not null)
                {
                    await StoreDecodedAsync(content.Decoder, content.Buffer, linked.Token);
                }

                if (remaining > 0 && result.IsCompleted)
                {
                    throw new SessionTerminatedException(null, "connection closed during BDAT");
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_aborted.IsCancellationRequested)
        {
            throw new SessionTerminatedException(SmtpReplies.Timeout, "data timeout");
        }
    }

    /// <summary>Ends a BDAT sequence's content (see <see cref="MessageContentDecoder.Complete"/>).</summary>
    public async ValueTask CompleteChunksAsync(ChunkedContent content)
    {
        content.Decoder.Complete(_decoded);
        await StoreDecodedAsync(content.Decoder, content.Buffer, _aborted);
    }

    /// <summary>Forgets the framing state of the plaintext pipes after a TLS handshake.</summary>
    public void Reset()
    {
        _needMoreInput = false;
        _skippingLongLine = false;
        _lineStarted = false;
    }

    private bool TryTakeLine(ReadResult result, out InputLine line)
    {
        var input = _transport.Input;
        var buffer = result.Buffer;
        _lineStarted = _skippingLongLine || !buffer.IsEmpty;
        if (_skippingLongLine)
        {
            var lineFeed = buffer.PositionOf(SmtpCharacters.LineFeed);
            if (lineFeed is { } position)
            {
                input.AdvanceTo(buffer.GetPosition(1, position));
                _skippingLongLine = false;
                line = InputLine.TooLong;
                return true;
            }

            input.AdvanceTo(buffer.End);
            line = InputLine.Closed;
            return result.IsCompleted;
        }

        switch (LineFramer.TryFrame(buffer, _options.MaxCommandLineLength, out var framed))
        {
            case LineFrame.Complete:
                var bytes = framed.ToArray();
                input.AdvanceTo(framed.End);
                line = LineFramer.Classify(bytes, _options.BareLineEndings);
                return true;

            case LineFrame.TooLong:
                // Reply once the rest of the line has been skipped, so each line still gets one reply, in order.
                input.AdvanceTo(buffer.GetPosition(_options.MaxCommandLineLength));
                _skippingLongLine = true;
                line = default;
                return false;

            default:
                input.AdvanceTo(buffer.Start, buffer.End);
                _needMoreInput = true;
                line = InputLine.Closed;
                return result.IsCompleted;
        }
    }

    // Uses what is already buffered when that may hold more; otherwise flushes pending replies and waits.
    private async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        var input = _transport.Input;
        if (!_needMoreInput && input.TryRead(out var buffered))
        {
            return buffered;
        }

        await _transport.FlushAsync(cancellationToken);
        _needMoreInput = false;
        return await input.ReadAsync(cancellationToken);
    }

    private async ValueTask StoreDecodedAsync(MessageContentDecoder decoder, MessageBuffer buffer, CancellationToken cancellationToken)
    {
        if (decoder.Violations == ContentViolations.None)
        {
            await buffer.WriteAsync(_decoded.WrittenMemory, cancellationToken);
        }

        _decoded.ResetWrittenCount();
    }
}
