using System.Text;

namespace Relay.Fuzz.Smtp;

/// <summary>
/// Makes one client's side of a session from the SMTP grammar (RFC 5321, 3030, 4954, 2920): a pipelined run of
/// commands, right and wrong, with DATA bodies and BDAT chunks, odd line endings, long lines and NUL; then, for some
/// inputs, byte-level mutations on top. Everything is written at once, so commands arrive pipelined.
/// </summary>
internal sealed class SmtpInputGenerator
{
    private static readonly string[] Verbs =
        ["EHLO", "HELO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "NOOP", "QUIT", "VRFY", "HELP", "STARTTLS", "AUTH", "EXPN", "TURN", "ETRN"];

    private static readonly string[] Domains =
        ["client.example", "[192.0.2.1]", "[IPv6:2001:db8::1]", "localhost", "xn--bcher-kva.example", "a", "", "-bad-.example",
         "exa mple", "[300.1.1.1]", "very.long." + new string('d', 70) + ".example", "\u00fcn\u00efcode.example"];

    private static readonly string[] Mailboxes =
        ["user@example.com", "\"quoted local\"@example.com", "postmaster", "a@[192.0.2.7]", "@relay.example:user@example.com",
         "user@", "@example.com", "user@@example.com", "\u00fcser@example.com", "user@example.com>", "<user@example.com", "",
         "x" + new string('l', 70) + "@example.com", "user\u0000@example.com", "user@exa\rmple.com"];

    private static readonly string[] MailParameters =
        ["SIZE=1000", "SIZE=99999999999", "SIZE=-1", "SIZE=", "BODY=8BITMIME", "BODY=7BIT", "BODY=BINARYMIME", "BODY=NONSENSE",
         "SMTPUTF8", "RET=FULL", "ENVID=abc", "AUTH=<>", "SIZE=10 SIZE=20", "X-UNKNOWN=1", "=", "SIZE=1\u0000"];

    private static readonly string[] GoodDomains = ["client.example", "[192.0.2.1]", "mail.example.org"];

    private static readonly string[] GoodMailboxes = ["user@example.com", "\"quoted local\"@example.com", "a@[192.0.2.7]", "postmaster@example.net"];

    private static readonly string[] LineEndings = ["\r\n", "\r\n", "\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r", "\r\r\n", "\n\r"];

    public static byte[] Generate(Random random)
    {
        var output = new List<byte>(512);
        var commands = random.Next(1, 12);
        if (random.Next(4) != 0)
        {
            AppendLine(output, $"{Case(random, "EHLO")} {Pick(random, Domains)}", random);
        }

        for (var i = 0; i < commands; i++)
        {
            // Half the commands open a whole, mostly well-formed transaction, so that content reaches the handler.
            if (random.Next(2) == 0)
            {
                AppendTransaction(output, random);
            }
            else
            {
                AppendCommand(output, random);
            }
        }

        if (random.Next(3) == 0)
        {
            AppendLine(output, "QUIT", random);
        }

        if (random.Next(3) == 0)
        {
            Mutator.Mutate(output, random, 1 + random.Next(6));
        }

        return [.. output];
    }

    private static void AppendCommand(List<byte> output, Random random)
    {
        switch (random.Next(20))
        {
            case 14 when random.Next(3) != 0:
                // Long lines are a small share of inputs but most of their octets: kept rarer than the rest.
                AppendLine(output, Case(random, "NOOP"), random);
                break;
            case 0 or 1 or 2:
                AppendLine(output, $"{Case(random, "MAIL")} FROM:<{Pick(random, Mailboxes)}>{Parameters(random)}", random);
                break;
            case 3 or 4 or 5:
                AppendLine(output, $"{Case(random, "RCPT")} TO:<{Pick(random, Mailboxes)}>{(random.Next(6) == 0 ? " NOTIFY=NEVER" : string.Empty)}", random);
                break;
            case 6 or 7:
                AppendLine(output, Case(random, "DATA"), random);
                AppendBody(output, random);
                break;
            case 8 or 9:
                AppendBdat(output, random);
                break;
            case 10:
                AppendLine(output, $"{Case(random, Pick(random, ["EHLO", "HELO"]))} {Pick(random, Domains)}", random);
                break;
            case 11:
                AppendAuth(output, random);
                break;
            case 12:
                AppendLine(output, Case(random, Pick(random, ["RSET", "NOOP", "HELP", "STARTTLS", "QUIT", "NOOP hello", "RSET x"])), random);
                break;
            case 13:
                AppendLine(output, $"{Case(random, "VRFY")} {Pick(random, Mailboxes)}", random);
                break;
            case 14:
                AppendLine(output, new string('A', LongLength(random)), random);
                break;
            case 15:
                AppendLine(output, $"{Pick(random, Verbs)}{(random.Next(2) == 0 ? " " : string.Empty)}{RandomText(random, random.Next(40))}", random);
                break;
            case 16:
                var garbage = new byte[random.Next(1, 64)];
                random.NextBytes(garbage);
                output.AddRange(garbage);
                output.AddRange("\r\n"u8.ToArray());
                break;
            case 17:
                AppendLine(output, $"MAIL FROM:<{Pick(random, Mailboxes)}> SIZE={random.Next()}", random);
                AppendLine(output, $"RCPT TO:<{Pick(random, Mailboxes)}>", random);
                AppendLine(output, "DATA", random);
                AppendBody(output, random);
                break;
            case 18:
                AppendLine(output, $"MAIL FROM:<{Pick(random, Mailboxes)}> BODY=BINARYMIME", random);
                AppendLine(output, $"RCPT TO:<{Pick(random, Mailboxes)}>", random);
                AppendBdat(output, random);
                break;
            default:
                AppendLine(output, string.Empty, random);
                break;
        }
    }

    private static void AppendTransaction(List<byte> output, Random random)
    {
        var binary = random.Next(6) == 0;
        AppendLine(output, $"MAIL FROM:<{Pick(random, GoodMailboxes)}>{(binary ? " BODY=BINARYMIME" : random.Next(4) == 0 ? " BODY=8BITMIME SIZE=5000" : string.Empty)}", random);
        var recipients = random.Next(1, random.Next(8) == 0 ? 9 : 4);
        for (var i = 0; i < recipients; i++)
        {
            AppendLine(output, $"RCPT TO:<{Pick(random, GoodMailboxes)}>", random);
        }

        if (random.Next(10) == 0)
        {
            AppendLine(output, Pick(random, ["NOOP", "RSET", "VRFY user", "EHLO again.example"]), random);
        }

        if (binary || random.Next(3) == 0)
        {
            var chunks = random.Next(1, 4);
            for (var i = 0; i < chunks; i++)
            {
                var body = new List<byte>();
                AppendBody(body, random);
                var last = i == chunks - 1 ? " LAST" : string.Empty;
                AppendLine(output, $"BDAT {body.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)}{last}", random);
                output.AddRange(body);
            }
        }
        else
        {
            AppendLine(output, "DATA", random);
            AppendBody(output, random);
        }
    }

    private static void AppendBody(List<byte> output, Random random)
    {
        var lines = random.Next(0, 12);
        for (var i = 0; i < lines; i++)
        {
            var line = random.Next(random.Next(2) == 0 ? 10 : 30) switch
            {
                0 => ".",
                1 => "..dot-stuffed",
                2 when random.Next(3) == 0 => new string('x', LongLength(random)),
                3 => "NUL\0inside",
                4 => "8bit: \u00e9\u00e8\u00ff",
                5 => "From: someone@example.com",
                6 => "bare\nLF",
                7 => "bare\rCR",
                8 => string.Empty,
                _ => RandomText(random, random.Next(80)),
            };
            Append(output, line);
            Append(output, random.Next(16) == 0 ? Pick(random, LineEndings) : "\r\n");
        }

        Append(output, random.Next(16) switch
        {
            0 => "\n.\n",
            1 => "\r\n.\n",
            2 => string.Empty,
            3 => ".\r\n",
            _ => "\r\n.\r\n",
        });
    }

    private static void AppendBdat(List<byte> output, Random random)
    {
        var chunk = new byte[random.Next(0, 300)];
        random.NextBytes(chunk);
        var declared = random.Next(6) switch
        {
            0 => chunk.Length + random.Next(1, 20),
            1 => Math.Max(0, chunk.Length - random.Next(1, 20)),
            _ => chunk.Length,
        };
        var suffix = random.Next(3) == 0 ? " LAST" : random.Next(8) == 0 ? " last junk" : string.Empty;
        var size = random.Next(20) == 0 ? Pick(random, ["-1", "99999999999999", "0x10", "", "1 2"]) : declared.ToString(System.Globalization.CultureInfo.InvariantCulture);
        AppendLine(output, $"{Case(random, "BDAT")} {size}{suffix}", random);
        output.AddRange(chunk);
    }

    private static void AppendAuth(List<byte> output, Random random)
    {
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{Pick(random, ["alice", "bob", ""])}\0{Pick(random, ["secret", "wrong", ""])}"));
        switch (random.Next(5))
        {
            case 0:
                AppendLine(output, $"AUTH PLAIN {plain}", random);
                break;
            case 1:
                AppendLine(output, "AUTH PLAIN", random);
                AppendLine(output, random.Next(3) == 0 ? "*" : plain, random);
                break;
            case 2:
                AppendLine(output, "AUTH LOGIN", random);
                AppendLine(output, Convert.ToBase64String("alice"u8.ToArray()), random);
                AppendLine(output, random.Next(2) == 0 ? "*" : Convert.ToBase64String("secret"u8.ToArray()), random);
                break;
            case 3:
                AppendLine(output, $"AUTH {Pick(random, ["CRAM-MD5", "XOAUTH2", "PLAIN =", "LOGIN !!!notbase64", ""])}", random);
                break;
            default:
                AppendLine(output, $"AUTH PLAIN {new string('Q', LongLength(random))}", random);
                break;
        }
    }

    private static string Parameters(Random random)
    {
        var count = random.Next(4) == 0 ? random.Next(1, 4) : 0;
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(' ').Append(Pick(random, MailParameters));
        }

        return text.ToString();
    }

