using System.Security.Cryptography;
using System.Text;
using Relay.Dkim;

namespace Relay.Dkim.Tests;

/// <summary>A 50 MB message is streamed from disk, never held in memory.</summary>
[TestFixture]
public sealed class LargeMessageTests
{
    private const int LinesPerBlock = 14_000;
    private const int Blocks = 50;
    private const long AllocationBudgetBytes = 8 * 1024 * 1024;

    private string _folder = null!;
    private string _messagePath = null!;
    private byte[] _bodySha256 = null!;

    [OneTimeSetUp]
    public async Task WriteMessage()
    {
        _folder = Directory.CreateTempSubdirectory("relay-dkim-large-").FullName;
        _messagePath = Path.Combine(_folder, "large.eml");
        var headers = Encoding.ASCII.GetBytes(MessageCorpus.Headers("large", "Content-Type: text/plain") + "\r\n");
        var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('x', 70) + "\r\n", LinesPerBlock)));
        using var bodyHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = File.Create(_messagePath);
        await file.WriteAsync(headers);
        for (var i = 0; i < Blocks; i++)
        {
            await file.WriteAsync(block);
            bodyHash.AppendData(block);
        }

        _bodySha256 = bodyHash.GetHashAndReset();
    }

    [OneTimeTearDown]
    public void DeleteMessage() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Signing_50_MB_from_a_file_allocates_a_few_megabytes_at_most()
    {
        var signer = new DkimMessageSigner(TimeProvider.System);
        var outputPath = Path.Combine(_folder, "signed.eml");
        var requests = new[] { TestKeys.Customer, TestKeys.Provider };
        var smallPath = Path.Combine(_folder, "small.eml");
        await File.WriteAllBytesAsync(smallPath, MessageCorpus.All[0].Bytes);
        await SignFileAsync(signer, requests, smallPath, outputPath); // JIT and buffer pools warm up outside the measurement

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await SignFileAsync(signer, requests, _messagePath, outputPath);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        await TestContext.Out.WriteLineAsync($"signing {new FileInfo(_messagePath).Length:N0} bytes with two signatures allocated {allocated:N0} bytes");

        Assert.That(new FileInfo(_messagePath).Length, Is.GreaterThan(50_000_000));
        Assert.That(allocated, Is.LessThan(AllocationBudgetBytes), $"allocated {allocated:N0} bytes");
    }

    [Test]
    public async Task The_signed_50_MB_output_is_the_input_unchanged_and_bh_is_the_body_hash()
    {
        var outputPath = Path.Combine(_folder, "checked.eml");
        await SignFileAsync(new DkimMessageSigner(TimeProvider.System), [TestKeys.Provider], _messagePath, outputPath);

        var fieldsLength = new FileInfo(outputPath).Length - new FileInfo(_messagePath).Length;
        var fields = Encoding.ASCII.GetString(ReadRange(outputPath, 0, (int)fieldsLength));
        var parsed = SignedOutput.Parse(Encoding.ASCII.GetBytes(fields));
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Fields, Has.Count.EqualTo(1));
            Assert.That(parsed.Rest, Is.Empty, "everything before the input is the one signature field");
            // The body ends in CRLF with no blank lines after it, so simple canonicalisation leaves it as is.
            Assert.That(SignedOutput.Tags(parsed.Fields[0])["bh"], Is.EqualTo(Convert.ToBase64String(_bodySha256)));
            Assert.That(Sha256Of(outputPath, fieldsLength), Is.EqualTo(Sha256Of(_messagePath, 0)));
        });
    }

    private static async Task SignFileAsync(DkimMessageSigner signer, DkimSignatureRequest[] requests, string inputPath, string outputPath)
    {
        await using var source = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        await using var destination = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
        await signer.SignAsync(source, requests, destination, CancellationToken.None);
    }

    private static byte[] Sha256Of(string path, long from)
    {
        using var stream = File.OpenRead(path);
        stream.Position = from;
        return SHA256.HashData(stream);
    }

    private static byte[] ReadRange(string path, long from, int count)
    {
        using var stream = File.OpenRead(path);
        stream.Position = from;
        var buffer = new byte[count];
        stream.ReadExactly(buffer);
        return buffer;
    }
}
