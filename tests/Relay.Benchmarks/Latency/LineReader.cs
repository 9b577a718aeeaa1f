using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Relay.Benchmarks.Latency;

/// <summary>Reads CRLF- (or LF-) terminated lines from a pipe, as ASCII without the line end; null at the end of the stream.</summary>
internal sealed class LineReader(PipeReader reader)
{
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } end)
            {
                var line = buffer.Slice(0, end);
                var text = Encoding.ASCII.GetString(line.IsSingleSegment ? line.FirstSpan : line.ToArray()).TrimEnd('\r');
                reader.AdvanceTo(buffer.GetPosition(1, end));
                return text;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }
}
