using System.Text.Json;
using Microsoft.Extensions.Logging;
using Relay.Hosting;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Display;

namespace Relay.Host.Tests;

/// <summary>The console line, rendered with the shipped template: session and message ids come from the scope.</summary>
public sealed class LogIdsTests
{
    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, Exception?> TlsEstablished =
        LoggerMessage.Define<string>(LogLevel.Information, default, "TLS established: {Protocol}");

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, Exception?> Signing =
        LoggerMessage.Define<string>(LogLevel.Information, default, "Signing with {Selector}");

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, Exception?> Spooled =
        LoggerMessage.Define<string>(LogLevel.Information, default, "Message {MessageId} spooled");

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, Exception?> Listening =
        LoggerMessage.Define<string>(LogLevel.Information, default, "SMTP listening on {EndPoint}");

    [Test]
    public void A_session_line_names_the_session_and_a_line_inside_a_message_names_both()
    {
        var lines = Render(logger =>
        {
            using (logger.BeginScope("SmtpSession:{SessionId}", "5e55"))
            {
                TlsEstablished(logger, "Tls13", null);
                using (logger.BeginScope(new Dictionary<string, object> { ["MessageId"] = "0190abcd" }))
                {
                    Signing(logger, "s1", null);
                    Spooled(logger, "0190abcd", null);
                }
            }

            Listening(logger, "127.0.0.1:2587", null);
        });

        Assert.That(lines, Is.EqualTo(new[]
        {
            "INF Test [session 5e55]: TLS established: Tls13",
            "INF Test [session 5e55 message 0190abcd]: Signing with s1",
            "INF Test [session 5e55]: Message 0190abcd spooled",
            "INF Test: SMTP listening on 127.0.0.1:2587",
        }));
    }

    private static List<string> Render(Action<Microsoft.Extensions.Logging.ILogger> write)
    {
        var sink = new RenderingSink(ShippedTemplate().Replace("{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} ", string.Empty, StringComparison.Ordinal));
        using (var serilog = new LoggerConfiguration().Enrich.FromLogContext().Enrich.With<LogIdsEnricher>().WriteTo.Sink(sink).CreateLogger())
        using (var factory = new SerilogLoggerFactory(serilog))
        {
            write(factory.CreateLogger("Test"));
        }

        return sink.Lines;
    }

    private static string ShippedTemplate()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        return settings.RootElement.GetProperty("Serilog").GetProperty("WriteTo")[0].GetProperty("Args").GetProperty("outputTemplate").GetString()!;
    }

    private sealed class RenderingSink(string template) : ILogEventSink
    {
        private readonly MessageTemplateTextFormatter _formatter = new(template);

        public List<string> Lines { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            using var writer = new StringWriter();
            _formatter.Format(logEvent, writer);
            Lines.Add(writer.ToString().TrimEnd());
        }
    }
}
