using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Relay.Api.Errors;
using Relay.Api.Http;
using Relay.Core.Accounts;

namespace Relay.Api.Authentication;

/// <summary>
/// Verifies AWS Signature Version 4 on a request as received, the way SES does: service <c>ses</c>, the configured
/// region (or any), signing time within the allowed skew, the headers the client chose to sign, the double-encoded
/// path, and the body through its SHA-256. Refusals carry SES's error codes; nothing about the expected signature
/// is disclosed.
/// </summary>
internal sealed class SigV4Verifier(IAccessKeyStore keys, SesApiOptions options, TimeProvider timeProvider)
{
    public const string Service = "ses";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>Both steps on a request whose body is already in memory.</summary>
    public async Task<SigV4Result> VerifyAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = await CheckHeadersAsync(request, cancellationToken);
        return check.Head is { } head
            ? VerifyPayload(request, head, CanonicalRequest.Hash(request.Body))
            : SigV4Result.Refused(check.Error!);
    }

    /// <summary>
    /// Everything that can be checked from the headers alone, the access key included, so that a request from someone
    /// without a key is refused before a byte of its body is read.
    /// </summary>
    public async Task<SignedHeadCheck> CheckHeadersAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Header("Authorization") is not { } authorization)
        {
            return SignedHeadCheck.Refused(SesErrors.MissingAuthenticationToken());
        }

        if (!AuthorizationHeader.TryParse(authorization, out var header, out var problem))
        {
            return SignedHeadCheck.Refused(SesErrors.IncompleteSignature(problem));
        }

        if (ScopeProblem(header!) is { } scopeError)
        {
            return SignedHeadCheck.Refused(scopeError);
        }

        if (!RequestTimestamp.TryRead(request, out var timestamp))
        {
            return SignedHeadCheck.Refused(SesErrors.IncompleteSignature(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header in basic ISO 8601 or RFC 1123 form."));
        }

        if (timestamp!.Date != header!.ScopeDate)
        {
            return SignedHeadCheck.Refused(SesErrors.SignatureDoesNotMatch(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP."));
        }

        if (TimeProblem(timestamp) is { } timeError)
        {
            return SignedHeadCheck.Refused(timeError);
        }

        if (HeaderListProblem(request, header) is { } headerError)
        {
            return SignedHeadCheck.Refused(headerError);
        }

        // Relay issues no temporary credentials, so a session token names nothing it knows.
        if (request.Header("X-Amz-Security-Token") is not null)
        {
            return SignedHeadCheck.Refused(SesErrors.InvalidClientTokenId());
        }

        // The body carries the action and its parameters, so it must be signed.
        if (request.Header("X-Amz-Content-Sha256")?.Trim() == UnsignedPayload)
        {
            return SignedHeadCheck.Refused(SesErrors.SignatureDoesNotMatch("Unsigned payloads are not accepted."));
        }

        var key = await keys.FindAsync(header.AccessKeyId, cancellationToken);
        return key is { IsActive: true }
            ? SignedHeadCheck.Passed(new SignedHead(key, header, timestamp))
            : SignedHeadCheck.Refused(SesErrors.InvalidClientTokenId());
    }

    /// <summary>The rest, once the body has been read: its hash and the signature over the canonical request.</summary>
    /// <param name="request">The request; its body is not looked at, <paramref name="bodyHash"/> stands for it.</param>
    /// <param name="head">What <see cref="CheckHeadersAsync"/> found.</param>
    /// <param name="bodyHash">Lower-case hex SHA-256 of the body as received.</param>
    public static SigV4Result VerifyPayload(ApiRequest request, SignedHead head, string bodyHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(head);
        var (key, header, timestamp) = head;
        if (request.Header("X-Amz-Content-Sha256") is { } declared && !string.Equals(declared.Trim(), bodyHash, StringComparison.OrdinalIgnoreCase))
        {
            return SigV4Result.Refused(SesErrors.SignatureDoesNotMatch("The provided 'x-amz-content-sha256' header does not match what was computed."));
        }

        var canonical = CanonicalRequest.Build(request, header.SignedHeaderNames, header.SignedHeaders, bodyHash);
        var scope = $"{header.ScopeDate}/{header.Region}/{header.Service}/{SigV4Keys.Terminator}";
        var stringToSign = $"{AuthorizationHeader.Algorithm}\n{timestamp.Text}\n{scope}\n{CanonicalRequest.Hash(Encoding.UTF8.GetBytes(canonical))}";
        var expected = SigV4Keys.Hmac(SigV4Keys.SigningKey(key.Secret, header.ScopeDate, header.Region, header.Service), stringToSign);
        return Matches(header.Signature, expected)
            ? SigV4Result.Verified(key)
            : SigV4Result.Refused(SesErrors.SignatureDoesNotMatch(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."));
    }

    private ApiError? ScopeProblem(AuthorizationHeader header)
    {
        if (header.Service != Service)
        {
            return SesErrors.SignatureDoesNotMatch($"Credential should be scoped to correct service: '{Service}'.");
        }

        return options.AcceptAnyRegion || string.Equals(header.Region, options.Region, StringComparison.Ordinal)
            ? null
            : SesErrors.SignatureDoesNotMatch($"Credential should be scoped to a valid region, not '{header.Region}'.");
    }

    private ApiError? TimeProblem(RequestTimestamp timestamp)
    {
        var now = timeProvider.GetUtcNow();
        var skew = options.MaxClockSkew;
        if (timestamp.Time < now - skew)
        {
            return SesErrors.RequestExpired(string.Create(CultureInfo.InvariantCulture,
                $"Request has expired: signed at {timestamp.Text}, which is earlier than {(now - skew).UtcDateTime.ToString(RequestTimestamp.BasicFormat, CultureInfo.InvariantCulture)} ({now.UtcDateTime.ToString(RequestTimestamp.BasicFormat, CultureInfo.InvariantCulture)} - {skew.TotalMinutes} min.)."));
        }

        return timestamp.Time > now + skew
            ? SesErrors.RequestExpired(string.Create(CultureInfo.InvariantCulture,
                $"Signature not yet current: {timestamp.Text} is still later than {(now + skew).UtcDateTime.ToString(RequestTimestamp.BasicFormat, CultureInfo.InvariantCulture)}."))
            : null;
    }

    /// <summary>The host and the signing time must be signed, or the signature could be replayed elsewhere or later.</summary>
    private static ApiError? HeaderListProblem(ApiRequest request, AuthorizationHeader header)
    {
        var names = header.SignedHeaderNames;
        if (names.Any(name => name.Length == 0 || name.Any(char.IsAsciiLetterUpper)))
        {
            return SesErrors.IncompleteSignature("SignedHeaders must be lower-case header names separated by ';'.");
        }

        if (!names.Contains("host"))
        {
            return SesErrors.IncompleteSignature("SignedHeaders must include the host header.");
        }

        var timeHeader = request.Header("X-Amz-Date") is not null ? "x-amz-date" : "date";
        return names.Contains(timeHeader)
            ? null
            : SesErrors.IncompleteSignature($"SignedHeaders must include the {timeHeader} header.");
    }

    private static bool Matches(string providedHex, byte[] expected)
    {
        if (providedHex.Length != expected.Length * 2)
        {
            return false;
        }

        byte[] provided;
        try
        {
            provided = Convert.FromHexString(providedHex);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(provided, expected);
    }
}
