using System.Text;
using System.Text.Json;
using MimeKit;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// <c>aws sesv2 send-email</c> with Simple content's Headers and Attachments: the pip awscli 1.x (botocore 1.43, the
/// current model) sends them and the next hop gets them, signed; Debian's awscli 2.9 bundles a model from before these
/// shapes and refuses them itself, before any request (pinned, so the day its model gains them this test says so).
/// </summary>
public sealed class SimpleContentThroughAwsCliTests
{
    private const string Unsubscribe = "<https://example.com/unsubscribe?u=42>";
    private const string Notes = "Line one of the notes.\r\nLine two.\r\n";

    [Test]
    public async Task Awscli_1_sends_list_unsubscribe_headers_and_an_attachment_that_arrive_signed()
    {
        await using var session = await ApiCliSession.StartAsync(AwsCli.PipV1, TimeSpan.FromMilliseconds(1));
        await session.Aws.RunAsync("sesv2", "create-email-identity", "--email-identity", "example.com");
        var records = await session.Relay.MarkDkimSuccessAsync("shop", "example.com");
        // awscli 1 takes a blob in a JSON file as the bytes themselves.
        var content = session.Aws.WriteFile("content.json", Content(Notes));

        var sent = (await session.Aws.RunAsync("sesv2", "send-email", "--from-email-address", "news@example.com",
            "--destination", "ToAddresses=someone@dest.test", "--content", "file://" + content)).Json();

        Assert.That(sent.GetProperty("MessageId").GetString(), Is.Not.Empty);
        var delivered = (await session.Relay.DeliveredAsync(1)).Single();
        var wire = Encoding.ASCII.GetString(delivered.Data);
        Assert.That(wire, Does.Contain("\r\nList-Unsubscribe: " + Unsubscribe + "\r\n"));
        Assert.That(wire, Does.Contain("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
        var message = MimeMessage.Load(new MemoryStream(delivered.Data));
        var notes = message.Attachments.OfType<MimePart>().Single();
        Assert.That(notes.FileName, Is.EqualTo("notes.txt"));
        using var decoded = new MemoryStream();
        await notes.Content!.DecodeToAsync(decoded);
        Assert.That(Encoding.ASCII.GetString(decoded.ToArray()), Is.EqualTo(Notes));
        await BothSignatures.AssertPassAsync(delivered.Data, records, "example.com");
    }

    [Test]
    public async Task Awscli_2_9_refuses_the_newer_shapes_itself_and_nothing_is_sent()
    {
        await using var session = await ApiCliSession.StartAsync(AwsCli.DebianV2, TimeSpan.FromMilliseconds(1));
        await session.Aws.RunAsync("sesv2", "create-email-identity", "--email-identity", "example.com");
        var content = session.Aws.WriteFile("content.json", Content(Convert.ToBase64String(Encoding.ASCII.GetBytes(Notes))));

        var result = await session.Aws.RunAsync("sesv2", "send-email", "--from-email-address", "news@example.com",
            "--destination", "ToAddresses=someone@dest.test", "--content", "file://" + content);

        Assert.That(result.ExitCode, Is.Not.Zero, result.StandardOutput);
        Assert.That(result.StandardError, Does.Contain("Unknown parameter in Content.Simple"), result.StandardError);
        Assert.That(session.Relay.Relay.Sink.Transactions, Is.Empty);
    }

    private static string Content(string rawContent) => JsonSerializer.Serialize(new
    {
        Simple = new
        {
            Subject = new { Data = "Notes" },
            Body = new { Text = new { Data = "See the notes." } },
            Headers = new[]
            {
                new { Name = "List-Unsubscribe", Value = Unsubscribe },
                new { Name = "List-Unsubscribe-Post", Value = "List-Unsubscribe=One-Click" },
            },
            Attachments = new[] { new { FileName = "notes.txt", RawContent = rawContent } },
        },
    });
}
