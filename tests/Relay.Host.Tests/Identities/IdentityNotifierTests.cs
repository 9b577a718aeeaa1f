using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Ingestion;
using Relay.Host.Tests.Support;
using Relay.Identities;
using Relay.Testing;

namespace Relay.Host.Tests.Identities;

public sealed class IdentityNotifierTests
{
    private const string ProviderDomain = "relay.example.net";
    private const string Contact = "ops@shop.example";
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private FakeTimeProvider _time = null!;
    private RecordingSubmission _submission = null!;
    private RecordingLogger<IdentityNotifier> _logger = null!;
    private HttpClient _http = null!;
    private WebhookReceiver _webhook = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(Now);
        _submission = new RecordingSubmission();
        _logger = new RecordingLogger<IdentityNotifier>();
        _http = new HttpClient();
        _webhook = WebhookReceiver.Start();
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _webhook.DisposeAsync();
    }

    [Test]
    public async Task A_DKIM_status_change_mails_the_account_contact_from_the_provider_no_reply_address()
    {
        await Notifier().PublishAsync(DkimSucceeded(), CancellationToken.None);

        Assert.That(_submission.Messages, Has.Count.EqualTo(1));
        var sent = _submission.Messages[0];
        var message = sent.Parse();
        Assert.Multiple(() =>
        {
            Assert.That(sent.ReversePath, Is.EqualTo($"no-reply@{ProviderDomain}"));
            Assert.That(sent.Recipients, Is.EqualTo(new[] { Contact }));
            Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo($"no-reply@{ProviderDomain}"));
            Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo(Contact));
            Assert.That(message.Subject, Does.Contain("example.com").And.Contain("SUCCESS"));
            Assert.That(message.Headers["Auto-Submitted"], Is.EqualTo("auto-generated"));
            Assert.That(message.Date, Is.EqualTo(Now));
            Assert.That(message.MessageId, Is.Not.Empty);
        });
    }

    [Test]
    public async Task The_notice_body_tells_the_statuses_and_what_the_last_check_found_record_by_record()
    {
        await Notifier().PublishAsync(DkimSucceeded(), CancellationToken.None);

        var body = _submission.Messages.Single().Parse().TextBody;
        Assert.Multiple(() =>
        {
            Assert.That(body, Does.Contain("DKIM status of example.com changed from PENDING to SUCCESS."));
            Assert.That(body, Does.Contain("SUCCESS"));
            Assert.That(body, Does.Contain("CNAME tok1._domainkey.example.com: Found - the CNAME is right"));
            Assert.That(body, Does.Contain("CNAME tok2._domainkey.example.com: PointsElsewhere - it points to elsewhere.example.net"));
        });
    }

    [Test]
    public async Task The_notice_goes_out_with_CRLF_line_ends_only()
    {
        await Notifier().PublishAsync(DkimSucceeded(), CancellationToken.None);

        var content = _submission.Messages.Single().Content;
        var bareLineFeeds = content.Where((octet, index) => octet == '\n' && (index == 0 || content[index - 1] != '\r')).Count();
        var bareReturns = content.Where((octet, index) => octet == '\r' && (index + 1 == content.Length || content[index + 1] != '\n')).Count();
        Assert.That((bareLineFeeds, bareReturns), Is.EqualTo((0, 0)));
        Assert.That(content, Has.Length.GreaterThan(0));
    }

    [Test]
    public async Task The_notice_is_7bit_as_system_submission_requires_even_when_a_finding_holds_an_arrow()
    {
        // Relay.Dns explains a missing CNAME as "add CNAME <name> → <target>"; the submission contract is 7-bit content.
        var missing = new DnsRecordDiagnostic("tok1._domainkey.example.com", "CNAME", "tok1.dkim.relay.example.net", "Missing",
            "No CNAME at tok1._domainkey.example.com (NXDOMAIN): add CNAME tok1._domainkey.example.com → tok1.dkim.relay.example.net.");
        var identity = Domain(VerificationStatus.Failed, missing);

        await Notifier().PublishAsync(
            new IdentityEvent(identity, IdentityEventKind.DkimStatusChanged, VerificationStatus.Pending, VerificationStatus.Failed, "DKIM failed."),
            CancellationToken.None);

        var sent = _submission.Messages.Single();
        Assert.That(sent.Content.Where(octet => octet > 0x7F), Is.Empty, "8-bit octets in a message submitted as 7-bit");
        Assert.That(sent.Parse().TextBody, Does.Contain("→ tok1.dkim.relay.example.net"), "the text must survive its transfer encoding");
    }

    [Test]
    public async Task A_status_change_is_posted_to_the_webhook_as_camel_case_JSON()
    {
        await Notifier(("Relay:Notifications:WebhookUrl", _webhook.Url.ToString())).PublishAsync(DkimSucceeded(), CancellationToken.None);

        var request = _webhook.Requests.Single();
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.Path, Is.EqualTo("/hooks/relay"));
        Assert.That(request.ContentType, Does.StartWith("application/json"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.EnumerateObject().Select(property => property.Name), Is.EquivalentTo(new[]
            {
                "accountId", "identity", "event", "fromStatus", "toStatus", "dkimStatus", "verificationStatus", "message", "timestamp",
            }));
            Assert.That(root.GetProperty("accountId").GetString(), Is.EqualTo("acct-1"));
            Assert.That(root.GetProperty("identity").GetString(), Is.EqualTo("example.com"));
            Assert.That(root.GetProperty("event").GetString(), Is.EqualTo("DkimStatusChanged"));
            Assert.That(root.GetProperty("fromStatus").GetString(), Is.EqualTo("PENDING"));
            Assert.That(root.GetProperty("toStatus").GetString(), Is.EqualTo("SUCCESS"));
            Assert.That(root.GetProperty("dkimStatus").GetString(), Is.EqualTo("SUCCESS"));
            Assert.That(root.GetProperty("verificationStatus").GetString(), Is.EqualTo("SUCCESS"));
            Assert.That(root.GetProperty("message").GetString(), Is.EqualTo("DKIM status of example.com changed from PENDING to SUCCESS."));
            Assert.That(root.GetProperty("timestamp").GetDateTimeOffset(), Is.EqualTo(Now));
        });
    }

    [Test]
    public async Task An_event_without_statuses_posts_null_from_and_to()
    {
        var identity = Domain(VerificationStatus.Success);
        var abandoned = new IdentityEvent(identity, IdentityEventKind.DkimKeyChangeAbandoned, null, null, "The new keys were dropped.");

        await Notifier(("Relay:Notifications:WebhookUrl", _webhook.Url.ToString())).PublishAsync(abandoned, CancellationToken.None);

        using var json = JsonDocument.Parse(_webhook.Requests.Single().Body);
        Assert.That(json.RootElement.GetProperty("fromStatus").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(json.RootElement.GetProperty("toStatus").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(_submission.Messages.Single().Parse().Subject, Does.Contain("example.com").And.Contain("new DKIM keys dropped"));
    }

    [Test]
    public async Task An_account_without_a_contact_address_gets_no_mail_but_the_webhook_still_hears()
    {
        var accounts = new FakeAccountStore(new Account("acct-1", "shop", "shop", "hash", null));

        await Notifier(accounts, ("Relay:Notifications:WebhookUrl", _webhook.Url.ToString())).PublishAsync(DkimSucceeded(), CancellationToken.None);

        Assert.That(_submission.Messages, Is.Empty);
        Assert.That(_webhook.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_unknown_account_gets_no_mail()
    {
        await Notifier(new FakeAccountStore()).PublishAsync(DkimSucceeded(), CancellationToken.None);

        Assert.That(_submission.Messages, Is.Empty);
    }

    [Test]
    public async Task With_EmailContacts_off_no_mail_is_sent()
    {
        await Notifier(("Relay:Notifications:EmailContacts", "false"), ("Relay:Notifications:WebhookUrl", _webhook.Url.ToString()))
            .PublishAsync(DkimSucceeded(), CancellationToken.None);

        Assert.That(_submission.Messages, Is.Empty);
        Assert.That(_webhook.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Without_a_webhook_URL_nothing_is_posted()
    {
        await Notifier().PublishAsync(DkimSucceeded(), CancellationToken.None);

        Assert.That(_webhook.Requests, Is.Empty);
        Assert.That(_submission.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_configured_FromAddress_replaces_the_no_reply_default()
    {
        await Notifier(("Relay:Notifications:FromAddress", "dkim-notices@relay.example.net")).PublishAsync(DkimSucceeded(), CancellationToken.None);

        var sent = _submission.Messages.Single();
        Assert.That(sent.ReversePath, Is.EqualTo("dkim-notices@relay.example.net"));
        Assert.That(sent.Parse().From.Mailboxes.Single().Address, Is.EqualTo("dkim-notices@relay.example.net"));
    }

    [Test]
    public async Task A_webhook_answering_500_is_logged_and_not_thrown()
    {
        _webhook.StatusCode = HttpStatusCode.InternalServerError;
        var notifier = Notifier(("Relay:Notifications:WebhookUrl", _webhook.Url.ToString()));

        await notifier.PublishAsync(DkimSucceeded(), CancellationToken.None);

        Assert.That(_webhook.Requests, Has.Count.EqualTo(1));
        Assert.That(WebhookWarnings(), Has.Some.Contain(_webhook.Url.ToString()).And.Contain("500"));
        Assert.That(_submission.Messages, Has.Count.EqualTo(1), "the mail is independent of the webhook");
    }

    [Test]
    public async Task A_webhook_that_is_down_is_logged_and_not_thrown()
    {
        var down = $"http://127.0.0.1:{WebhookReceiver.FreeTcpPort()}/hook";
        var notifier = Notifier(("Relay:Notifications:WebhookUrl", down));

        await notifier.PublishAsync(DkimSucceeded(), CancellationToken.None);

        Assert.That(WebhookWarnings(), Has.Some.Contain(down));
        Assert.That(_submission.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_webhook_that_does_not_answer_within_WebhookTimeout_is_logged_and_not_thrown()
    {
        _webhook.Hang = true;
        var notifier = Notifier(("Relay:Notifications:WebhookUrl", _webhook.Url.ToString()), ("Relay:Notifications:WebhookTimeout", "00:00:00.300"));

        await notifier.PublishAsync(DkimSucceeded(), CancellationToken.None);

        Assert.That(WebhookWarnings(), Has.Some.Contain(_webhook.Url.ToString()));
    }

    [Test]
    public async Task A_notice_the_ingestion_refuses_is_logged_and_not_thrown()
    {
        _submission.Result = new IngestionResult(IngestionOutcome.TemporaryFailure, 451, "4.3.0", "spool full", "id-2");

        await Notifier().PublishAsync(DkimSucceeded(), CancellationToken.None);

        Assert.That(_logger.Entries.Where(entry => entry.Level == LogLevel.Warning).Select(entry => entry.Message),
            Has.Some.Contain(Contact).And.Contain("451").And.Contain("spool full"));
    }

    [Test]
    public async Task A_notice_whose_submission_throws_is_logged_not_fatal_and_the_webhook_still_hears()
    {
        // The notifier promises "a failed notice is logged, never fatal": the verifier publishes after saving, so a
        // throw here would end "identity check" with a stack trace and lose the events that follow.
        _submission.Failure = new IOException("No space left on device");
        var notifier = Notifier(("Relay:Notifications:WebhookUrl", _webhook.Url.ToString()));

        Assert.DoesNotThrowAsync(() => notifier.PublishAsync(DkimSucceeded(), CancellationToken.None));

        Assert.That(_webhook.Requests, Has.Count.EqualTo(1));
        Assert.That(_logger.Entries.Where(entry => entry.Level >= LogLevel.Warning).Select(entry => entry.Message), Has.Some.Contain(Contact));
    }

    [Test]
    public async Task The_confirmation_mail_goes_to_the_address_with_the_link()
    {
        var address = new Identity("acct-1", "someone@shop.example", IdentityType.EmailAddress,
            VerificationStatus.Pending, VerificationStatus.NotStarted, true, null);
        var link = new Uri("http://127.0.0.1:8025/confirm-email?token=abc-DEF_123");

        await Notifier().SendConfirmationAsync(address, link, CancellationToken.None);

        var sent = _submission.Messages.Single();
        var message = sent.Parse();
        Assert.Multiple(() =>
        {
            Assert.That(sent.ReversePath, Is.EqualTo($"no-reply@{ProviderDomain}"));
            Assert.That(sent.Recipients, Is.EqualTo(new[] { "someone@shop.example" }));
            Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("someone@shop.example"));
            Assert.That(message.Subject, Does.Contain("confirm").IgnoreCase);
            Assert.That(message.TextBody, Does.Contain(link.AbsoluteUri));
            Assert.That(message.Headers["Auto-Submitted"], Is.EqualTo("auto-generated"));
        });
    }

    [Test]
    public async Task The_confirmation_mail_is_sent_even_when_contact_notices_are_off()
    {
        var address = new Identity("acct-1", "someone@shop.example", IdentityType.EmailAddress,
            VerificationStatus.Pending, VerificationStatus.NotStarted, true, null);

        await Notifier(("Relay:Notifications:EmailContacts", "false"))
            .SendConfirmationAsync(address, new Uri("http://127.0.0.1:8025/confirm-email?token=t"), CancellationToken.None);

        Assert.That(_submission.Messages, Has.Count.EqualTo(1));
    }

    private IdentityNotifier Notifier(params (string Key, string? Value)[] settings) =>
        Notifier(new FakeAccountStore(new Account("acct-1", "shop", "shop", "hash", Contact)), settings);

    private IdentityNotifier Notifier(FakeAccountStore accounts, params (string Key, string? Value)[] settings) =>
        new(accounts, _submission, _http, TestSettings.Load([("Relay:Provider:Domain", ProviderDomain), .. settings]), _time, _logger);

    private IEnumerable<string> WebhookWarnings() =>
        _logger.Entries.Where(entry => entry.Level == LogLevel.Warning && entry.EventId.Id == 404).Select(entry => entry.Message);

    private static IdentityEvent DkimSucceeded() => new(
        Domain(VerificationStatus.Success,
            new DnsRecordDiagnostic("tok1._domainkey.example.com", "CNAME", "tok1.dkim.relay.example.net", "Found", "the CNAME is right"),
            new DnsRecordDiagnostic("tok2._domainkey.example.com", "CNAME", "tok2.dkim.relay.example.net", "PointsElsewhere", "it points to elsewhere.example.net")),
        IdentityEventKind.DkimStatusChanged,
        VerificationStatus.Pending,
        VerificationStatus.Success,
        "DKIM status of example.com changed from PENDING to SUCCESS.");

    private static Identity Domain(VerificationStatus dkim, params DnsRecordDiagnostic[] findings) =>
        new("acct-1", "example.com", IdentityType.Domain, VerificationStatus.Success, dkim, true, null)
        {
            DkimCheck = new DnsCheckState(Now, Now, null, null, null, 1, findings),
        };
}
