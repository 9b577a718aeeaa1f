using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Identities;
using Relay.Core.Ingestion;
using Relay.Core.Quotas;

namespace Relay.Core.Tests.Quotas;

/// <summary>The ingestion path asks the quota after the identity check: over it, 454 4.7.0 and nothing is dispatched.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SendingQuotaIngestionTests
{
    private const string Account = "shop";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 10, 0, 30, TimeSpan.Zero));
    private readonly CountingDispatcher _dispatcher = new();
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("relay-quota-ingest-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private SendingQuota Quota(double max24HourSend, double maxSendRate) => new(
        new InMemorySendingQuotaStore(), new SendingQuotaOptions { Max24HourSend = max24HourSend, MaxSendRate = maxSendRate },
        StoredSendingQuota.Empty, _clock, NullLogger<SendingQuota>.Instance);

    private MessageIngestionService Service(SendingQuota quota) => new(
        new SenderIdentityCheck(new IdentityResolver(new OneDomain(Account, "example.com")), new SendingRegion("us-east-1")), new CopyingSigner(), _dispatcher,
        new EightBitNextHop(), new ProviderSignature(new SignatureSpec("provider.test", "relay", "provider-key")),
        new SigningOptions(), new ContentBufferFactory(_directory, 1 << 20), new MessageIds(_clock), _clock,
        NullLogger<MessageIngestionService>.Instance, quota: quota);

    private static InboundMessage Message(string from = "news@example.com", params string[] recipients) => new(
        Account, "bounce@example.com", recipients.Length == 0 ? ["a@dest.test"] : recipients, false, false,
        new MemoryStream(Encoding.ASCII.GetBytes($"From: {from}\r\nTo: a@dest.test\r\n\r\nhi\r\n")), "smtp");

    [Test]
    public async Task Over_the_daily_quota_the_message_gets_454_and_is_not_dispatched()
    {
        using var quota = Quota(max24HourSend: 2, maxSendRate: 14);
        var service = Service(quota);

        var first = await service.IngestAsync(Message(), CancellationToken.None);
        var second = await service.IngestAsync(Message(), CancellationToken.None);
        var third = await service.IngestAsync(Message(), CancellationToken.None);

        Assert.That(new[] { first.Outcome, second.Outcome }, Is.All.EqualTo(IngestionOutcome.Accepted));
        Assert.That(third.Outcome, Is.EqualTo(IngestionOutcome.TemporaryFailure));
        Assert.That((third.ReplyCode, third.EnhancedStatusCode, third.Text),
            Is.EqualTo((454, "4.7.0", "Throttling failure: Daily message quota exceeded.")));
        Assert.That(third.ExceededLimit, Is.EqualTo(SendingLimit.Max24HourSend));
        Assert.That(_dispatcher.Dispatched, Is.EqualTo(2));
        Assert.That(quota.Current(Account).SentLast24Hours, Is.EqualTo(2));
    }

    [Test]
    public async Task Over_the_rate_the_message_gets_454_maximum_sending_rate_exceeded()
    {
        using var quota = Quota(max24HourSend: 50_000, maxSendRate: 1);
        var service = Service(quota);

        var first = await service.IngestAsync(Message(recipients: ["a@dest.test", "b@dest.test", "c@dest.test"]), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var second = await service.IngestAsync(Message(), CancellationToken.None);

        Assert.That(first.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
        Assert.That((second.ReplyCode, second.EnhancedStatusCode, second.Text),
            Is.EqualTo((454, "4.7.0", "Throttling failure: Maximum sending rate exceeded.")));
        Assert.That(second.ExceededLimit, Is.EqualTo(SendingLimit.MaxSendRate));
        Assert.That(quota.Current(Account).SentLast24Hours, Is.EqualTo(3), "three recipients count three");
    }

    [Test]
    public async Task Only_accepted_messages_count()
    {
        using var quota = Quota(max24HourSend: 1, maxSendRate: 14);
        var service = Service(quota);

        var unverified = await service.IngestAsync(Message(from: "eve@unverified.test"), CancellationToken.None);
        _dispatcher.Reply = new DispatchResult(IngestionOutcome.TemporaryFailure, 451, "4.4.1", "next hop down");
        var deferred = await service.IngestAsync(Message(), CancellationToken.None);
        _dispatcher.Reply = new DispatchResult(IngestionOutcome.Accepted, 250, "2.0.0", "Ok");
        var accepted = await service.IngestAsync(Message(), CancellationToken.None);

        Assert.That(unverified.ReplyCode, Is.EqualTo(554));
        Assert.That(deferred.ReplyCode, Is.EqualTo(451));
        Assert.That(accepted.Outcome, Is.EqualTo(IngestionOutcome.Accepted), "the refused and the deferred message used none of the quota");
        Assert.That(quota.Current(Account).SentLast24Hours, Is.EqualTo(1));
    }

    [Test]
    public async Task System_messages_do_not_count()
    {
        using var quota = Quota(max24HourSend: 0, maxSendRate: 14);
        var service = Service(quota);

        var bounce = await service.SubmitAsync(string.Empty, ["someone@dest.test"],
            new MemoryStream(Encoding.ASCII.GetBytes("From: MAILER-DAEMON@provider.test\r\n\r\nbounce\r\n")), CancellationToken.None);
        var own = await service.IngestAsync(Message(), CancellationToken.None);

        Assert.That(bounce.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
        Assert.That(own.ExceededLimit, Is.EqualTo(SendingLimit.Max24HourSend), "a quota of 0 stops the account's own mail");
        Assert.That(quota.Current("system").SentLast24Hours, Is.Zero);
    }

    private sealed class CountingDispatcher : IOutboundDispatcher
    {
        public DispatchResult Reply { get; set; } = new(IngestionOutcome.Accepted, 250, "2.0.0", "Ok");

        public int Dispatched { get; private set; }

        public Task<DispatchResult> DispatchAsync(string messageId, OutboundEnvelope envelope, Stream signedContent, CancellationToken cancellationToken)
        {
            if (Reply.Outcome == IngestionOutcome.Accepted)
            {
                Dispatched++;
            }

            return Task.FromResult(Reply);
        }
    }

    private sealed class CopyingSigner : IMessageSigner
    {
        public Task SignAsync(Stream source, IReadOnlyList<SignatureSpec> signatures, Stream destination, CancellationToken cancellationToken) =>
            source.CopyToAsync(destination, cancellationToken);
    }

    private sealed class EightBitNextHop : INextHopCapabilities
    {
        public ValueTask<bool> AcceptsEightBitMimeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }

    private sealed class OneDomain(string accountId, string domain) : IIdentityStore
    {
        private readonly Identity _identity = new(accountId, domain, IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, null);

        public Task<IReadOnlyList<Identity>> FindIdentitiesAsync(string accountId, IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Identity>>(accountId == _identity.AccountId && names.Contains(_identity.Name) ? [_identity] : []);

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
