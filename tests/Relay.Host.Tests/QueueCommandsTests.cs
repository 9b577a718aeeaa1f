using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Cli;
using Relay.Configuration;
using Relay.Delivery.Spool;
using Relay.Queueing;

namespace Relay.Host.Tests;

/// <summary><c>relay queue</c> reads the spool without changing it and leaves retry/delete requests for the queue.</summary>
public sealed class QueueCommandsTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private string _data = null!;
    private LoadedSettings _settings = null!;

    [SetUp]
    public void CreateDataDirectory()
    {
        _data = Directory.CreateTempSubdirectory("relay-queue-cli-").FullName;
        _settings = SettingsLoader.Load(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection([new KeyValuePair<string, string?>("Relay:DataDirectory", _data)])
            .Build());
    }

    [TearDown]
    public void DeleteDataDirectory() => Directory.Delete(_data, recursive: true);

    [Test]
    public async Task List_and_show_print_the_envelope_its_recipients_and_attempts()
    {
        var id = await SpoolAsync();

        var (listCode, list) = await RunAsync("list");
        var (showCode, show) = await RunAsync("show", id);

        Assert.That(listCode, Is.Zero);
        Assert.That(list, Does.Contain(id).And.Contain("attempts=1").And.Contain("pending=1/2").And.Contain("from=<news@example.com>"));
        Assert.That(list, Does.Contain("1 message(s)"));
        Assert.That(showCode, Is.Zero);
        Assert.That(show, Does.Contain("<a@dest.test> Delivered 250 2.0.0 ok").And.Contain("<b@dest.test> Pending 451 4.3.0 later"));
        Assert.That(show, Does.Contain("smtp.example.net:25: b@dest.test: 451 4.3.0 later"));
    }

    [TestCase("retry", ".retry")]
    [TestCase("delete", ".delete")]
    public async Task Retry_and_delete_leave_a_request_for_the_running_queue(string verb, string extension)
    {
        var id = await SpoolAsync();

        var (code, output) = await RunAsync(verb, id);

        Assert.That(code, Is.Zero, output);
        Assert.That(File.Exists(Path.Combine(QueuePaths.Spool(_settings), "cmd", id + extension)), Is.True);
        Assert.That(File.Exists(Path.Combine(QueuePaths.Spool(_settings), "env", id + ".json")), Is.True, "the CLI never writes the spool");
    }

    [Test]
    public async Task An_unknown_id_is_exit_code_1_and_a_malformed_one_a_usage_error()
    {
        var (code, output) = await RunAsync("show", new string('a', 32));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("no message"));
        Assert.ThrowsAsync<CliUsageException>(() => RunAsync("retry", "../../etc/passwd"));
    }

    private async Task<string> SpoolAsync()
    {
        var spool = new FileMessageSpool(QueuePaths.Spool(_settings), new FakeTimeProvider(Now.AddMinutes(-10)), NullLogger<FileMessageSpool>.Instance);
        var added = await spool.AddAsync(
            new SpoolEnvelope
            {
                ReversePath = "news@example.com",
                Recipients = [new SpoolRecipient { Address = "a@dest.test" }, new SpoolRecipient { Address = "b@dest.test" }],
            },
            new MemoryStream(Encoding.ASCII.GetBytes("Subject: x\r\n\r\nbody\r\n")), CancellationToken.None);
        await spool.UpdateAsync(added.Envelope with
        {
            Attempts = 1,
            Recipients =
            [
                new SpoolRecipient { Address = "a@dest.test", State = RecipientState.Delivered, LastReply = "250 2.0.0 ok" },
                new SpoolRecipient { Address = "b@dest.test", State = RecipientState.Pending, LastReply = "451 4.3.0 later" },
            ],
            History = [new SpoolAttempt { At = Now.AddMinutes(-9), Destination = "smtp.example.net:25", Result = "b@dest.test: 451 4.3.0 later" }],
            LastError = "451 4.3.0 later",
            NextAttemptAt = Now.AddMinutes(1),
        }, CancellationToken.None);
        return added.Envelope.Id;
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] words)
    {
        using var output = new StringWriter();
        var code = await QueueCommands.RunAsync(words[0], CliArguments.Parse(["queue", .. words]), _settings, new FakeTimeProvider(Now), output, CancellationToken.None);
        return (code, output.ToString());
    }
}
