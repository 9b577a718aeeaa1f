namespace Relay.Smtp.Protocol;

/// <summary>One line read from the client, or why there is none.</summary>
internal readonly record struct InputLine(InputLineStatus Status, ReadOnlyMemory<byte> Content)
{
    public static InputLine Closed { get; } = new(InputLineStatus.Closed, ReadOnlyMemory<byte>.Empty);

    public static InputLine TooLong { get; } = new(InputLineStatus.TooLong, ReadOnlyMemory<byte>.Empty);

    public static InputLine BareLineEnding { get; } = new(InputLineStatus.BareLineEnding, ReadOnlyMemory<byte>.Empty);
}
