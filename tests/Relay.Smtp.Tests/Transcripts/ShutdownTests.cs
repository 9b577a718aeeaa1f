using System.Net.Sockets;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class ShutdownTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Test]
    public async Task An_idle_session_gets_421_4_3_2_and_stop_completes()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        using var grace = new CancellationTokenSource(Generous);

        var stop = server.Server.StopAsync(grace.Token);

        Transcript.AssertReply(await client.ReadReplyAsync(), 421, "4.3.2");
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
        await stop.WaitAsync(Generous);
        Assert.That(grace.IsCancellationRequested, Is.False, "stop did not need the grace period");
    }

    [Test]
    public async Task After_stop_new_connections_are_refused()
    {
        await using var server = await SmtpTestServer.StartAsync();
        var endPoint = server.EndPoint;

        await server.Server.StopAsync(CancellationToken.None);

        Assert.That(async () => await SmtpTestClient.ConnectAsync(endPoint), Throws.InstanceOf<SocketException>());
    }

    [Test]
    public async Task A_transaction_in_flight_may_finish_then_gets_421()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        using var grace = new CancellationTokenSource(Generous);

        var stop = server.Server.StopAsync(grace.Token);

        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("finishing\r\n.\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
        Transcript.AssertReply(await client.CommandAsync("MAIL FROM:<again@example.com>"), 421, "4.3.2");
        await stop.WaitAsync(Generous);
        Assert.That(server.Handler.Messages.Single().Content, Is.EqualTo("finishing\r\n"u8.ToArray()));
    }

    [Test]
    public async Task When_the_grace_period_ends_sessions_in_flight_are_aborted()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("never finished\r\n");
        using var grace = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await server.Server.StopAsync(grace.Token).WaitAsync(Generous);

        Assert.That(await client.IsClosedByServerAsync(), Is.True);
        Assert.That(server.Handler.Messages, Is.Empty);
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1002).And.Contain(1014));
    }

    [Test]
    public async Task A_handler_running_at_abort_is_cancelled_without_a_451()
    {
        var handlerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SmtpTestServer.StartAsync();
        server.Handler.OnMessage = async cancellationToken =>
        {
            handlerStarted.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        };
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("x\r\n.\r\n");
        await handlerStarted.Task.WaitAsync(Generous);
        using var grace = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await server.Server.StopAsync(grace.Token).WaitAsync(Generous);

        Assert.That(await client.IsClosedByServerAsync(), Is.True, "no reply, just the close");
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Not.Contain(1052), "shutdown is not a handler failure");
    }

    [Test]
    public async Task Dispose_during_a_patient_stop_aborts_and_both_complete()
    {
        var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        var patientStop = server.Server.StopAsync(CancellationToken.None);

        await server.DisposeAsync().AsTask().WaitAsync(Generous);

        await patientStop.WaitAsync(Generous);
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Dispose_without_start_and_double_stop_are_harmless()
    {
        var server = await SmtpTestServer.StartAsync();
        await server.Server.StopAsync(CancellationToken.None);
        await server.Server.StopAsync(CancellationToken.None);
        await server.DisposeAsync();

        Assert.That(server.Server.BoundEndPoints, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Start_binds_port_zero_to_a_real_port_and_cannot_run_twice()
    {
        await using var server = await SmtpTestServer.StartAsync(implicitTls: true);

        Assert.That(server.Server.BoundEndPoints.Select(e => e.Port), Has.All.GreaterThan(0));
        Assert.That(server.Server.BoundEndPoints[0], Is.Not.EqualTo(server.Server.BoundEndPoints[1]));
        Assert.That(() => server.Server.StartAsync(CancellationToken.None), Throws.InvalidOperationException);
    }
}
