namespace Relay.Smtp.Grammar;

/// <summary>One esmtp-param of MAIL FROM or RCPT TO; <see cref="Value"/> is null for a keyword without "=".</summary>
internal readonly record struct EsmtpParameter(string Keyword, string? Value);
