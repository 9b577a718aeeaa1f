using System.Text;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Ingestion;
using Relay.Dkim;
using Relay.Testing;

namespace Relay.Core.Tests;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class HeaderPreparationTests
{
    private const string Id = "019ae3a1b2c34d5e8f9012345678abcd";
    private const string Provider = "relay.provider.test";
    private const string Complete = "Date: Tue, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: <own@example.com>\r\n";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 11, 56, 22, TimeSpan.Zero);

    private string _tempDirectory = null!;

    [SetUp]
    public void CreateTempDirectory() => _tempDirectory = Directory.CreateTempSubdirectory("relay-headers-").FullName;

    [TearDown]
    public void DeleteTempDirectory() => Directory.Delete(_tempDirectory, recursive: true);

    private HeaderPreparation Create(int inMemoryThreshold = 1 << 20) =>
        new(new ContentBufferFactory(_tempDirectory, inMemoryThreshold), new FakeTimeProvider(Now));

    private async Task<(HeaderPreparationResult Result, string Output)> PrepareAsync(string message, int inMemoryThreshold = 1 << 20)
    {
        using var source = new MemoryStream(Encoding.UTF8.GetBytes(message));
        var result = await Create(inMemoryThreshold).PrepareAsync(source, Id, Provider, CancellationToken.None);
        Assert.That(source.Position, Is.Zero, "the source is left at position 0");
        if (result.Content is not { } content)
        {
            return (result, message);
        }

        await using (content)
        {
            Assert.That(content.Position, Is.Zero);
            using var reader = new StreamReader(content, Encoding.UTF8);
            return (result, await reader.ReadToEndAsync());
        }
    }

    [Test]
    public async Task A_bcc_field_is_removed_and_every_other_field_keeps_its_bytes_and_place()
    {
        var (result, output) = await PrepareAsync(
            "From: a@example.com\r\nBcc: hidden@dest.test\r\nTo: to@dest.test\r\n" + Complete + "\r\nBody\r\n");

        Assert.That(output, Is.EqualTo("From: a@example.com\r\nTo: to@dest.test\r\n" + Complete + "\r\nBody\r\n"));
        Assert.That(result.Changes, Is.EqualTo(new[] { "removed Bcc" }));
    }

    [Test]
    public async Task A_folded_bcc_goes_with_all_its_continuation_lines()
    {
        var (_, output) = await PrepareAsync(
            "From: a@example.com\r\nBcc: one@dest.test,\r\n two@dest.test,\r\n\tthree@dest.test\r\nSubject: hi\r\n" + Complete + "\r\n Body starting with a space\r\n");

        Assert.That(output, Is.EqualTo("From: a@example.com\r\nSubject: hi\r\n" + Complete + "\r\n Body starting with a space\r\n"));
    }

    [TestCase("Bcc")]
    [TestCase("BCC")]
    [TestCase("bcc")]
    [TestCase("Resent-Bcc")]
    [TestCase("Bcc ")]
    public async Task Every_bcc_field_goes_whatever_its_case_and_however_many(string name)
    {
        var (result, output) = await PrepareAsync(
            $"{name}: first@dest.test\r\nFrom: a@example.com\r\n{name}: second@dest.test\r\n" + Complete + $"{name}:\r\n\r\nBcc: in the body\r\n");

        Assert.That(output, Is.EqualTo("From: a@example.com\r\n" + Complete + "\r\nBcc: in the body\r\n"));
        Assert.That(result.Changes, Has.Count.EqualTo(1).And.Some.Contains("(3)"));
    }

    [Test]
    public async Task Fields_that_only_start_like_bcc_stay()
    {
        var message = "From: a@example.com\r\nBcc-Like: x\r\nX-Bcc: y\r\nX-SES-CONFIGURATION-SET-EXTRA: z\r\n" + Complete + "\r\nBody\r\n";

        var (result, output) = await PrepareAsync(message);

        Assert.That(result.Content, Is.Null);
        Assert.That(output, Is.EqualTo(message));
    }

    [Test]
    public async Task The_ses_fields_are_consumed_and_their_values_kept()
    {
        var (result, output) = await PrepareAsync(
            "From: a@example.com\r\nx-ses-configuration-set: marketing\r\nX-SES-MESSAGE-TAGS: campaign=spring,\r\n type=news\r\n"
            + "X-Ses-Message-Tags: lang=en\r\n" + Complete + "\r\nBody\r\n");

        Assert.That(output, Is.EqualTo("From: a@example.com\r\n" + Complete + "\r\nBody\r\n"));
        Assert.That(result.ConfigurationSet, Is.EqualTo("marketing"));
        Assert.That(result.MessageTags, Is.EqualTo("campaign=spring, type=news, lang=en"));
    }

    [Test]
    public async Task A_missing_date_is_added_at_the_end_of_the_header_section_from_the_clock()
    {
        var (result, output) = await PrepareAsync("From: a@example.com\r\nMessage-ID: <own@example.com>\r\n\r\nBody\r\n");

        Assert.That(output, Is.EqualTo("From: a@example.com\r\nMessage-ID: <own@example.com>\r\nDate: Thu, 03 Dec 2026 11:56:22 +0000\r\n\r\nBody\r\n"));
        Assert.That(result.Changes, Is.EqualTo(new[] { "added Date" }));
    }

    [Test]
    public async Task A_missing_message_id_is_the_message_id_under_the_provider_domain()
    {
        var (result, output) = await PrepareAsync("From: a@example.com\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\n\r\nBody\r\n");

        Assert.That(output, Is.EqualTo($"From: a@example.com\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: <{Id}@{Provider}>\r\n\r\nBody\r\n"));
        Assert.That(result.Changes, Is.EqualTo(new[] { "added Message-ID" }));
    }

    [Test]
    public async Task A_clients_own_date_and_message_id_are_kept_whatever_their_case()
    {
        var message = "From: a@example.com\r\nDATE: Tue, 01 Dec 2026 10:00:00 +0000\r\nmessage-id: <own@example.com>\r\n\r\nBody\r\n";

        var (result, output) = await PrepareAsync(message);

        Assert.That(result, Is.SameAs(HeaderPreparationResult.Unchanged));
        Assert.That(output, Is.EqualTo(message));
    }

    [Test]
    public async Task A_message_of_header_fields_only_gets_its_fields_on_lines_of_their_own()
    {
        var (_, output) = await PrepareAsync("From: a@example.com\r\nBcc: b@dest.test\r\nSubject: no body");

        Assert.That(output, Is.EqualTo($"From: a@example.com\r\nSubject: no body\r\nDate: Thu, 03 Dec 2026 11:56:22 +0000\r\nMessage-ID: <{Id}@{Provider}>\r\n"));
    }

    [Test]
    public async Task An_internationalised_provider_domain_is_written_as_its_a_label()
    {
        using var source = new MemoryStream("From: a@example.com\r\nDate: x\r\n\r\n"u8.ToArray());

        var result = await Create().PrepareAsync(source, Id, "bücher.example", CancellationToken.None);

        await using var content = result.Content!;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        Assert.That(Encoding.ASCII.GetString(copy.ToArray()), Does.Contain($"Message-ID: <{Id}@xn--bcher-kva.example>\r\n"));
    }

    [TestCase(1)]
    [TestCase(16 * 1024 - 3)]
    [TestCase(16 * 1024 - 2)]
    [TestCase(16 * 1024 - 1)]
    [TestCase(16 * 1024)]
    public async Task The_end_of_the_header_section_is_found_across_a_read_boundary(int padding)
    {
        var header = "From: a@example.com\r\nX-Pad: " + new string('p', padding) + "\r\nBcc: b@dest.test\r\n";

        var (_, output) = await PrepareAsync(header + Complete + "\r\nBcc: body line\r\n");

        Assert.That(output, Does.Not.Contain("Bcc: b@dest.test"));
        Assert.That(output, Does.EndWith(Complete + "\r\nBcc: body line\r\n"));
    }

    [Test]
    public async Task A_large_body_is_streamed_into_a_temporary_file_not_memory()
    {
        var body = string.Concat(Enumerable.Repeat(new string('x', 998) + "\r\n", 4_000));
        var path = Path.Combine(_tempDirectory, "source.eml");
        await File.WriteAllTextAsync(path, "From: a@example.com\r\nBcc: b@dest.test\r\n\r\n" + body);
        await using var source = new CountingReadStream(File.OpenRead(path));

        var result = await Create(inMemoryThreshold: 64 * 1024).PrepareAsync(source, Id, Provider, CancellationToken.None);

        await using var content = result.Content!;
        Assert.That(content, Is.InstanceOf<FileStream>());
        Assert.That(source.LargestRead, Is.LessThanOrEqualTo(128 * 1024), "the body is copied a chunk at a time");
        using var reader = new StreamReader(content);
        var output = await reader.ReadToEndAsync();
        Assert.That(output, Does.StartWith("From: a@example.com\r\nDate: ").And.EndWith("\r\n\r\n" + body));
        Assert.That(output, Does.Not.Contain("Bcc"));
    }

    [Test]
    public async Task Signatures_over_the_prepared_message_verify_with_python_dkim_and_mail_dkim()
    {
        var customer = new DkimSignatureRequest("example.com", "s1", DkimPrivateKey.Generate(2048));
        var provider = new DkimSignatureRequest(Provider, "relay", DkimPrivateKey.Generate(2048));
        var records = new Dictionary<string, string>
        {
            [DkimVerifiers.RecordName("s1", "example.com")] = customer.Key.ToDnsTxtRecord(),
            [DkimVerifiers.RecordName("relay", Provider)] = provider.Key.ToDnsTxtRecord(),
        };
        using var source = new MemoryStream(Encoding.UTF8.GetBytes(
            "From: Shop <news@example.com>\r\nTo: to@dest.test\r\nBcc: one@dest.test,\r\n\ttwo@dest.test\r\nSubject: folded\r\n\tsubject\r\n"
            + "X-SES-CONFIGURATION-SET: marketing\r\nX-SES-MESSAGE-TAGS: campaign=spring\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n\r\nHello\r\n"));
        var prepared = await Create().PrepareAsync(source, Id, Provider, CancellationToken.None);
        await using var content = prepared.Content!;
        using var signed = new MemoryStream();

        await new DkimMessageSigner(new FakeTimeProvider(Now)).SignAsync(content, [customer, provider], signed, CancellationToken.None);

        var bytes = signed.ToArray();
        var text = Encoding.ASCII.GetString(bytes);
        Assert.That(text, Does.Not.Contain("Bcc").And.Not.Contain("X-SES-"));
        Assert.That(text, Does.Contain($"Message-ID: <{Id}@{Provider}>\r\n").And.Contain("Date: Thu, 03 Dec 2026 11:56:22 +0000\r\n"));
        Assert.That(text, Does.Match("h=[^;]*:date:message-id:"), "the added fields are signed");
        var python = await DkimVerifiers.VerifyWithPythonAsync(bytes, records);
        var perl = await DkimVerifiers.VerifyWithPerlAsync(bytes, records);
        Assert.That(python.Select(v => (v.Domain, v.Passed)), Is.EqualTo(new[] { ("example.com", true), (Provider, true) }), string.Join("; ", python));
        Assert.That(perl.Select(v => (v.Domain, v.Passed)), Is.EqualTo(new[] { ("example.com", true), (Provider, true) }), string.Join("; ", perl));
    }

    [TestCase("campaign=spring, type=news", true, "")]
    [TestCase(" a = b ", true, "")]
    [TestCase("a=b,,c=d", false, "empty entry")]
    [TestCase("campaign", false, "not name=value")]
    [TestCase("camp aign=x", false, "tag name")]
    [TestCase("a=b.c", false, "value of tag 'a'")]
    [TestCase("a=", false, "1 to 256")]
    public void The_tags_field_is_read_as_ses_documents_it(string value, bool valid, string problem)
    {
        var parsed = MessageTagsField.TryParse(value, out var tags, out var reason);

        Assert.That(parsed, Is.EqualTo(valid));
        Assert.That(reason, valid ? Is.Empty : Does.Contain(problem));
        if (valid)
        {
            Assert.That(tags, Is.Not.Empty);
        }
    }

    [Test]
    public void A_tag_name_or_value_longer_than_256_is_refused()
    {
        Assert.That(MessageTag.Problem(new string('n', 256), new string('v', 256)), Is.Null);
        Assert.That(MessageTag.Problem(new string('n', 257), "v"), Does.Contain("1 to 256"));
        Assert.That(MessageTag.Problem("n", new string('v', 257)), Does.Contain("1 to 256"));
    }

    /// <summary>Records the largest single read the code under test asks for.</summary>
    private sealed class CountingReadStream(Stream inner) : Stream
    {
        public int LargestRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Record(inner.Read(buffer, offset, count), count);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Record(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Record(int read, int asked)
        {
            LargestRead = Math.Max(LargestRead, asked);
            return read;
        }
    }
}
