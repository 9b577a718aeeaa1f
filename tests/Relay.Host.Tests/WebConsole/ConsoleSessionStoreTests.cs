using Microsoft.Extensions.Time.Testing;
using Relay.Configuration;
using Relay.WebConsole;

namespace Relay.Host.Tests.WebConsole;

public sealed class ConsoleSessionStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 5, 0, 0, TimeSpan.Zero));

    private ConsoleSessionStore Store() => new(new ConsoleSettings { SessionIdleTimeout = TimeSpan.FromMinutes(30) }, _time);

    [Test]
    public void A_session_unused_for_the_idle_timeout_is_gone()
    {
        var store = Store();
        var (id, session) = store.Create("admin");

        _time.Advance(TimeSpan.FromMinutes(29));
        var before = store.Find(id);
        _time.Advance(TimeSpan.FromMinutes(30));
        var after = store.Find(id);

        Assert.That(before, Is.SameAs(session));
        Assert.That(after, Is.Null);
    }

    [Test]
    public void Each_use_restarts_the_idle_time()
    {
        var store = Store();
        var (id, _) = store.Create("admin");

        for (var step = 0; step < 5; step++)
        {
            _time.Advance(TimeSpan.FromMinutes(20));
            Assert.That(store.Find(id), Is.Not.Null, $"after {(step + 1) * 20} minutes of use");
        }
    }

    [Test]
    public void Ids_and_csrf_tokens_are_random_256_bit_values_and_differ()
    {
        var store = Store();
        var (first, firstSession) = store.Create("admin");
        var (second, secondSession) = store.Create("admin");

        Assert.That(System.Buffers.Text.Base64Url.DecodeFromChars(first), Has.Length.EqualTo(32));
        Assert.That(System.Buffers.Text.Base64Url.DecodeFromChars(firstSession.CsrfToken), Has.Length.EqualTo(32));
        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(secondSession.CsrfToken, Is.Not.EqualTo(firstSession.CsrfToken));
        Assert.That(firstSession.CsrfToken, Is.Not.EqualTo(first));
    }

    [Test]
    public void A_removed_or_unknown_id_finds_nothing()
    {
        var store = Store();
        var (id, _) = store.Create("admin");

        store.Remove(id);

        Assert.That(store.Find(id), Is.Null);
        Assert.That(store.Find("unknown"), Is.Null);
        Assert.That(store.Find(null), Is.Null);
    }

    [Test]
    public void Past_the_limit_the_least_recently_used_session_goes()
    {
        var store = Store();
        var (oldest, _) = store.Create("admin");
        _time.Advance(TimeSpan.FromSeconds(1));
        var (kept, _) = store.Create("admin");
        for (var index = 2; index < ConsoleSessionStore.MaxSessions; index++)
        {
            store.Create("admin");
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        store.Find(kept);
        store.Create("admin");

        Assert.That(store.Find(oldest), Is.Null);
        Assert.That(store.Find(kept), Is.Not.Null);
    }
}
