using System.Diagnostics.Metrics;
using System.Security.Authentication;

namespace Relay.Smtp;

/// <summary>What the SMTP server measures (meter <c>Relay.Smtp</c>): every reply by class and code, TLS sessions by protocol, AUTH failures.</summary>
internal sealed class SmtpInstruments
{
    private readonly Counter<long> _replies;
    private readonly Counter<long> _tls;
    private readonly Counter<long> _authFailures;

    public SmtpInstruments(IMeterFactory meters)
    {
        var meter = meters.Create("Relay.Smtp");
        _replies = meter.CreateCounter<long>("relay_smtp_replies", description: "SMTP replies sent, by class (2xx, 3xx, 4xx, 5xx) and code.");
        _tls = meter.CreateCounter<long>("relay_smtp_tls_sessions", description: "SMTP sessions that negotiated TLS, by protocol version.");
        _authFailures = meter.CreateCounter<long>("relay_smtp_auth_failures", description: "AUTH attempts with credentials that did not verify.");
    }

    // Every reply passes here: the class labels are constants, not a string made per reply.
    public void Replied(int code) => _replies.Add(1, new("class", (code / 100) switch
    {
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        5 => "5xx",
        _ => "other",
    }), new("code", code));

    public void TlsEstablished(SslProtocols protocol) => _tls.Add(1, new KeyValuePair<string, object?>("protocol", protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    }));

    public void AuthenticationFailed() => _authFailures.Add(1);
}
