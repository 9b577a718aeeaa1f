using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Ingestion;
using Relay.Core.Storage;
using Relay.Dkim;
using Relay.Hosting;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// A real Relay host (the program's own wiring) on loopback ephemeral ports with a temporary data folder,
/// forwarding to a next hop on loopback. Exposes the DKIM TXT records it would publish, for the verifiers.
/// </summary>
internal sealed class RelayUnderTest : IAsyncDisposable
{
    public const string ProviderDomain = "relay-provider.test";
    public const string ProviderSelector = "relay";

    private readonly IHost _host;
    private SmtpSink? _sink;
    private readonly Dictionary<string, string> _txtRecords = new(StringComparer.OrdinalIgnoreCase);

    private RelayUnderTest(IHost host, string dataDirectory)
    {
        _host = host;
        DataDirectory = dataDirectory;
        var listener = host.Services.GetRequiredService<SmtpListenerService>();
        SubmissionEndPoint = listener.BoundEndPoints[0];
        ImplicitTlsEndPoint = listener.BoundEndPoints[1];
        var provider = host.Services.GetRequiredService<ProviderSignature>();
        foreach (var spec in provider.Specs)
        {
            _txtRecords[$"{spec.Selector}._domainkey.{spec.Domain}"] = DkimSigningKey.ReadPem(spec.PrivateKeyPem).ToDnsTxtRecord();
        }
    }

    public string DataDirectory { get; }

    /// <summary>The next hop, when started with <see cref="StartWithSinkAsync"/>; disposed with the relay.</summary>
    public SmtpSink Sink => _sink ?? throw new InvalidOperationException("This relay was started without its own sink.");

    public IPEndPoint SubmissionEndPoint { get; }

    public IPEndPoint ImplicitTlsEndPoint { get; }

    /// <summary>"selector._domainkey.domain" → TXT value, for every key Relay signs with.</summary>
    public IReadOnlyDictionary<string, string> TxtRecords => _txtRecords;

    public IRelayStore Store => _host.Services.GetRequiredService<IRelayStore>();

    /// <summary>The host's services, for tests that drive Relay the way the CLI and the API do.</summary>
    public IServiceProvider Services => _host.Services;

    public static async Task<RelayUnderTest> StartAsync(int nextHopPort, IDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("relay-e2e-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["Relay:DataDirectory"] = dataDirectory,
            ["Relay:Listeners:Submission"] = "127.0.0.1:0",
            ["Relay:Listeners:ImplicitTls"] = "127.0.0.1:0",
            ["Relay:Smtp:ServerName"] = "relay.test",
            ["Relay:Provider:Domain"] = ProviderDomain,
            ["Relay:Provider:Selector"] = ProviderSelector,
            ["Relay:NextHop:Host"] = "127.0.0.1",
            ["Relay:NextHop:Port"] = nextHopPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Relay:NextHop:TlsMode"] = "None",
            ["Relay:ShutdownTimeout"] = "00:00:05",
            // The older tests read the next hop's verdict in the SMTP reply; queue-mode tests set Mode=Queue.
            ["Relay:Delivery:Mode"] = "Session",
            ["Relay:KeyZone:Listen"] = "127.0.0.1:0",
            ["Relay:Api:Endpoint"] = "127.0.0.1:0",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        // The developer's Relay__* environment variables must not change what the tests see.
        var configuration = RelayConfiguration.Build([], settingsFile: null, builder => builder.AddInMemoryCollection(values), includeEnvironment: false);
        IHost? host = null;
        try
        {
            host = await RelayHostFactory.BuildAsync(configuration, HostUse.Server, CancellationToken.None);
            await host.StartAsync();
            return new RelayUnderTest(host, dataDirectory);
        }
        catch
        {
            host?.Dispose();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>An independent sink as the next hop, a relay in front of it, and one account.</summary>
    public static async Task<RelayUnderTest> StartWithSinkAsync(string account, string password, SmtpSinkOptions? sinkOptions = null)
    {
        var sink = SmtpSink.Start(sinkOptions);
        RelayUnderTest relay;
        try
        {
            relay = await StartAsync(sink.Port);
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }

        relay._sink = sink;
        await relay.AddAccountAsync(account, password);
        return relay;
    }

    /// <summary>Makes <paramref name="sink"/> this relay's next hop for <see cref="Sink"/>, disposed with the relay.</summary>
    public void AttachSink(SmtpSink sink) => _sink = sink;

    public async Task AddAccountAsync(string name, string password)
    {
        // A low PBKDF2 cost keeps the tests fast; the stored format is the same.
        await Store.SaveAccountAsync(new Account(name, name, name, SmtpPasswordHasher.Hash(password, 1_000), null), CancellationToken.None);
    }

    /// <summary>Adds a domain identity with a fresh key and records its TXT record for the verifiers.</summary>
    public async Task AddDomainAsync(string account, string domain, VerificationStatus dkimStatus = VerificationStatus.Success,
        bool signingEnabled = true, VerificationStatus verification = VerificationStatus.Success, int keyBits = 2048)
    {
        var key = DkimPrivateKey.Generate(keyBits);
        var selector = "sel" + keyBits;
        await Store.SaveIdentityAsync(
            new Identity(account, domain, IdentityType.Domain, verification, dkimStatus, signingEnabled, new SigningKey(selector, key.ToPem(), keyBits)),
            CancellationToken.None);
        _txtRecords[$"{selector}._domainkey.{domain}"] = key.ToDnsTxtRecord();
    }

    public Task AddEmailAsync(string account, string address, bool signingEnabled = true) =>
        Store.SaveIdentityAsync(
            new Identity(account, address, IdentityType.EmailAddress, VerificationStatus.Success, VerificationStatus.NotStarted, signingEnabled, null),
            CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }

        Directory.Delete(DataDirectory, recursive: true);
    }
}
