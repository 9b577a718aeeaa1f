using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Storage;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Issue 15, sender identities, over SMTP through the real host: swaks and MailKit as the clients, an independent
/// sink as the next hop. MAIL FROM, a Sender field and a Return-Path field each need a verified identity, as the From
/// does; SES's 554 comes after DATA (MAIL FROM is taken) and names the identity with the region; nothing reaches the
/// next hop. A trusted-network client without AUTH is checked against Relay:Relaying:TrustedNetworkAccount.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SenderIdentityChecksTests
{
    private const string Account = "shop";
    private const string Password = "shop password 42";
    private const string NotVerified =
        "554 5.7.1 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: ";

    private RelayUnderTest? _relay;
    private string? _trustedData;

    private RelayUnderTest Relay => _relay!;

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        if (_trustedData is not null)
        {
            Directory.Delete(_trustedData, recursive: true);
        }
    }

    [Test]
    public async Task Swaks_mail_from_an_unverified_address_with_a_verified_from_gets_554_after_data_and_nothing_is_relayed()
    {
        ExternalTool.Require(Swaks.Path, "swaks");
        await StartAsync();

        var swaks = await Swaks.RunAsync(Relay.SubmissionEndPoint,
            "--tls", "--auth", "PLAIN", "--auth-user", Account, "--auth-password", Password,
            "--from", "eve@unverified.test", "--header", "From: Shop <news@example.com>", "--to", "x@dest.test",
            "--header", "Subject: envelope spoof", "--body", "MAIL FROM is not the From.");

        Assert.That(swaks.ReplyTo("MAIL FROM:<eve@unverified.test>"), Has.Some.StartsWith("250"), "SES takes MAIL FROM and checks after DATA. " + swaks);
        Assert.That(swaks.ReplyToEndOfData(), Is.EqualTo(new[] { NotVerified + "eve@unverified.test" }), swaks.ToString);
        Assert.That(Relay.Sink.Transactions, Is.Empty, "nothing may reach the next hop");
    }

    [Test]
    public async Task MailKit_with_an_unverified_sender_field_gets_554_naming_it_once()
    {
        await StartAsync();
        // MailKit takes the Sender as MAIL FROM too: the identity is named once.
        var message = Message("Sender: eve@unverified.test\r\n");

        var error = Assert.ThrowsAsync<SmtpCommandException>(async () => await MailKitSubmission.SendForReplyAsync(Relay, Account, Password, message));

        Assert.That((int)error!.StatusCode, Is.EqualTo(554));
        Assert.That(error.ErrorCode, Is.EqualTo(SmtpErrorCode.MessageNotAccepted), "refused after DATA, not at MAIL");
        Assert.That("554 " + error.Message, Is.EqualTo(NotVerified + "eve@unverified.test"));
        Assert.That(Relay.Sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task MailKit_with_an_unverified_return_path_field_gets_554_naming_it()
    {
        await StartAsync();
        var message = Message("Return-Path: <eve@unverified.test>\r\n");

        var error = Assert.ThrowsAsync<SmtpCommandException>(async () => await MailKitSubmission.SendForReplyAsync(Relay, Account, Password, message));

        Assert.That("554 " + error!.Message, Is.EqualTo(NotVerified + "eve@unverified.test"));
        Assert.That(Relay.Sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task Every_unverified_identity_is_named_once_from_sender_return_path_then_envelope()
    {
        await StartAsync();
        var message = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(
            "Return-Path: <mallory@x.test>\r\nFrom: bob@x.test\r\nSender: eve@unverified.test\r\nTo: someone@dest.test\r\nSubject: all\r\n\r\nbody\r\n")));

        var error = Assert.ThrowsAsync<SmtpCommandException>(async () => await MailKitSubmission.SendForReplyAsync(Relay, Account, Password, message));

        Assert.That("554 " + error!.Message, Is.EqualTo(NotVerified + "bob@x.test, eve@unverified.test, mallory@x.test"));
    }

    [Test]
    public async Task All_verified_from_sender_return_path_and_envelope_is_delivered_with_its_envelope()
    {
        ExternalTool.Require(Swaks.Path, "swaks");
        await StartAsync();
        await Relay.AddEmailAsync(Account, "list@other.test");

        var swaks = await Swaks.RunAsync(Relay.SubmissionEndPoint,
            "--tls", "--auth", "PLAIN", "--auth-user", Account, "--auth-password", Password,
            "--from", "bounces@mail.example.com", "--header", "From: Shop <news@example.com>", "--to", "x@dest.test",
            "--header", "Sender: list@other.test", "--header", "Return-Path: <bounces@example.com>",
            "--header", "Subject: all verified", "--body", "Every sender identity is verified.");

        Assert.That(swaks.ReplyToEndOfData(), Has.Count.EqualTo(1).And.Some.StartsWith("250 "), swaks.ToString);
        var delivered = Relay.Sink.Delivered.Single();
        Assert.That(delivered.ReversePath, Is.EqualTo("bounces@mail.example.com"));
        Assert.That(Encoding.UTF8.GetString(delivered.Data), Does.Contain("Sender: list@other.test"));
    }

    [Test]
    public async Task The_null_reverse_path_is_allowed()
    {
        ExternalTool.Require(Swaks.Path, "swaks");
        await StartAsync();

        var swaks = await Swaks.RunAsync(Relay.SubmissionEndPoint,
            "--tls", "--auth", "PLAIN", "--auth-user", Account, "--auth-password", Password,
            "--from", "<>", "--header", "From: Mail Delivery <postmaster@example.com>", "--to", "x@dest.test",
            "--header", "Subject: a notification", "--body", "From the null reverse-path.");

        Assert.That(swaks.ReplyToEndOfData(), Has.Count.EqualTo(1).And.Some.StartsWith("250 "), swaks.ToString);
        Assert.That(Relay.Sink.Delivered.Single().ReversePath, Is.Empty);
    }

    [Test]
    public async Task A_trusted_network_client_without_auth_is_checked_against_the_trusted_network_account()
    {
        ExternalTool.Require(Swaks.Path, "swaks");
        await StartTrustedAsync();

        var refused = await Swaks.RunAsync(Relay.SubmissionEndPoint,
            "--from", "eve@unverified.test", "--header", "From: Shop <news@example.com>", "--to", "x@dest.test", "--body", "trusted, spoofed envelope");
        var accepted = await Swaks.RunAsync(Relay.SubmissionEndPoint,
            "--from", "bounces@example.com", "--header", "From: Shop <news@example.com>", "--to", "x@dest.test", "--body", "trusted, verified");

        Assert.That(refused.ClientLine("AUTH"), Is.Null, "no AUTH: the session sends as Relay:Relaying:TrustedNetworkAccount");
        Assert.That(refused.ReplyToEndOfData(), Is.EqualTo(new[] { NotVerified + "eve@unverified.test" }), refused.ToString);
        Assert.That(accepted.ReplyToEndOfData(), Has.Some.StartsWith("250 "), accepted.ToString);
        Assert.That(Relay.Sink.Delivered.Select(d => d.ReversePath), Is.EqualTo(new[] { "bounces@example.com" }));
    }

    private static MimeMessage Message(string extraFields) => MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(
        extraFields + "From: Shop <news@example.com>\r\nTo: someone@dest.test\r\nSubject: sender check\r\n\r\nbody\r\n")));

    private async Task StartAsync()
    {
        _relay = await RelayUnderTest.StartWithSinkAsync(Account, Password);
        await Relay.AddDomainAsync(Account, "example.com");
    }

    /// <summary>127.0.0.0/8 trusted, sending as "shop", whose account must exist before the host starts.</summary>
    private async Task StartTrustedAsync()
    {
        _trustedData = Directory.CreateTempSubdirectory("relay-e2e-trusted-").FullName;
        var store = await SqliteRelayStore.OpenAsync(Path.Combine(_trustedData, "relay.db"), CancellationToken.None);
        await store.SaveAccountAsync(new Account(Account, Account, Account, SmtpPasswordHasher.Hash(Password, 1_000), null), CancellationToken.None);
        await store.SaveIdentityAsync(
            new Identity(Account, "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.NotStarted, false, null),
            CancellationToken.None);
        var sink = SmtpSink.Start();
        try
        {
            _relay = await RelayUnderTest.StartAsync(sink.Port, new Dictionary<string, string?>
            {
                ["Relay:DataDirectory"] = _trustedData,
                ["Relay:Relaying:TrustedNetworks:0"] = "127.0.0.0/8",
                ["Relay:Relaying:TrustedNetworkAccount"] = Account,
            });
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }

        _relay.AttachSink(sink);
    }
}
