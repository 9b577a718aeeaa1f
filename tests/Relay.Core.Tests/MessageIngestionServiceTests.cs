using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Identities;
using Relay.Core.Ingestion;

namespace Relay.Core.Tests;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MessageIngestionServiceTests
{
    private const string Account = "acct";
    private static readonly SignatureSpec ProviderSpec = new("provider.test", "relay", "provider-key");

    /// <summary>The fields the ingestion path adds when missing: with them, a message goes to the signer as it came.</summary>
    private const string DateAndId = "Date: Tue, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: <own@example.com>\r\n";

    private readonly InMemoryIdentityStore _identities = new();
    private readonly RecordingSigner _signer = new();
    private readonly RecordingDispatcher _dispatcher = new();
    private readonly FakeNextHopCapabilities _nextHop = new();
    private string _tempDirectory = null!;

    [SetUp]
    public void CreateTempDirectory() => _tempDirectory = Directory.CreateTempSubdirectory("relay-ingest-").FullName;

    [TearDown]
    public void DeleteTempDirectory() => Directory.Delete(_tempDirectory, recursive: true);

    private MessageIngestionService CreateService(int inMemoryThreshold = 1 << 20, bool oversignFrom = true, string region = "us-east-1") => new(
        new SenderIdentityCheck(new IdentityResolver(_identities), new SendingRegion(region)), _signer, _dispatcher, _nextHop, new ProviderSignature(ProviderSpec),
        new SigningOptions { OversignFrom = oversignFrom }, new ContentBufferFactory(_tempDirectory, inMemoryThreshold),
        new MessageIds(new FakeTimeProvider()), new FakeTimeProvider(),
        NullLogger<MessageIngestionService>.Instance);

    private static InboundMessage Message(string headers, string body = "Hello\r\n") =>
        new(Account, "bounce@example.com", ["to@dest.test", "cc@dest.test"], false, false,
            new MemoryStream(Encoding.UTF8.GetBytes(headers + "\r\n" + body)), "smtp");

