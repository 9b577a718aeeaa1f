namespace Relay.Fuzz;

/// <summary>
/// Byte-level mutations applied after the grammar has built an input: flips, inserts of the octets protocols care
/// about (CR, LF, NUL, '.', 0xFF, 0xC0), deletions, duplications and truncation.
/// </summary>
internal static class Mutator
{
    private static readonly byte[] Interesting = [(byte)'\r', (byte)'\n', 0x00, (byte)'.', 0xFF, 0xC0, 0x3F, 0x40, (byte)' ', (byte)':'];

    public static void Mutate(List<byte> bytes, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var position = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(position, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    bytes.Insert(position, (byte)random.Next(256));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(position, Math.Min(bytes.Count - position, 1 + random.Next(8)));
                    break;
                case 4 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - position, 1 + random.Next(32));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(position, length));
                    break;
                case 5 when bytes.Count > 0:
                    bytes[position] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 6 when bytes.Count > 1:
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
            }
        }
    }
}
