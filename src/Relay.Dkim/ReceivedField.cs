namespace Relay.Dkim;

/// <summary>One header field of a received message: its name as written and its exact bytes, CRLF included.</summary>
/// <param name="Name">The field name, without the white space an obsolete form may put before the colon.</param>
/// <param name="Bytes">The whole field as received: name, colon, value, folding, and its final CRLF when it has one.</param>
internal sealed record ReceivedField(string Name, ReadOnlyMemory<byte> Bytes);
