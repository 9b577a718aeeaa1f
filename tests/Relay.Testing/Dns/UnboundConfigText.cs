using System.Globalization;
using System.Text;

namespace Relay.Testing.Dns;

/// <summary>The unbound.conf of a private recursive resolver on loopback that reaches test zones through stub zones.</summary>
internal static class UnboundConfigText
{
    public static string Render(string directory, int port, IEnumerable<StubZone> stubs)
    {
        var text = new StringBuilder();

        // username/chroot empty: stay the test's user and see the temp folder; module "iterator" alone: no DNSSEC
        // validation; cache TTLs of one second and flush_zone through the control socket: removed records vanish.
        text.Append(CultureInfo.InvariantCulture, $"""
            server:
              interface: 127.0.0.1
              port: {port}
              do-ip6: no
              do-daemonize: no
              username: ""
              chroot: ""
              directory: "{directory}"
              pidfile: "{directory}/unbound.pid"
              use-syslog: no
              logfile: ""
              verbosity: 1
              num-threads: 1
              so-reuseport: no
              msg-cache-size: 1m
              rrset-cache-size: 1m
              do-not-query-localhost: no
              module-config: "iterator"
              cache-min-ttl: 0
              cache-max-ttl: 1
              cache-max-negative-ttl: 1
              infra-host-ttl: 1
              prefetch: no
              serve-expired: no
              local-zone: "test." nodefault
              local-zone: "invalid." nodefault
            remote-control:
              control-enable: yes
              control-interface: "{directory}/unbound.ctl"

            """);
        foreach (var stub in stubs)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                stub-zone:
                  name: "{stub.Apex}"
                  stub-addr: {stub.Server.Address}@{stub.Server.Port}

                """);
        }

        return text.ToString();
    }
}
