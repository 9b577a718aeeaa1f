using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relay.Core.Accounts;
using Relay.Core.Identities.Lifecycle;
using Relay.Hosting;
using Relay.WebConsole;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// The program's own host, in this process, with the console on a loopback ephemeral port, one console user and a
/// temporary data folder; SMTP and the key zone on ephemeral ports, the API off, DNS checks pointed at a closed port.
/// </summary>
internal sealed class ConsoleUnderTest : IAsyncDisposable
{
    public const string UserName = "admin";
    public const string Password = "correct horse battery staple";
    public const string ProviderDomain = "relay-provider.test";

    /// <summary>The SMTP password of every account <see cref="AddAccountAsync"/> adds (its SMTP user is its name).</summary>
    public const string AccountPassword = "unused password";

    private readonly IHost _host;

    private ConsoleUnderTest(IHost host, string dataDirectory, bool https)
    {
        _host = host;
        DataDirectory = dataDirectory;
        var scheme = https ? "https" : "http";
        BaseAddress = new Uri($"{scheme}://{host.Services.GetRequiredService<ConsoleListenerService>().BoundEndPoints[0]}");
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IIdentityManagement Identities => _host.Services.GetRequiredService<IIdentityManagement>();

    /// <summary>Settings for one more console user, <c>Relay:Console:Users:{index}</c>, with <see cref="Password"/>, a tenant of <paramref name="accountId"/> when given.</summary>
    public static Dictionary<string, string?> User(int index, string name, string? accountId = null)
    {
        var prefix = $"Relay:Console:Users:{index.ToString(CultureInfo.InvariantCulture)}:";
        var user = new Dictionary<string, string?>
        {
            [prefix + "Name"] = name,
            [prefix + "PasswordHash"] = SmtpPasswordHasher.Hash(Password, 1_000),
        };
        if (accountId is not null)
        {
            user[prefix + "Account"] = accountId;
        }

        return user;
    }

    /// <summary>The host's services, for tests that reach past the console (the queue, the stores).</summary>
    public IServiceProvider Services => _host.Services;

    /// <param name="maxSignInFailures"><c>Relay:Console:MaxSignInFailures</c>.</param>
    /// <param name="https"><c>Relay:Console:Https</c>, with the certificate Relay generates for itself.</param>
    /// <param name="logFile">When set, the log goes to this file (from Information up) instead of the test's output.</param>
    /// <param name="settings">More settings, or ones that replace the above (the DNS resolver, more users).</param>
    public static async Task<ConsoleUnderTest> StartAsync(
        int maxSignInFailures = 5, bool https = false, string? logFile = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("relay-console-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["Relay:DataDirectory"] = dataDirectory,
            ["Relay:Listeners:Submission"] = "127.0.0.1:0",
            ["Relay:Listeners:ImplicitTls"] = "",
            ["Relay:Provider:Domain"] = ProviderDomain,
            ["Relay:KeyZone:Listen"] = "127.0.0.1:0",
            ["Relay:Api:Endpoint"] = "",
            // Nothing answers there: checks end as resolver errors, never as records found.
            ["Relay:DnsChecks:Resolver"] = "127.0.0.1:9",
            ["Relay:DnsChecks:Timeout"] = "00:00:00.200",
            ["Relay:DnsChecks:Retries"] = "0",
            ["Relay:ShutdownTimeout"] = "00:00:05",
            ["Relay:Console:Listen"] = "127.0.0.1:0",
            ["Relay:Console:Users:0:Name"] = UserName,
            // A low PBKDF2 cost keeps the tests fast; the stored format is the same.
            ["Relay:Console:Users:0:PasswordHash"] = SmtpPasswordHasher.Hash(Password, 1_000),
            ["Relay:Console:MaxSignInFailures"] = maxSignInFailures.ToString(CultureInfo.InvariantCulture),
            ["Relay:Console:Https"] = https ? "true" : "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        if (logFile is not null)
        {
            values["Serilog:MinimumLevel:Default"] = "Information";
            values["Serilog:WriteTo:0:Name"] = "File";
            values["Serilog:WriteTo:0:Args:path"] = logFile;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = RelayConfiguration.Build([], settingsFile: null, builder => builder.AddInMemoryCollection(values), includeEnvironment: false);
        IHost? host = null;
        try
        {
            host = await RelayHostFactory.BuildAsync(configuration, HostUse.Server, CancellationToken.None);
            await host.StartAsync();
            return new ConsoleUnderTest(host, dataDirectory, https);
        }
        catch
        {
            host?.Dispose();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    public async Task AddAccountAsync(string name) =>
        await _host.Services.GetRequiredService<IAccountStore>()
            .SaveAccountAsync(new Account(name, name, name, SmtpPasswordHasher.Hash(AccountPassword, 1_000), null), CancellationToken.None);

    /// <summary>
    /// An Easy DKIM domain, as SES v2 CreateEmailIdentity makes it: unlike VerifyDomainDkim (once a second per account),
    /// not throttled, so tests may add several in a row.
    /// </summary>
    public async Task AddDomainAsync(string accountId, string domain) =>
        await Identities.CreateIdentityAsync(accountId, domain, signing: null, CancellationToken.None);

    /// <summary>A browser-like client of this console: no redirects followed, cookies kept by hand so tests can read their attributes.</summary>
    public ConsoleClient Client() => new(BaseAddress);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
