using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Relay.Benchmarks.Latency;
using Relay.Dkim;

namespace Relay.Benchmarks.Signing;

/// <summary>
/// The cost of signing alone, for one 4 KB message: Relay's signer with the two signatures it adds to every message
/// (customer and provider, RSA-2048, relaxed/simple), with a customer Ed25519 signature added (RFC 8463 dual
/// signing), and for a 100 KB message; then the parts that cost: MimeKit's DKIM signer with its
/// BouncyCastle RSA and, as a prototype, with .NET's OpenSSL RSA; and the bare RSA-2048 signature of each library.
/// </summary>
/// <remarks>Public and unsealed because BenchmarkDotNet runs it through a generated subclass.</remarks>
#pragma warning disable CA1515, CA1001 // BenchmarkDotNet needs the type public, and owns its lifetime: [GlobalCleanup] disposes.
public class SigningBenchmarks
#pragma warning restore CA1515, CA1001
{
    public const int MessageSize = 4096;

    public const int LargeMessageSize = 100 * 1024;

    private static readonly string[] HeadersToSign = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"];

    private readonly DkimMessageSigner _relaySigner = new(TimeProvider.System);
    private readonly FormatOptions _wire = new() { NewLineFormat = NewLineFormat.Dos };
    private byte[] _message = [];
    private byte[] _signedBlock = [];
    private DkimSignatureRequest[] _twoSignatures = [];
    private DkimSignatureRequest[] _oneSignature = [];
    private DkimSignatureRequest[] _withEd25519 = [];
    private byte[] _largeMessage = [];
    private MimeMessage _parsed = new();
    private DkimSigner _bouncyCastleDkim = null!;
    private OpenSslRsaDkimSigner _openSslDkim = null!;
    private RSA _openSslKey = null!;
    private RsaPrivateCrtKeyParameters _bouncyCastleKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message = ProbeMessage.Build(1, "bench@customer.test", "rcpt@example.net", MessageSize, DateTimeOffset.UnixEpoch);
        var customer = DkimPrivateKey.Generate(2048);
        var provider = DkimPrivateKey.Generate(2048);
        _twoSignatures =
        [
            new DkimSignatureRequest("customer.test", "s2048", customer),
            new DkimSignatureRequest("provider.test", "relay", provider),
        ];
        _oneSignature = [_twoSignatures[0]];
        _withEd25519 = [new DkimSignatureRequest("customer.test", "e2026", DkimEd25519Key.Generate()), .. _twoSignatures];
        _largeMessage = ProbeMessage.Build(1, "bench@customer.test", "rcpt@example.net", LargeMessageSize, DateTimeOffset.UnixEpoch);

        _openSslKey = RSA.Create(2048);
        _bouncyCastleKey = (RsaPrivateCrtKeyParameters)DotNetUtilities.GetRsaKeyPair(_openSslKey).Private;
        _parsed = MimeMessage.Load(new MemoryStream(_message, writable: false));
        _bouncyCastleDkim = new DkimSigner(_bouncyCastleKey, "customer.test", "s2048", DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Simple,
        };
        _openSslDkim = new OpenSslRsaDkimSigner(_openSslKey, _bouncyCastleKey, "customer.test", "s2048");
        // About what DKIM signs in the end: the canonical signed header fields and the signature field itself.
        _signedBlock = _message.AsSpan(0, 512).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _openSslKey.Dispose();
        _parsed.Dispose();
    }

    [Benchmark(Description = "Relay signer, 2 signatures")]
    public Task RelayTwoSignatures() =>
        _relaySigner.SignAsync(new MemoryStream(_message, writable: false), _twoSignatures, Stream.Null, CancellationToken.None);

    [Benchmark(Description = "Relay signer, customer Ed25519 + the 2 RSA signatures")]
    public Task RelayWithEd25519() =>
        _relaySigner.SignAsync(new MemoryStream(_message, writable: false), _withEd25519, Stream.Null, CancellationToken.None);

    [Benchmark(Description = "Relay signer, 2 signatures, 100 KB message")]
    public Task RelayTwoSignaturesLarge() =>
        _relaySigner.SignAsync(new MemoryStream(_largeMessage, writable: false), _twoSignatures, Stream.Null, CancellationToken.None);

    [Benchmark(Description = "Relay signer, 1 signature")]
    public Task RelayOneSignature() =>
        _relaySigner.SignAsync(new MemoryStream(_message, writable: false), _oneSignature, Stream.Null, CancellationToken.None);

    [Benchmark(Description = "MimeKit DkimSigner + BouncyCastle RSA, 1 signature")]
    public Header MimeKitBouncyCastle() => SignParsed(_bouncyCastleDkim);

    [Benchmark(Description = "MimeKit DkimSigner + .NET/OpenSSL RSA (prototype), 1 signature")]
    public Header MimeKitOpenSsl() => SignParsed(_openSslDkim);

    [Benchmark(Description = "BouncyCastle RSA-2048 SHA-256 sign")]
    public byte[] BouncyCastleRsa()
    {
        var signer = new RsaDigestSigner(new Sha256Digest());
        signer.Init(true, _bouncyCastleKey);
        signer.BlockUpdate(_signedBlock);
        return signer.GenerateSignature();
    }

    [Benchmark(Description = ".NET/OpenSSL RSA-2048 SHA-256 sign")]
    public byte[] OpenSslRsa() => _openSslKey.SignData(_signedBlock, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    private Header SignParsed(DkimSigner signer)
    {
        signer.Sign(_wire, _parsed, HeadersToSign);
        var signature = _parsed.Headers[0];
        _parsed.Headers.RemoveAt(0);
        return signature;
    }
}
