using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Relay.Configuration;

namespace Relay.Cli;

/// <summary>
/// <c>relay health</c>: asks Relay itself, by opening an SMTP session on the configured listener and expecting
/// a 220 greeting. Exit code 0 when healthy, for container health checks.
/// </summary>
internal static class HealthCommand
{
    public static async Task<int> RunAsync(LoadedSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var (endPoint, implicitTls) = settings.SubmissionEndPoint is { } submission
            ? (submission, false)
            : (settings.ImplicitTlsEndPoint!, true);
        var target = endPoint.Address.Equals(IPAddress.Any) ? new IPEndPoint(IPAddress.Loopback, endPoint.Port)
            : endPoint.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.IPv6Loopback, endPoint.Port)
            : endPoint;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            using var client = new TcpClient(target.AddressFamily);
            await client.ConnectAsync(target, timeout.Token);
            Stream stream = client.GetStream();
            if (implicitTls)
            {
                // Only liveness is checked here, and the certificate may legitimately be self-signed.
#pragma warning disable CA5359
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
#pragma warning restore CA5359
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
                stream = tls;
            }

            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var greeting = await reader.ReadLineAsync(timeout.Token) ?? string.Empty;
            await stream.WriteAsync("QUIT\r\n"u8.ToArray(), timeout.Token);
            var healthy = greeting.StartsWith("220 ", StringComparison.Ordinal);
            await output.WriteLineAsync(healthy ? $"healthy: {target} {greeting}" : $"unhealthy: {target} answered '{greeting}'");
            return healthy ? 0 : 1;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or AuthenticationException)
        {
            await output.WriteLineAsync($"unhealthy: {target}: {ex.Message}");
            return 1;
        }
    }
}
