using System.Globalization;
using System.Text;
using Relay.Core.Identities.Lifecycle.Idna;
using Relay.Testing;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// Relay's IDNA2008 check is never laxer than python3-idna's: every name Relay accepts, python3-idna accepts too and
/// encodes to the same A-label. Swept over every BMP code point alone, after a left-to-right and after a
/// right-to-left letter, and over hand-picked names.
/// </summary>
public sealed class IdnaPeerAgreementTests
{
    private static readonly string[] Chosen =
    [
        "\u202Eexample.test", "xn--example-z76c.test", "exa\u200Dmple.test", "exa\u200Cmple.test", "ex\u00ADample.test",
        "e\u0301xample.test", "a\u05D0.test", "1\u05D0.test", "\u05D01.test", "\u0627\u0661\u0031.test", "\u0661\u06F1.test",
        "Exämple.test", "bücher.example", "xn--bcher-kva.example", "日本.test", "l\u00B7l.test", "l\u00B7a.test",
        "\u0BA4\u0BAE\u0BBF\u0BB4\u0BCD.test", "\u0921\u093C.test", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645.test",
        "\u0915\u094D\u200D\u0937.test", "\u05E2\u05D1\u05E8\u05D9\u05EA.test", "example.\u05E2\u05D1\u05E8\u05D9\u05EA",
        "\u03B1\u0375\u03B2.test", "a\u0375b.test", "\u05D0\u05F3.test", "\u30A2\u30FB\u30A4.test", "a\u30FBb.test",
        "ab--cd.test", "xn--zz.test", "xn--a.test", "a\u0308\u0323.test", "a\u0323\u0308.test", "\u1100\u1161.test",
    ];

    [Test]
    public async Task Every_name_relay_accepts_python3_idna_accepts_and_encodes_the_same()
    {
        var names = Chosen.Concat(CodePointSweep()).ToList();

        var python = await PythonIdna.EncodeAllAsync(names);

        var laxer = new List<string>();
        var stricter = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var relay = IdnaDomain.ToAscii(names[i], out _);
            if (relay is not null && relay != python[i])
            {
                laxer.Add($"{Escape(names[i])}: Relay {relay}, python3-idna {python[i] ?? "refuses"}");
            }
            else if (relay is null && python[i] is not null)
            {
                stricter++;
            }
        }

        TestContext.Out.WriteLine($"{names.Count} names; Relay refuses {stricter} that python3-idna accepts (UTS 46 mappings, and the ZWNJ and bidi rules read strictly)");
        Assert.That(laxer, Is.Empty);
    }

    [Test]
    public async Task The_issues_bidi_control_names_are_refused_by_both()
    {
        string[] names = ["\u202Eexample.test", "xn--example-z76c.test", "exa\u202Dmple.test", "ex\u2067ample.test", "ex\u200Fample.test"];

        var python = await PythonIdna.EncodeAllAsync(names);

        Assert.That(python, Is.All.Null, "python3-idna refuses them");
        Assert.That(names.Select(n => IdnaDomain.ToAscii(n, out _)), Is.All.Null, "Relay refuses them");
    }

    private static IEnumerable<string> CodePointSweep()
    {
        for (var c = 0x21; c <= 0xFFFF; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF || c == '.')
            {
                continue;
            }

            var text = char.ConvertFromUtf32(c);
            yield return $"{text}.test";
            yield return $"a{text}.test";
            yield return $"\u05D0{text}.test";
        }
    }

    private static string Escape(string name) =>
        string.Concat(name.EnumerateRunes().Select(r => r.Value < 0x80 ? r.ToString() : string.Create(CultureInfo.InvariantCulture, $"\\u{r.Value:X4}")));
}
