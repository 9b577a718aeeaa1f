namespace Relay.Testing;

/// <summary>A message as aiosmtpd received it: envelope, MAIL parameters and the bytes after dot-unstuffing.</summary>
/// <param name="MailFrom">The reverse-path as aiosmtpd reports it ("&lt;&gt;" for the null sender).</param>
public sealed record AiosmtpdMessage(string MailFrom, IReadOnlyList<string> MailOptions, IReadOnlyList<string> RcptTos, byte[] Content);
