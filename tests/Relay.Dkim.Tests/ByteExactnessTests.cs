namespace Relay.Dkim.Tests;

/// <summary>What leaves is the new fields and then the received bytes, unchanged.</summary>
[TestFixture]
public sealed class ByteExactnessTests
{
    private static IEnumerable<CorpusMessage> Corpus() => MessageCorpus.All;

    [TestCaseSource(nameof(Corpus))]
    public async Task Output_is_the_signature_fields_followed_by_the_exact_input(CorpusMessage message)
    {
        var signed = await TestSigning.SignAsync(message.Bytes, TestKeys.Customer, TestKeys.Provider);

        var output = SignedOutput.Parse(signed);

        Assert.That(output.Fields, Has.Count.EqualTo(2));
        Assert.That(output.Rest, Is.EqualTo(message.Bytes), "the received bytes, byte for byte");
    }

    [TestCaseSource(nameof(Corpus))]
    public async Task Signature_fields_are_folded_with_CRLF_only(CorpusMessage message)
    {
        var signed = await TestSigning.SignAsync(message.Bytes, TestKeys.Customer, TestKeys.Provider);

        foreach (var field in SignedOutput.Parse(signed).Fields)
        {
            var lines = field.Split("\r\n");
            Assert.Multiple(() =>
            {
                Assert.That(field, Does.EndWith("\r\n"));
                Assert.That(field.Replace("\r\n", string.Empty, StringComparison.Ordinal), Does.Not.Contain('\n').And.Not.Contain('\r'));
                Assert.That(lines.Skip(1).Where(line => line.Length > 0).All(line => line[0] is ' ' or '\t'), Is.True, "continuation lines start with white space");
                Assert.That(lines, Has.All.Length.LessThanOrEqualTo(78));
            });
        }
    }

    [Test]
    public async Task Signing_reads_the_message_from_where_the_stream_is_positioned_to_its_end()
    {
        var message = MessageCorpus.All[0].Bytes;
        byte[] prefix = [.. "junk before the message"u8];
        using var source = new MemoryStream([.. prefix, .. message]) { Position = prefix.Length };
        using var destination = new MemoryStream();

        await new Relay.Dkim.DkimMessageSigner(TimeProvider.System).SignAsync(source, [TestKeys.Provider], destination, CancellationToken.None);

        Assert.That(SignedOutput.Parse(destination.ToArray()).Rest, Is.EqualTo(message));
    }
}
