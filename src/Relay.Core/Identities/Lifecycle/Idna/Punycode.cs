using System.Text;

namespace Relay.Core.Identities.Lifecycle.Idna;

/// <summary>
/// RFC 3492 Punycode for one label, without IDNA checks of its own: .NET's IdnMapping applies IDNA2003's bidi rule,
/// which refuses labels that IDNA2008 allows (a right-to-left label ending in a digit).
/// </summary>
internal static class Punycode
{
    private const int Base = 36;
    private const int TMin = 1;
    private const int TMax = 26;
    private const int Skew = 38;
    private const int Damp = 700;
    private const int InitialBias = 72;
    private const int InitialN = 0x80;
    private const char Delimiter = '-';

    /// <summary>The Punycode of <paramref name="codePoints"/> (no "xn--" prefix), or null on overflow.</summary>
    public static string? Encode(IReadOnlyList<int> codePoints)
    {
        ArgumentNullException.ThrowIfNull(codePoints);
        var output = new StringBuilder();
        foreach (var c in codePoints.Where(c => c < InitialN))
        {
            output.Append((char)c);
        }

        var basicCount = output.Length;
        var handled = basicCount;
        if (basicCount > 0)
        {
            output.Append(Delimiter);
        }

        int n = InitialN, delta = 0, bias = InitialBias;
        while (handled < codePoints.Count)
        {
            var m = codePoints.Where(c => c >= n).Min();
            if ((long)(m - n) * (handled + 1) + delta > int.MaxValue)
            {
                return null;
            }

            delta += (m - n) * (handled + 1);
            n = m;
            foreach (var c in codePoints)
            {
                if (c < n && ++delta == int.MaxValue)
                {
                    return null;
                }

                if (c != n)
                {
                    continue;
                }

                var q = delta;
                for (var k = Base; ; k += Base)
                {
                    var t = Threshold(k, bias);
                    if (q < t)
                    {
                        break;
                    }

                    output.Append(Digit(t + ((q - t) % (Base - t))));
                    q = (q - t) / (Base - t);
                }

                output.Append(Digit(q));
                bias = Adapt(delta, handled + 1, handled == basicCount);
                delta = 0;
                handled++;
            }

            delta++;
            n++;
        }

        return output.ToString();
    }

    /// <summary>Decodes Punycode (no "xn--" prefix) into code points; false when it is not valid Punycode.</summary>
    public static bool TryDecode(string encoded, out List<int> codePoints)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        codePoints = [];
        var delimiter = encoded.LastIndexOf(Delimiter);
        for (var j = 0; j < Math.Max(delimiter, 0); j++)
        {
            if (encoded[j] >= InitialN)
            {
                return false;
            }

            codePoints.Add(encoded[j]);
        }

        int n = InitialN, i = 0, bias = InitialBias;
        for (var position = delimiter > 0 ? delimiter + 1 : 0; position < encoded.Length;)
        {
            var oldI = i;
            var w = 1;
            for (var k = Base; ; k += Base)
            {
                if (position >= encoded.Length || DigitValue(encoded[position++]) is not { } digit
                    || digit > (int.MaxValue - i) / w)
                {
                    return false;
                }

                i += digit * w;
                var t = Threshold(k, bias);
                if (digit < t)
                {
                    break;
                }

                if (w > int.MaxValue / (Base - t))
                {
                    return false;
                }

                w *= Base - t;
            }

            bias = Adapt(i - oldI, codePoints.Count + 1, oldI == 0);
            if (i / (codePoints.Count + 1) > 0x10FFFF - n)
            {
                return false;
            }

            n += i / (codePoints.Count + 1);
            i %= codePoints.Count + 1;
            if (n is >= 0xD800 and <= 0xDFFF)
            {
                return false;
            }

            codePoints.Insert(i, n);
            i++;
        }

        return true;
    }

    private static int Threshold(int k, int bias) => k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;

    private static char Digit(int d) => (char)(d < 26 ? 'a' + d : '0' + (d - 26));

    private static int? DigitValue(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= 'A' and <= 'Z' => c - 'A',
        >= '0' and <= '9' => c - '0' + 26,
        _ => null,
    };

    private static int Adapt(int delta, int numPoints, bool firstTime)
    {
        delta = firstTime ? delta / Damp : delta / 2;
        delta += delta / numPoints;
        var k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }

        return k + (((Base - TMin + 1) * delta) / (delta + Skew));
    }
}
