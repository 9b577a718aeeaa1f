using MimeKit;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// A 5 MB message (well over Relay's in-memory threshold, so it is buffered to a file) through MailKit, Relay
/// and the sink: the bytes after the two signature fields are exactly what MailKit sent, and both signatures verify.
/// </summary>
public sealed class LargeMessageThroughRelayTests
{
    private const string Password = "large message password";
    private const int AttachmentOctets = 3_800_000;

    [Test]
    public async Task A_5_MB_message_arrives_byte_identical_after_the_signatures_and_verifies()
    {
        await using var relay = await RelayUnderTest.StartWithSinkAsync("bulk", Password);
        await relay.AddDomainAsync("bulk", "example.com");

        var transmitted = await MailKitSubmission.SendAsync(relay, "bulk", Password, LargeMessage());

        Assert.That(transmitted, Has.Length.GreaterThan(5_000_000), "precondition: the message is over 5 MB");
        var delivered = relay.Sink.Delivered.Single();
        Assert.That(delivered.ReversePath, Is.EqualTo("reports@example.com"));
        Assert.That(delivered.Recipients, Is.EqualTo(new[] { "archive@dest.test" }));
        var signed = SignedMessage.Split(delivered.Data);
        Assert.That(signed.SignatureFields, Has.Count.EqualTo(2));
        // Compared as a whole (not with Is.EqualTo on 5 MB arrays) to keep a failure message short.
        Assert.That(signed.Rest.AsSpan().SequenceEqual(transmitted), Is.True,
            $"the {signed.Rest.Length} octets after the signatures differ from the {transmitted.Length} MailKit sent " +
            $"(first difference at {signed.Rest.AsSpan().CommonPrefixLength(transmitted)})");
        var verdicts = await VerifierVerdicts.ForAsync(delivered.Data, relay.TxtRecords);
        verdicts.AssertSignedAndPassing(["example.com", RelayUnderTest.ProviderDomain]);
    }

    private static MimeMessage LargeMessage()
    {
        var attachment = new byte[AttachmentOctets];
        new Random(5_000_000).NextBytes(attachment);
        var body = new BodyBuilder { TextBody = "The monthly report is attached.\r\n" };
        body.Attachments.Add("report.bin", attachment, new ContentType("application", "octet-stream"));
        var message = new MimeMessage
        {
            Subject = "Monthly report",
            Date = new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero),
            MessageId = "large-5mb@example.com",
            Body = body.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress("Reports", "reports@example.com"));
        message.To.Add(new MailboxAddress("Archive", "archive@dest.test"));
        return message;
    }
}
