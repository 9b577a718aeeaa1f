using System.Net;
using Microsoft.Extensions.Time.Testing;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

/// <summary>Issue 14 item 7: password guessing is throttled per address and per user, and hashing is bounded.</summary>
public sealed class AuthThrottleTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Other = IPAddress.Parse("127.0.0.3");

    [Test]
    public async Task After_the_address_limit_auth_from_that_address_gets_421_without_a_password_check_until_the_window_passes()
    {
        var clock = new FakeTimeProvider();
        var authenticator = new CountingAuthenticator();
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.AllowPlaintextAuthOnLoopback = true;
                o.MaxAuthFailuresPerAddress = 3;
                o.AuthFailureWindow = TimeSpan.FromMinutes(15);
            },
            timeProvider: clock,
            authenticator: authenticator);
        await using (var client = await server.ConnectAndGreetAsync(Guesser))
        {
            for (var i = 0; i < 3; i++)
            {
                await client.ExpectAsync("AUTH PLAIN " + Credentials.Plain($"user{i}", "guess"), 535, "5.7.8");
            }

            Transcript.AssertReply(await client.CommandAsync("AUTH PLAIN " + Credentials.Plain("user9", "guess")), 421, "4.7.0");
            Assert.That(await client.IsClosedByServerAsync(), Is.True);
        }

        Assert.That(authenticator.Calls, Is.EqualTo(3), "the throttled attempt is not checked");
        await using (var again = await server.ConnectAndGreetAsync(Guesser))
        {
            Transcript.AssertReply(await again.CommandAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password)), 421, "4.7.0");
        }

        await using (var other = await server.ConnectAndGreetAsync(Other))
        {
            await other.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password), 235, "2.7.0");
        }

        clock.Advance(TimeSpan.FromMinutes(15));
        await using var later = await server.ConnectAndGreetAsync(Guesser);
        await later.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password), 235, "2.7.0");
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1074));
    }

    [Test]
    public async Task After_the_user_limit_auth_for_that_user_gets_421_from_any_address()
    {
        var authenticator = new CountingAuthenticator();
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.AllowPlaintextAuthOnLoopback = true;
                o.MaxAuthFailuresPerUser = 3;
            },
            authenticator: authenticator);
        for (var i = 0; i < 3; i++)
        {
            await using var client = await server.ConnectAndGreetAsync(IPAddress.Parse($"127.0.1.{i + 1}"));
            await client.ExpectAsync("AUTH PLAIN " + Credentials.Plain("Alice", "guess" + i), 535, "5.7.8");
        }

        await using var fourth = await server.ConnectAndGreetAsync(IPAddress.Parse("127.0.1.9"));
        await fourth.ExpectAsync("AUTH PLAIN " + Credentials.Plain("bob", "guess"), 535, "5.7.8");
        Transcript.AssertReply(await fourth.CommandAsync("AUTH PLAIN " + Credentials.Plain("alice", "guess")), 421, "4.7.0");
        Assert.That(authenticator.Calls, Is.EqualTo(4));
    }

    [Test]
    public async Task A_correct_password_ends_the_users_failure_count()
    {
        await using var server = await SmtpTestServer.StartAsync(o =>
        {
            o.AllowPlaintextAuthOnLoopback = true;
            o.MaxAuthFailuresPerUser = 2;
        });
        await using (var first = await server.ConnectAndGreetAsync())
        {
            await first.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, "typo"), 535, "5.7.8");
            await first.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password), 235, "2.7.0");
        }

        await using var second = await server.ConnectAndGreetAsync();
        await second.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, "typo"), 535, "5.7.8");
        await second.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password), 235, "2.7.0");
    }

    [Test]
    public async Task No_more_password_checks_run_at_once_than_the_limit()
    {
        var authenticator = new BlockingAuthenticator();
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.AllowPlaintextAuthOnLoopback = true;
                o.MaxConcurrentAuthentications = 2;
            },
            authenticator: authenticator);
        var clients = new List<SmtpTestClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var client = await server.ConnectAndGreetAsync(IPAddress.Parse($"127.0.2.{i + 1}"));
                clients.Add(client);
                await client.SendAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password) + "\r\n");
            }

            await authenticator.WaitForRunningAsync(2);
            // Without the bound the other three would be inside by now; the pause only gives them the chance (it
            // can make this test miss a regression, never fail a correct server).
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.That(authenticator.Running, Is.EqualTo(2));
            authenticator.ReleaseAll();
            foreach (var client in clients)
            {
                Transcript.AssertReply(await client.ReadReplyAsync(), 235, "2.7.0");
            }

            Assert.That(authenticator.MaxRunning, Is.EqualTo(2));
            Assert.That(authenticator.Calls, Is.EqualTo(5));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Test]
    public void The_defaults_throttle_guessing()
    {
        var options = new SmtpServerOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.MaxAuthFailuresPerAddress, Is.EqualTo(10));
            Assert.That(options.MaxAuthFailuresPerUser, Is.EqualTo(20));
            Assert.That(options.AuthFailureWindow, Is.EqualTo(TimeSpan.FromMinutes(15)));
            Assert.That(options.MaxConcurrentAuthentications, Is.EqualTo(4));
        });
    }

    private sealed class CountingAuthenticator : ISmtpAuthenticator
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<string?> AuthenticateAsync(SmtpSessionContext session, string userName, string password, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(userName == SmtpTestServer.UserName && password == SmtpTestServer.Password ? "alice" : null);
        }
    }

    private sealed class BlockingAuthenticator : ISmtpAuthenticator
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;

        public int MaxRunning { get; private set; }

        public int Running
        {
            get
            {
                lock (_lock)
                {
                    return _running;
                }
            }
        }

        public int Calls { get; private set; }

        public async ValueTask<string?> AuthenticateAsync(SmtpSessionContext session, string userName, string password, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                Calls++;
                _running++;
                MaxRunning = Math.Max(MaxRunning, _running);
                _changed.TrySetResult();
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            await _release.Task.WaitAsync(cancellationToken);
            lock (_lock)
            {
                _running--;
            }

            return "alice";
        }

        public async Task WaitForRunningAsync(int count)
        {
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (_running >= count)
                    {
                        return;
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(SmtpTestClient.ReadTimeout);
            }
        }

        public void ReleaseAll() => _release.TrySetResult();
    }
}
