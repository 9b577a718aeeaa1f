using System.Security.Cryptography;
using System.Text;

namespace Relay.Dkim.Tests;

/// <summary>The canonical forms the signer hashes, against RFC 6376 section 3.4.5's examples and read in any chunking.</summary>
public sealed class CanonicalizationTests
{
    [TestCase("A: X\r\n", "a:X\r\n")]
    [TestCase("B : Y\t\r\n\tZ  \r\n", "b:Y Z\r\n")]
    [TestCase("Subject:  many   spaces\t\there \r\n", "subject:many spaces here\r\n")]
    [TestCase("X-Empty:\r\n", "x-empty:\r\n")]
    [TestCase("X-Unterminated: last", "x-unterminated:last\r\n")]
    [TestCase("X-Utf8: Grüße  \r\n", "x-utf8:Grüße\r\n")]
    public void Relaxed_header_canonicalisation_is_rfc_6376s(string field, string canonical)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        RelaxedHeaderCanonicalization.Append(hash, Encoding.UTF8.GetBytes(field), terminate: true);

        Assert.That(hash.GetHashAndReset(), Is.EqualTo(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
    }

    [TestCase("", "\r\n")]
    [TestCase("\r\n", "\r\n")]
    [TestCase("\r\n\r\n\r\n", "\r\n")]
    [TestCase(" C \r\nD \t E\r\n\r\n\r\n", " C \r\nD \t E\r\n")]
    [TestCase("text\r\n\r\nmore\r\n\r\n", "text\r\n\r\nmore\r\n")]
    [TestCase("no final line end", "no final line end\r\n")]
    public async Task Simple_body_canonicalisation_drops_trailing_empty_lines_however_the_body_is_read(string body, string canonical)
    {
        var expected = SHA256.HashData(Encoding.ASCII.GetBytes(canonical));
        var bytes = Encoding.ASCII.GetBytes("H: v\r\n\r\n" + body);

        var whole = await SimpleBodyHash.ComputeAsync(new MemoryStream(bytes), 8, CancellationToken.None);
        var trickled = await SimpleBodyHash.ComputeAsync(new OneByteAtATimeStream(bytes), 8, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(whole, Is.EqualTo(expected));
            Assert.That(trickled, Is.EqualTo(expected));
        });
    }

    [TestCase("bare\nlf\r\n")]
    [TestCase("bare\rcr\r\n")]
    [TestCase("ends in a bare cr\r")]
    public void A_body_with_a_bare_cr_or_lf_is_refused(string body) =>
        Assert.ThrowsAsync<DkimMessageFormatException>(() =>
            SimpleBodyHash.ComputeAsync(new OneByteAtATimeStream(Encoding.ASCII.GetBytes(body)), 0, CancellationToken.None));

    /// <summary>Returns one byte per read, so every CRLF and every run of them is split across reads.</summary>
    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}
