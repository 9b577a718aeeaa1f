using System.Globalization;
using System.Text;

namespace Relay.Testing.Dns;

/// <summary>The named.conf and rndc.conf of a private, authoritative-only named on loopback.</summary>
internal static class BindConfigText
{
    public const string KeyName = "harness-rndc";

    /// <summary>
    /// The options block every private named of the tests shares: its files in <paramref name="directory"/>, loopback
    /// IPv4 on <paramref name="port"/> only, no recursion, no NOTIFY, no transfers out; <paramref name="extra"/> lines inside.
    /// </summary>
    public static string LoopbackOptions(string directory, int port, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            options {
              directory "{{directory}}";
              pid-file "{{directory}}/named.pid";
              session-keyfile "{{directory}}/session.key";
              managed-keys-directory "{{directory}}";
              listen-on port {{port}} { 127.0.0.1; };
              listen-on-v6 { none; };
              recursion no;
              dnssec-validation no;
              notify no;
              allow-transfer { none; };

            """) + extra + "};\n";

    public static string Named(string directory, int port, int controlPort, string secret, IEnumerable<(string Apex, string File)> zones)
    {
        var text = new StringBuilder();
        text.Append(LoopbackOptions(directory, port, "  // Customers' DNS providers accept underscores anywhere (and tests need them at A records too).\n  check-names primary ignore;\n"));
        text.Append(CultureInfo.InvariantCulture, $$"""
            key "{{KeyName}}" { algorithm hmac-sha256; secret "{{secret}}"; };
            controls { inet 127.0.0.1 port {{controlPort}} allow { 127.0.0.1; } keys { "{{KeyName}}"; }; };

            """);
        foreach (var (apex, file) in zones)
        {
            text.Append(CultureInfo.InvariantCulture, $"zone \"{apex}\" {{ type primary; file \"{file}\"; }};\n");
        }

        return text.ToString();
    }

    public static string Rndc(int controlPort, string secret) => $$"""
        key "{{KeyName}}" { algorithm hmac-sha256; secret "{{secret}}"; };
        options { default-key "{{KeyName}}"; default-server 127.0.0.1; default-port {{controlPort}}; };

        """;
}
