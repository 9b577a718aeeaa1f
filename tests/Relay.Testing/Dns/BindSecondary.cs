using System.Net;

namespace Relay.Testing.Dns;

/// <summary>
/// A private BIND 9 <c>named</c> (Debian package bind9) on 127.0.0.1 that is a secondary of one zone: it transfers the
/// zone from the primary given, signing with the TSIG key given (hmac-sha256), and refreshes when NOTIFY comes.
/// Runs in the foreground without <c>-u</c>; disposing kills it and deletes its temp folder.
/// </summary>
public sealed class BindSecondary : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _directory;
    private readonly string _dig;
    private DaemonProcess? _named;

    private BindSecondary(DirectoryInfo directory, string dig, int port)
    {
        _directory = directory;
        _dig = dig;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    /// <summary>Where named answers, on UDP and TCP.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>What named printed so far, for failure messages.</summary>
    public string Log => _named?.Output ?? string.Empty;

    /// <summary>
    /// Starts named on <paramref name="port"/> (from <see cref="LoopbackPorts.FindFree"/>: the primary must know it
    /// before, to send NOTIFY there) and returns once it listens; the first transfer may still be under way. Skips the
    /// test without bind9/dnsutils by hand, fails it under CI.
    /// </summary>
    public static async Task<BindSecondary> StartAsync(
        int port, string zone, IPEndPoint primary, string keyName, string base64Secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var named = ExternalTool.Require("/usr/sbin/named", "bind9");
        var dig = ExternalTool.Require("/usr/bin/dig", "dnsutils");
        var secondary = new BindSecondary(Directory.CreateTempSubdirectory("relay-named-secondary-"), dig, port);
        try
        {
            var config = Path.Combine(secondary._directory.FullName, "named.conf");
            await File.WriteAllTextAsync(
                config,
                BindSecondaryConfigText.Render(secondary._directory.FullName, port, zone.TrimEnd('.'), primary, keyName, base64Secret),
                cancellationToken);

            // -g: foreground, log to stderr; -4: IPv4 only; -n 1: one worker (the machine is shared); no -u: no setuid.
            secondary._named = DaemonProcess.Start(named, ["-g", "-4", "-n", "1", "-c", config], secondary._directory.FullName);
            var process = secondary._named;
            var listening = $"listening on IPv4 interface lo, 127.0.0.1#{port}";
            var ready = await Poll.UntilAsync(
                () => Task.FromResult(process.HasExited || process.Output.Contains("running", StringComparison.Ordinal)),
                StartLimit,
                cancellationToken);
            if (!ready || process.HasExited || !process.Output.Contains(listening, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"named (secondary) did not start on 127.0.0.1#{port}.\n{process.Output}");
            }

            return secondary;
        }
        catch
        {
            await secondary.DisposeAsync();
            throw;
        }
    }

    /// <summary>The zone's SOA serial as named serves it now, or null when it serves none (not transferred yet).</summary>
    public Task<uint?> SerialAsync(string zone) => SoaSerialProbe.QueryAsync(_dig, EndPoint, zone.TrimEnd('.'));

    /// <summary>True as soon as named serves serial <paramref name="serial"/>; false after <paramref name="limit"/>.</summary>
    public Task<bool> WaitForSerialAsync(string zone, uint serial, TimeSpan limit, CancellationToken cancellationToken) =>
        Poll.UntilAsync(async () => await SerialAsync(zone) == serial, limit, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_named is not null)
        {
            await _named.DisposeAsync();
            _named = null;
        }

        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying daemon: the temp folder is left behind rather than failing the test.
        }
    }
}
