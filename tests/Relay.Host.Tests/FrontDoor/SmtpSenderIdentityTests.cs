using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Configuration;
using Relay.Core.Identities;
using Relay.Core.Ingestion;
using Relay.FrontDoor;
using Relay.Smtp;

namespace Relay.Host.Tests.FrontDoor;

/// <summary>
/// SMTP's front door with the real ingestion path: MAIL FROM is taken (SES checks the senders after DATA, not at MAIL),
/// and the reply after DATA is SES's 554 naming the unverified envelope sender. A session from
/// <c>Relay:Relaying:TrustedNetworks</c> without AUTH sends as <c>TrustedNetworkAccount</c> and is checked against
/// that account's identities, exactly as an authenticated one is against its own.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SmtpSenderIdentityTests
{
    private const string Apps = "apps";
    private const string NotVerified =
        "Message rejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: ";

    private readonly MemoryIdentityStore _identities = new();
    private readonly RecordingDispatcher _dispatcher = new();
    private readonly SessionAccounts _accounts = new([IPNetwork.Parse("10.1.0.0/16")], Apps);
    private string _temp = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = Directory.CreateTempSubdirectory("relay-senders-").FullName;
        _identities.Add(new Identity(Apps, "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, null));
        _identities.Add(new Identity("shop", "shop.test", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, null));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public async Task Mail_from_an_unverified_address_is_taken_at_mail_and_refused_554_at_the_end_of_data()
    {
        var atMail = await new RelayTransactionPolicy(_accounts, Reserve()).CheckSenderAsync(Trusted(), "eve@unverified.test", CancellationToken.None);

        var reply = await DataAsync(Trusted(), "eve@unverified.test", "From: app@example.com\r\n");

        Assert.That(atMail, Is.Null, "SES answers the sender check after DATA, not at MAIL");
        Assert.That((reply.Code, reply.EnhancedCode, reply.Text), Is.EqualTo((554, "5.7.1", NotVerified + "eve@unverified.test")));
        Assert.That(_dispatcher.Dispatched, Is.Zero);
    }

    [TestCase("Sender: eve@unverified.test\r\n")]
    [TestCase("Return-Path: <eve@unverified.test>\r\n")]
    public async Task A_sender_or_return_path_field_is_checked_too(string field)
    {
        var reply = await DataAsync(Trusted(), "bounces@example.com", field + "From: app@example.com\r\n");

        Assert.That((reply.Code, reply.Text), Is.EqualTo((554, NotVerified + "eve@unverified.test")));
        Assert.That(_dispatcher.Dispatched, Is.Zero);
    }

    [Test]
    public async Task Trusted_network_mail_is_checked_against_the_trusted_network_accounts_identities_only()
    {
        // shop.test is verified, but for the account "shop", not for the trusted-network account.
        var reply = await DataAsync(Trusted(), "bounces@shop.test", "From: app@example.com\r\n");
        var accepted = await DataAsync(Trusted(), "bounces@mail.example.com", "From: app@example.com\r\n");

        Assert.That((reply.Code, reply.Text), Is.EqualTo((554, NotVerified + "bounces@shop.test")));
        Assert.That(accepted.Code, Is.EqualTo(250), accepted.Text);
        Assert.That(_dispatcher.Account, Is.EqualTo(Apps));
    }

    [Test]
    public async Task An_authenticated_session_is_checked_against_its_own_account()
    {
        var shop = Session("203.0.113.9", principal: "shop");

        var refused = await DataAsync(shop, "bounces@example.com", "From: news@shop.test\r\n");
        var accepted = await DataAsync(shop, "bounces@shop.test", "From: news@shop.test\r\n");

        Assert.That((refused.Code, refused.Text), Is.EqualTo((554, NotVerified + "bounces@example.com")));
        Assert.That(accepted.Code, Is.EqualTo(250), accepted.Text);
    }

    [Test]
    public async Task The_null_reverse_path_is_allowed()
    {
        var reply = await DataAsync(Trusted(), string.Empty, "From: MAILER-DAEMON@example.com\r\n");

        Assert.That(reply.Code, Is.EqualTo(250), reply.Text);
    }

    private static SmtpSessionContext Trusted() => Session("10.1.2.3");

    private static SmtpSessionContext Session(string remote, string? principal = null) =>
        new("s1", new IPEndPoint(IPAddress.Parse(remote), 40000), new IPEndPoint(IPAddress.Loopback, 2587), authenticatedPrincipal: principal);

    private Relay.Core.Storage.StorageReserve Reserve() =>
        new(new Relay.Core.Storage.StorageReserveOptions(), _temp, TimeProvider.System, NullLogger<Relay.Core.Storage.StorageReserve>.Instance);

    private async Task<SmtpReply> DataAsync(SmtpSessionContext session, string reversePath, string headers)
    {
        var clock = new FakeTimeProvider();
        var ids = new MessageIds(clock);
        var ingestion = new MessageIngestionService(
            new SenderIdentityCheck(new IdentityResolver(_identities), new SendingRegion("eu-west-1")),
            new PassThroughSigner(), _dispatcher, new EightBitNextHop(), new ProviderSignature(new SignatureSpec("relay.test", "s", "key")),
            new SigningOptions(), new ContentBufferFactory(_temp, 1 << 20), ids, clock, NullLogger<MessageIngestionService>.Instance);
        var handler = new SmtpIngestionHandler(_accounts, ingestion, new ReceivedHeaderBuilder(new TraceSettings(), new SmtpServerOptions(), clock), ids);
        using var content = new MemoryStream(Encoding.ASCII.GetBytes(headers + "To: x@dest.test\r\n\r\nHello\r\n"));
        return await handler.HandleMessageAsync(
            session, new SmtpEnvelope(reversePath, ["x@dest.test"], SmtpBodyType.SevenBit, false, null), content, CancellationToken.None);
    }

    private sealed class PassThroughSigner : IMessageSigner
    {
        public Task SignAsync(Stream source, IReadOnlyList<SignatureSpec> signatures, Stream destination, CancellationToken cancellationToken) =>
            source.CopyToAsync(destination, cancellationToken);
    }

    private sealed class EightBitNextHop : INextHopCapabilities
    {
        public ValueTask<bool> AcceptsEightBitMimeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }

    private sealed class RecordingDispatcher : IOutboundDispatcher
    {
        public int Dispatched { get; private set; }

        public string? Account { get; private set; }

        public Task<DispatchResult> DispatchAsync(string messageId, OutboundEnvelope envelope, Stream signedContent, CancellationToken cancellationToken)
        {
            Dispatched++;
            Account = envelope.AccountId;
            return Task.FromResult(new DispatchResult(IngestionOutcome.Accepted, 250, "2.0.0", "Ok"));
        }
    }

    private sealed class MemoryIdentityStore : IIdentityStore
    {
        private readonly List<Identity> _identities = [];

        public void Add(Identity identity) => _identities.Add(identity);

        public Task<IReadOnlyList<Identity>> FindIdentitiesAsync(string accountId, IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Identity>>(_identities.Where(i => i.AccountId == accountId && names.Contains(i.Name)).ToList());

        public Task SaveIdentityAsync(Identity identity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TrySaveIdentityAsync(Identity identity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryAddIdentityAsync(Identity identity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Identity>> ListIdentitiesAsync(string accountId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteIdentityAsync(string accountId, string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Identity>> ClaimIdentitiesDueAsync(DateTimeOffset now, DateTimeOffset claimedUntil, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DateTimeOffset?> NextCheckAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Identity?> FindEmailIdentityByTokenAsync(string token, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
