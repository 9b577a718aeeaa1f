using System.Globalization;
using System.Net;

namespace Relay.Testing.Dns;

/// <summary>The named.conf of a private named that is a secondary of one zone, transferring it with a TSIG key.</summary>
internal static class BindSecondaryConfigText
{
    public static string Render(string directory, int port, string zone, IPEndPoint primary, string keyName, string secret) =>
        BindConfigText.LoopbackOptions(directory, port) + string.Create(CultureInfo.InvariantCulture, $$"""
            key "{{keyName}}" { algorithm hmac-sha256; secret "{{secret}}"; };
            zone "{{zone}}" {
              type secondary;
              primaries { {{primary.Address}} port {{primary.Port}} key "{{keyName}}"; };
              file "{{directory}}/{{zone}}.secondary";
            };

            """);
}