    /// <summary>Around the limits: command lines of 2048 and text lines of 1000 octets, and well past them.</summary>
    private static int LongLength(Random random) => random.Next(6) switch
    {
        0 => 998 + random.Next(-2, 3),
        1 => 2046 + random.Next(-2, 3),
        2 => 510 + random.Next(-2, 3),
        3 => 3000 + random.Next(6000),
        _ => random.Next(100, 3000),
    };

    private static string RandomText(Random random, int length)
    {
        var text = new char[length];
        for (var i = 0; i < length; i++)
        {
            text[i] = random.Next(12) == 0 ? (char)random.Next(0, 256) : (char)random.Next(0x20, 0x7F);
        }

        return new string(text);
    }

    private static string Case(Random random, string verb) => random.Next(5) switch
    {
        0 => verb.ToLowerInvariant(),
        1 => string.Concat(verb.Select((c, i) => i % 2 == 0 ? char.ToLowerInvariant(c) : c)),
        _ => verb,
    };

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];

    private static void AppendLine(List<byte> output, string line, Random random)
    {
        Append(output, line);
        Append(output, random.Next(25) == 0 ? Pick(random, LineEndings) : "\r\n");
    }

    // Latin-1 keeps raw octets (NUL, 0xFF) as they are: every generated char is below 256.
    private static void Append(List<byte> output, string text) => output.AddRange(Encoding.Latin1.GetBytes(text));
}
