using System.Buffers;
using System.Text;

namespace Relay.Smtp.Tests.Grammar;

/// <summary>Runs a grammar method over text, split over several segments to exercise the multi-segment paths.</summary>
internal static class GrammarInput
{
    public delegate bool Production<T>(ref SequenceReader<byte> reader, out T result);

    public delegate bool Recognizer(ref SequenceReader<byte> reader);

    /// <summary>Parses <paramref name="text"/>; returns whether it parsed, the result and what was left unconsumed.</summary>
    public static (bool Parsed, T Result, string Left) Parse<T>(string text, Production<T> production)
    {
        var reader = new SequenceReader<byte>(Segmented(Encoding.UTF8.GetBytes(text)));
        var parsed = production(ref reader, out var result);
        return (parsed, result, Encoding.UTF8.GetString(reader.UnreadSequence));
    }

    public static (bool Parsed, string Left) Recognize(string text, Recognizer recognizer)
    {
        var reader = new SequenceReader<byte>(Segmented(Encoding.UTF8.GetBytes(text)));
        var parsed = recognizer(ref reader);
        return (parsed, Encoding.UTF8.GetString(reader.UnreadSequence));
    }

    // Three-octet segments, so every production meets segment boundaries.
    private static ReadOnlySequence<byte> Segmented(byte[] octets)
    {
        if (octets.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i < octets.Length; i += 3)
        {
            var memory = octets.AsMemory(i, Math.Min(3, octets.Length - i));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