    [Test]
    public async Task A_verified_domain_with_dkim_success_gets_its_signature_and_the_providers()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, new SigningKey("s1", "domain-key", 2048)));

        var result = await CreateService().IngestAsync(Message("From: A <a@example.com>\r\nTo: to@dest.test\r\n"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
        Assert.That(_signer.Signatures.Select(s => s.Domain), Is.EqualTo(new[] { "example.com", "provider.test" }));
        Assert.That(_dispatcher.Envelope?.Recipients, Is.EqualTo(new[] { "to@dest.test", "cc@dest.test" }));
        Assert.That(_dispatcher.Envelope?.ReversePath, Is.EqualTo("bounce@example.com"));
        Assert.That(_dispatcher.Content, Does.StartWith("X-Signed-By: example.com,provider.test\r\nFrom: A <a@example.com>"));
    }

    [Test]
    public async Task A_domain_whose_ed25519_record_verified_is_signed_ed25519_then_rsa_then_by_the_provider()
    {
        var ed25519 = new SigningKey("ed", "ed25519-key", 256) { Ed25519PublicKey = "AAAA" };
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, new SigningKey("s1", "domain-key", 2048))
        {
            Ed25519 = new Ed25519Dkim(DkimSigningOrigin.AwsSes, ed25519, VerificationStatus.Success, DnsCheckState.Idle),
        });

        await CreateService().IngestAsync(Message("From: A <a@example.com>\r\nTo: to@dest.test\r\n"), CancellationToken.None);

        Assert.That(_signer.Signatures.Select(s => $"{s.Domain}/{s.Selector}/{s.PrivateKeyPem}"),
            Is.EqualTo(new[] { "example.com/ed/ed25519-key", "example.com/s1/domain-key", "provider.test/relay/provider-key" }));
    }

    [TestCase(VerificationStatus.Pending)]
    [TestCase(VerificationStatus.TemporaryFailure)]
    [TestCase(VerificationStatus.Failed)]
    public async Task An_ed25519_key_whose_record_does_not_verify_does_not_sign(VerificationStatus ed25519Status)
    {
        var ed25519 = new SigningKey("ed", "ed25519-key", 256) { Ed25519PublicKey = "AAAA" };
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, new SigningKey("s1", "domain-key", 2048))
        {
            Ed25519 = new Ed25519Dkim(DkimSigningOrigin.AwsSes, ed25519, ed25519Status, DnsCheckState.Idle),
        });

        await CreateService().IngestAsync(Message("From: A <a@example.com>\r\nTo: to@dest.test\r\n"), CancellationToken.None);

        Assert.That(_signer.Signatures.Select(s => s.Selector), Is.EqualTo(new[] { "s1", "relay" }));
    }

    [Test]
    public async Task A_verified_ed25519_key_does_not_sign_when_the_rsa_status_is_not_success()
    {
        var ed25519 = new SigningKey("ed", "ed25519-key", 256) { Ed25519PublicKey = "AAAA" };
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.TemporaryFailure, true, new SigningKey("s1", "domain-key", 2048))
        {
            Ed25519 = new Ed25519Dkim(DkimSigningOrigin.AwsSes, ed25519, VerificationStatus.Success, DnsCheckState.Idle),
        });

        await CreateService().IngestAsync(Message("From: A <a@example.com>\r\nTo: to@dest.test\r\n"), CancellationToken.None);

        Assert.That(_signer.Signatures.Select(s => s.Selector), Is.EqualTo(new[] { "relay" }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task The_oversign_setting_reaches_both_signatures(bool oversign)
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, new SigningKey("s1", "domain-key", 2048)));

        await CreateService(oversignFrom: oversign).IngestAsync(Message("From: a@example.com\r\n"), CancellationToken.None);

        Assert.That(_signer.Signatures.Select(s => s.OversignFrom), Is.EqualTo(new[] { oversign, oversign }));
    }

    [Test]
    public async Task A_trace_field_goes_on_top_outside_the_signed_bytes()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));
        var message = Message("From: a@example.com\r\n") with { TraceField = "Received: from x ([192.0.2.1])\r\n\tby relay; date\r\n" };

        await CreateService().IngestAsync(message, CancellationToken.None);

        Assert.That(_dispatcher.Content, Does.StartWith("Received: from x ([192.0.2.1])\r\n\tby relay; date\r\nX-Signed-By: provider.test\r\nFrom: a@example.com"));
    }

    [Test]
    public async Task Content_the_signer_refuses_is_a_permanent_550_and_nothing_is_sent()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));
        _signer.Refusal = new UnsignableMessageException("the header line 3 is malformed");

        var result = await CreateService().IngestAsync(Message("From: a@example.com\r\n"), CancellationToken.None);

        Assert.That(result.ReplyCode, Is.EqualTo(550));
        Assert.That(result.EnhancedStatusCode, Is.EqualTo("5.6.0"));
        Assert.That(result.Text, Does.Contain("header line 3 is malformed"));
        Assert.That(_dispatcher.Envelope, Is.Null);
    }

    [Test]
    public async Task Failed_dkim_still_sends_with_the_provider_signature_only()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Failed, true, new SigningKey("s1", "domain-key", 2048)));

        var result = await CreateService().IngestAsync(Message("From: a@example.com\r\n"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
        Assert.That(_signer.Signatures.Select(s => s.Domain), Is.EqualTo(new[] { "provider.test" }));
    }

    [Test]
    public async Task An_unverified_from_address_is_rejected_with_554_naming_it_and_nothing_is_sent()
    {
        AddVerifiedDomain();
        var result = await CreateService().IngestAsync(Message("From: Someone <someone@unknown.test>\r\n"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.PermanentFailure));
        Assert.That(result.ReplyCode, Is.EqualTo(554));
        Assert.That(result.EnhancedStatusCode, Is.EqualTo("5.7.1"));
        Assert.That(result.Text, Is.EqualTo(NotVerified + "someone@unknown.test"));
        Assert.That(_dispatcher.Envelope, Is.Null);
    }

    private const string NotVerified =
        "Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: ";

    private static InboundMessage MessageFrom(string reversePath, string headers) =>
        Message(headers) with { ReversePath = reversePath };

    [Test]
    public async Task An_unverified_envelope_sender_with_a_verified_from_is_rejected_554_naming_it_and_nothing_is_sent()
    {
        AddVerifiedDomain();

        var result = await CreateService().IngestAsync(MessageFrom("eve@unverified.test", "From: a@example.com\r\n"), CancellationToken.None);

        Assert.That((result.Outcome, result.ReplyCode, result.EnhancedStatusCode),
            Is.EqualTo((IngestionOutcome.PermanentFailure, 554, "5.7.1")));
        Assert.That(result.Text, Is.EqualTo(NotVerified + "eve@unverified.test"));
        Assert.That(_signer.Signatures, Is.Empty);
        Assert.That(_dispatcher.Envelope, Is.Null);
    }

    [TestCase("Sender: Eve <eve@unverified.test>\r\n")]
    [TestCase("Sender: eve@unverified.test\r\n")]
    [TestCase("Return-Path: <eve@unverified.test>\r\n")]
    [TestCase("Return-Path: (bounces) < eve@unverified.test >\r\n")]
    public async Task An_unverified_sender_or_return_path_field_with_a_verified_from_is_rejected_554_naming_it(string field)
    {
        AddVerifiedDomain();

        var result = await CreateService().IngestAsync(Message(field + "From: a@example.com\r\n"), CancellationToken.None);

        Assert.That((result.ReplyCode, result.EnhancedStatusCode), Is.EqualTo((554, "5.7.1")));
        Assert.That(result.Text, Is.EqualTo(NotVerified + "eve@unverified.test"));
        Assert.That(_dispatcher.Envelope, Is.Null);
    }

    [Test]
    public async Task Every_failing_identity_is_named_once_in_the_order_from_sender_return_path_envelope()
    {
        AddVerifiedDomain();
        var message = MessageFrom("Eve@Unverified.test",
            "Return-Path: <mallory@x.test>\r\nSender: eve@unverified.test\r\nFrom: bob@x.test\r\nSender: a@example.com\r\n");

        var result = await CreateService().IngestAsync(message, CancellationToken.None);

        Assert.That(result.Text, Is.EqualTo(NotVerified + "bob@x.test, eve@unverified.test, mallory@x.test"));
    }

    [TestCase("eu-west-1", "EU-WEST-1")]
    [TestCase("ap-southeast-2", "AP-SOUTHEAST-2")]
    public async Task The_rejection_names_the_configured_region_in_upper_case_as_ses_does(string region, string printed)
    {
        AddVerifiedDomain();
        var result = await CreateService(region: region).IngestAsync(Message("From: someone@unknown.test\r\n"), CancellationToken.None);

        Assert.That(result.Text, Is.EqualTo(
            $"Message rejected: Email address is not verified. The following identities failed the check in region {printed}: someone@unknown.test"));
    }

    [Test]
    public async Task The_null_reverse_path_and_an_empty_return_path_are_allowed()
    {
        AddVerifiedDomain();

        var result = await CreateService().IngestAsync(MessageFrom(string.Empty, "Return-Path: <>\r\nFrom: a@example.com\r\n"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
        Assert.That(_dispatcher.Envelope?.ReversePath, Is.Empty);
    }

    [Test]
    public async Task A_sender_and_envelope_covered_by_a_verified_parent_domain_or_email_identity_pass()
    {
        AddVerifiedDomain();
        _identities.Add(new Identity(Account, "list@other.test", IdentityType.EmailAddress, VerificationStatus.Success,
            VerificationStatus.NotStarted, true, null));

        var result = await CreateService().IngestAsync(
            MessageFrom("bounces@mail.example.com", "Sender: list@other.test\r\nReturn-Path: <b@news.example.com>\r\nFrom: a@example.com\r\n"),
            CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted), result.Text);
    }

    [Test]
    public async Task An_unverified_email_identity_does_not_cover_the_envelope_sender()
    {
        AddVerifiedDomain();
        _identities.Add(new Identity(Account, "eve@other.test", IdentityType.EmailAddress, VerificationStatus.Pending,
            VerificationStatus.NotStarted, true, null));

        var result = await CreateService().IngestAsync(MessageFrom("eve@other.test", "From: a@example.com\r\n"), CancellationToken.None);

        Assert.That(result.Text, Is.EqualTo(NotVerified + "eve@other.test"));
    }

    [TestCase("Sender: a@example.com, b@example.com\r\n", "the Sender header must hold exactly one address")]
    [TestCase("Sender: boss@bank.test <a@example.com>\r\n", "a Sender display name holding '@' must be a quoted string")]
    [TestCase("Return-Path: a@example.com\r\n", "the Return-Path header must be <address> or <>")]
    [TestCase("Return-Path: <a@example.com> <b@example.com>\r\n", "the Return-Path header must be <address> or <>")]
    public async Task A_sender_or_return_path_field_that_is_not_one_address_is_refused_550(string field, string expected)
    {
        AddVerifiedDomain();

        var result = await CreateService().IngestAsync(Message(field + "From: a@example.com\r\n"), CancellationToken.None);

        Assert.That((result.ReplyCode, result.EnhancedStatusCode), Is.EqualTo((550, "5.6.0")));
        Assert.That(result.Text, Is.EqualTo("Message rejected: " + expected));
        Assert.That(_dispatcher.Envelope, Is.Null);
    }

    [Test]
    public async Task A_system_message_is_not_checked()
    {
        using var content = new MemoryStream("From: MAILER-DAEMON@provider.test\r\nSender: eve@unverified.test\r\n\r\nbounce\r\n"u8.ToArray());

        var result = await CreateService().SubmitAsync("bounces@unverified.test", ["a@dest.test"], content, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
    }

    [TestCase("To: x@dest.test\r\n", "no From header")]
    [TestCase("From: a@example.com\r\nFrom: b@example.com\r\n", "more than one From header")]
    [TestCase("From: a@example.com, b@example.com\r\n", "exactly one address")]
    [TestCase("From: undisclosed:;\r\n", "exactly one address")]
    public async Task A_missing_or_ambiguous_from_is_a_clear_5xx(string headers, string expected)
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));

        var result = await CreateService().IngestAsync(Message(headers), CancellationToken.None);

        Assert.That(result.ReplyCode, Is.EqualTo(550));
        Assert.That(result.EnhancedStatusCode, Is.EqualTo("5.6.0"));
        Assert.That(result.Text, Does.Contain(expected));
        Assert.That(_dispatcher.Envelope, Is.Null);
    }

    [TestCase("From: ceo@bank.test <x@example.com\r\n")]
    [TestCase("From: boss@bank.test <x@example.com>\r\n")]
    [TestCase("From: ceo@[bank.test] <x@example.com>\r\n")]
    [TestCase("From: ceo@bank.test\r\n <x@example.com>\r\n")]
    public async Task A_from_field_that_a_receiver_reads_as_another_domain_is_refused_not_signed(string headers)
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, new SigningKey("s1", "domain-key", 2048)));

        var result = await CreateService().IngestAsync(Message(headers), CancellationToken.None);

        Assert.That((result.ReplyCode, result.EnhancedStatusCode), Is.EqualTo((550, "5.6.0")));
        Assert.That(_signer.Signatures, Is.Empty);
        Assert.That(_dispatcher.Envelope, Is.Null);
    }

    [TestCase("jörg@exämple.test", true)]
    [TestCase("user@bücher.example", true)]
    [TestCase("user@example.com", false)]
    public async Task A_system_message_asks_for_smtputf8_exactly_when_its_recipient_is_not_ascii(string recipient, bool smtpUtf8)
    {
        using var content = new MemoryStream("From: MAILER-DAEMON@provider.test\r\n\r\nbounce\r\n"u8.ToArray());

        var result = await CreateService().SubmitAsync(string.Empty, [recipient], content, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
        Assert.That(_dispatcher.Envelope?.SmtpUtf8, Is.EqualTo(smtpUtf8), "a notification to a UTF-8 sender is otherwise refused 553 5.6.7 before it is sent");
        Assert.That(_dispatcher.Envelope?.Recipients, Is.EqualTo(new[] { recipient }));
    }

    [Test]
    public async Task Resolution_keys_on_the_from_header_not_the_envelope_or_reply_to()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));
        var message = Message("Reply-To: a@example.com\r\nFrom: a@elsewhere.test\r\n");

        var result = await CreateService().IngestAsync(message, CancellationToken.None);

        Assert.That(result.ReplyCode, Is.EqualTo(554));
    }

    [Test]
    public async Task The_next_hops_temporary_failure_is_passed_back()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));
        _dispatcher.Reply = new DispatchResult(IngestionOutcome.TemporaryFailure, 451, "4.4.1", "Next hop unreachable");

        var result = await CreateService().IngestAsync(Message("From: a@example.com\r\n"), CancellationToken.None);

        Assert.That(result, Is.EqualTo(new IngestionResult(IngestionOutcome.TemporaryFailure, 451, "4.4.1", "Next hop unreachable", result.MessageId)));
        Assert.That(result.MessageId, Has.Length.EqualTo(32));
    }

    [Test]
    public async Task A_large_message_is_signed_into_a_temporary_file_that_is_removed_afterwards()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));
        var body = string.Concat(Enumerable.Repeat(new string('x', 76) + "\r\n", 2_000));

        var result = await CreateService(inMemoryThreshold: 8 * 1024).IngestAsync(Message("From: a@example.com\r\n", body), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
        Assert.That(_dispatcher.ContentStreamType, Is.EqualTo(typeof(FileStream)));
        Assert.That(_dispatcher.Content, Does.EndWith(body));
        Assert.That(Directory.GetFiles(_tempDirectory), Is.Empty);
    }

    private static InboundMessage EightBitMessage(string headers, string body) =>
        new(Account, "bounce@example.com", ["to@dest.test"], EightBitMime: true, SmtpUtf8: false,
            new MemoryStream(Encoding.UTF8.GetBytes(headers + "\r\n" + body)), "smtp");

    private void AddVerifiedDomain() => _identities.Add(new Identity(Account, "example.com", IdentityType.Domain,
        VerificationStatus.Success, VerificationStatus.Success, true, null));

    [Test]
    public async Task An_8bit_message_for_a_hop_without_8bitmime_is_made_7bit_before_it_is_signed()
    {
        AddVerifiedDomain();
        _nextHop.EightBitMime = false;
        const string headers = "From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n";

        var result = await CreateService().IngestAsync(EightBitMessage(headers, "Grüße\r\n"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
        Assert.That(_nextHop.Questions, Is.EqualTo(1));
        Assert.That(_signer.Source, Does.StartWith("From: a@example.com\r\n").And.Contain("Content-Transfer-Encoding: quoted-printable\r\n"));
        Assert.That(_signer.Source, Does.Contain("Gr=C3=BC=C3=9Fe"));
        Assert.That(_signer.Source.All(char.IsAscii), Is.True);
        Assert.That(_dispatcher.Content, Is.EqualTo("X-Signed-By: provider.test\r\n" + _signer.Source));
        Assert.That(_dispatcher.Envelope?.EightBitMime, Is.False);
    }

    [Test]
    public async Task An_8bit_message_for_a_hop_with_8bitmime_goes_out_untouched()
    {
        AddVerifiedDomain();
        const string message = "From: a@example.com\r\nContent-Transfer-Encoding: 8bit\r\n" + DateAndId + "\r\nGrüße\r\n";

        await CreateService().IngestAsync(EightBitMessage("From: a@example.com\r\nContent-Transfer-Encoding: 8bit\r\n" + DateAndId, "Grüße\r\n"), CancellationToken.None);

        Assert.That(_signer.Source, Is.EqualTo(message));
        Assert.That(_dispatcher.Content, Is.EqualTo("X-Signed-By: provider.test\r\n" + message));
        Assert.That(_dispatcher.Envelope?.EightBitMime, Is.True);
    }

    [Test]
    public async Task A_7bit_message_does_not_ask_the_next_hop()
    {
        AddVerifiedDomain();
        _nextHop.EightBitMime = false;

        await CreateService().IngestAsync(Message("From: a@example.com\r\n" + DateAndId), CancellationToken.None);

        Assert.That(_nextHop.Questions, Is.Zero);
        Assert.That(_dispatcher.Content, Is.EqualTo("X-Signed-By: provider.test\r\nFrom: a@example.com\r\n" + DateAndId + "\r\nHello\r\n"));
    }

    [Test]
    public async Task A_message_declared_8bit_but_all_7bit_goes_unchanged_without_body_8bitmime()
    {
        AddVerifiedDomain();
        _nextHop.EightBitMime = false;

        await CreateService().IngestAsync(EightBitMessage("From: a@example.com\r\n" + DateAndId, "plain\r\n"), CancellationToken.None);

        Assert.That(_signer.Source, Is.EqualTo("From: a@example.com\r\n" + DateAndId + "\r\nplain\r\n"));
        Assert.That(_dispatcher.Envelope?.EightBitMime, Is.False);
    }

    [Test]
    public async Task An_8bit_header_for_a_hop_without_8bitmime_is_a_permanent_550_5_6_7_and_nothing_is_signed_or_sent()
    {
        AddVerifiedDomain();
        _nextHop.EightBitMime = false;

        var result = await CreateService().IngestAsync(EightBitMessage("From: a@example.com\r\nSubject: Grüße\r\n", "Grüße\r\n"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.PermanentFailure));
        Assert.That(result.ReplyCode, Is.EqualTo(550));
        Assert.That(result.EnhancedStatusCode, Is.EqualTo("5.6.7"));
        Assert.That(result.Text, Does.Contain("8-bit").And.Contain("header"));
        Assert.That(_signer.Signatures, Is.Empty);
        Assert.That(_dispatcher.Envelope, Is.Null);
    }

    [Test]
    public async Task Bcc_fields_are_removed_before_signing_and_the_envelope_keeps_every_recipient()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));

        var result = await CreateService().IngestAsync(
            Message("From: a@example.com\r\nTo: to@dest.test\r\nBcc: cc@dest.test,\r\n hidden@dest.test\r\nbcc: other@dest.test\r\n"),
            CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
        Assert.That(_signer.Source, Does.Not.Contain("cc@dest.test").And.Not.Contain("hidden@dest.test").And.Not.Contain("other@dest.test"));
        Assert.That(_dispatcher.Content, Does.Not.Contain("Bcc").IgnoreCase);
        Assert.That(_dispatcher.Envelope?.Recipients, Is.EqualTo(new[] { "to@dest.test", "cc@dest.test" }));
    }

    [Test]
    public async Task A_message_without_date_or_message_id_is_signed_with_both_and_the_message_id_names_its_id()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));

        var result = await CreateService().IngestAsync(Message("From: a@example.com\r\n") with { MessageId = "0123456789abcdef0123456789abcdef" },
            CancellationToken.None);

        Assert.That(result.MessageId, Is.EqualTo("0123456789abcdef0123456789abcdef"));
        Assert.That(_signer.Source, Does.StartWith("From: a@example.com\r\nDate: ")
            .And.Contain("\r\nMessage-ID: <0123456789abcdef0123456789abcdef@provider.test>\r\n\r\nHello\r\n"));
    }

    [Test]
    public async Task A_message_that_needs_no_preparation_reaches_the_signer_as_the_same_stream()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));
        var message = Message("From: a@example.com\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: <own@example.com>\r\n");

        await CreateService().IngestAsync(message, CancellationToken.None);

        Assert.That(_signer.SourceStream, Is.SameAs(message.Content), "no copy is made");
    }

    [Test]
    public async Task The_ses_fields_are_consumed_and_their_values_travel_with_the_envelope()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));

        await CreateService().IngestAsync(
            Message("From: a@example.com\r\nX-SES-CONFIGURATION-SET: marketing\r\nX-SES-MESSAGE-TAGS: campaign=spring, type=news\r\n"),
            CancellationToken.None);

        Assert.That(_signer.Source, Does.Not.Contain("X-SES").IgnoreCase);
        Assert.That(_dispatcher.Envelope?.ConfigurationSetName, Is.EqualTo("marketing"));
        Assert.That(_dispatcher.Envelope?.Tags, Is.EqualTo(new[] { new MessageTag("campaign", "spring"), new MessageTag("type", "news") }));
    }

    [Test]
    public async Task Api_parameters_win_over_the_fields_and_api_tags_replace_the_fields_tags()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));
        var message = Message("From: a@example.com\r\nX-SES-CONFIGURATION-SET: from-field\r\nX-SES-MESSAGE-TAGS: field=tag, bad tag\r\n") with
        {
            ConfigurationSetName = "from-api",
            Tags = [new MessageTag("api", "tag")],
        };

        var result = await CreateService().IngestAsync(message, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted), "the field's tags are not used, so not checked");
        Assert.That(_dispatcher.Envelope?.ConfigurationSetName, Is.EqualTo("from-api"));
        Assert.That(_dispatcher.Envelope?.Tags, Is.EqualTo(new[] { new MessageTag("api", "tag") }));
        Assert.That(_signer.Source, Does.Not.Contain("X-SES").IgnoreCase);
    }

    [Test]
    public async Task An_invalid_tags_field_is_a_permanent_550_naming_the_problem_and_nothing_is_sent()
    {
        _identities.Add(new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success,
            VerificationStatus.Success, true, null));

        var result = await CreateService().IngestAsync(Message("From: a@example.com\r\nX-SES-MESSAGE-TAGS: campaign=spring sale\r\n"),
            CancellationToken.None);

        Assert.That((result.ReplyCode, result.EnhancedStatusCode), Is.EqualTo((550, "5.6.0")));
        Assert.That(result.Text, Does.Contain("X-SES-MESSAGE-TAGS").And.Contain("campaign"));
        Assert.That(_signer.Signatures, Is.Empty);
        Assert.That(_dispatcher.Envelope, Is.Null);
    }

    private sealed class FakeNextHopCapabilities : INextHopCapabilities
    {
        public bool EightBitMime { get; set; } = true;

        public int Questions { get; private set; }

        public ValueTask<bool> AcceptsEightBitMimeAsync(CancellationToken cancellationToken)
        {
            Questions++;
            return ValueTask.FromResult(EightBitMime);
        }
    }

    private sealed class InMemoryIdentityStore : IIdentityStore
    {
        private readonly List<Identity> _identities = [];

        public void Add(Identity identity) => _identities.Add(identity);

        public Task SaveIdentityAsync(Identity identity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TrySaveIdentityAsync(Identity identity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryAddIdentityAsync(Identity identity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Identity>> FindIdentitiesAsync(string accountId, IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Identity>>(_identities.Where(i => i.AccountId == accountId && names.Contains(i.Name)).ToList());

        public Task<IReadOnlyList<Identity>> ListIdentitiesAsync(string accountId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteIdentityAsync(string accountId, string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Identity>> ClaimIdentitiesDueAsync(DateTimeOffset now, DateTimeOffset claimedUntil, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Identity>>(
                _identities.Where(i => i.NextCheck <= now).OrderBy(i => i.NextCheck).Take(limit).ToList());

        public Task<DateTimeOffset?> NextCheckAsync(CancellationToken cancellationToken) =>
            Task.FromResult(_identities.Min(i => i.NextCheck));

        public Task<Identity?> FindEmailIdentityByTokenAsync(string token, CancellationToken cancellationToken) =>
            Task.FromResult(_identities.FirstOrDefault(i => i.Type == IdentityType.EmailAddress && i.VerificationToken == token));
    }

    private sealed class RecordingSigner : IMessageSigner
    {
        public IReadOnlyList<SignatureSpec> Signatures { get; private set; } = [];

        public Exception? Refusal { get; set; }

        /// <summary>The bytes the signer was given, as UTF-8.</summary>
        public string Source { get; private set; } = string.Empty;

        /// <summary>The stream the signer was given.</summary>
        public Stream? SourceStream { get; private set; }

        public async Task SignAsync(Stream source, IReadOnlyList<SignatureSpec> signatures, Stream destination, CancellationToken cancellationToken)
        {
            Signatures = signatures;
            SourceStream = source;
            if (Refusal is not null)
            {
                throw Refusal;
            }

            using var copy = new MemoryStream();
            await source.CopyToAsync(copy, cancellationToken);
            Source = Encoding.UTF8.GetString(copy.ToArray());
            var header = Encoding.ASCII.GetBytes($"X-Signed-By: {string.Join(',', signatures.Select(s => s.Domain))}\r\n");
            await destination.WriteAsync(header, cancellationToken);
            await destination.WriteAsync(copy.ToArray(), cancellationToken);
        }
    }

    private sealed class RecordingDispatcher : IOutboundDispatcher
    {
        public DispatchResult Reply { get; set; } = new(IngestionOutcome.Accepted, 250, "2.0.0", "Ok");

        public OutboundEnvelope? Envelope { get; private set; }

        public string Content { get; private set; } = string.Empty;

        public Type? ContentStreamType { get; private set; }

        public async Task<DispatchResult> DispatchAsync(string messageId, OutboundEnvelope envelope, Stream signedContent, CancellationToken cancellationToken)
        {
            Envelope = envelope;
            ContentStreamType = signedContent.GetType();
            using var reader = new StreamReader(signedContent, Encoding.UTF8, leaveOpen: true);
            Content = await reader.ReadToEndAsync(cancellationToken);
            return Reply;
        }
    }
}
