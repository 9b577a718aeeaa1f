using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Ingestion;

namespace Relay.Identities;

/// <summary>
/// Announces identity changes by e-mail to the account's contact and to the webhook, and mails confirmation links.
/// Mail goes through Relay itself with the provider signature. A failed notice is logged, never fatal.
/// </summary>
internal sealed partial class IdentityNotifier : IIdentityNotifier
{
    private readonly IAccountStore _accounts;
    private readonly ISystemMessageSubmission _submission;
    private readonly HttpClient _http;
    private readonly NotificationSettings _settings;
    private readonly NoticeMessages _messages;
    private readonly string _fromAddress;
    private readonly TimeProvider _time;
    private readonly ILogger<IdentityNotifier> _logger;

    public IdentityNotifier(
        IAccountStore accounts,
        ISystemMessageSubmission submission,
        HttpClient http,
        LoadedSettings settings,
        TimeProvider time,
        ILogger<IdentityNotifier> logger)
    {
        _accounts = accounts;
        _submission = submission;
        _http = http;
        _settings = settings.Relay.Notifications;
        _fromAddress = string.IsNullOrWhiteSpace(_settings.FromAddress) ? $"no-reply@{settings.Relay.Provider.Domain}" : _settings.FromAddress;
        _messages = new NoticeMessages(_fromAddress, settings.Smtp.ServerName, time);
        _time = time;
        _logger = logger;
    }

    public async Task PublishAsync(IdentityEvent identityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identityEvent);
        if (_settings.EmailContacts
            && await _accounts.FindAccountByIdAsync(identityEvent.Identity.AccountId, cancellationToken) is { ContactAddress: { Length: > 0 } contact })
        {
            await MailAsync(_messages.StatusChange(identityEvent, contact), contact, cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(_settings.WebhookUrl))
        {
            await CallWebhookAsync(identityEvent, cancellationToken);
        }
    }

    public Task SendConfirmationAsync(Identity identity, Uri link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return MailAsync(_messages.Confirmation(identity, link), identity.Name, cancellationToken);
    }

    private async Task MailAsync(MimeKit.MimeMessage message, string to, CancellationToken cancellationToken)
    {
        await using var content = await WireFormat.ToStreamAsync(message, cancellationToken);
        try
        {
            var result = await _submission.SubmitAsync(_fromAddress, [to], content, cancellationToken);
            if (result.Outcome != IngestionOutcome.Accepted)
            {
                LogMailFailed(to, result.ReplyCode, result.Text);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The submission path spans signing, spool and next hop, each with its own failures; none of them may stop
            // the verifier that announces the change, nor the webhook after it.
            LogMailThrew(ex, to);
        }
    }

    private async Task CallWebhookAsync(IdentityEvent identityEvent, CancellationToken cancellationToken)
    {
        var identity = identityEvent.Identity;
        var payload = new WebhookPayload(
            identity.AccountId,
            identity.Name,
            identityEvent.Kind.ToString(),
            identityEvent.From is { } from ? SesNames.Status(from) : null,
            identityEvent.To is { } to ? SesNames.Status(to) : null,
            SesNames.Status(identity.DkimStatus),
            SesNames.Status(identity.VerificationStatus),
            identityEvent.Message,
            _time.GetUtcNow());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.WebhookTimeout);
        try
        {
            using var response = await _http.PostAsJsonAsync(_settings.WebhookUrl, payload, WebhookJson.Default.WebhookPayload, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogWebhookFailed(_settings.WebhookUrl, $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogWebhookFailed(_settings.WebhookUrl, ex.Message);
        }
    }

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Notice to {To} was not accepted: {Code} {Text}")]
    private partial void LogMailFailed(string to, int code, string text);

    [LoggerMessage(EventId = 407, Level = LogLevel.Warning, Message = "Notice to {To} could not be submitted")]
    private partial void LogMailThrew(Exception exception, string to);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "Webhook {Url} failed: {Problem}")]
    private partial void LogWebhookFailed(string url, string problem);
}
