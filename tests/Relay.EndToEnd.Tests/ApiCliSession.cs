using System.Globalization;

namespace Relay.EndToEnd.Tests;

/// <summary>A Relay with its SES API up and one awscli build pointed at it, for one test.</summary>
internal sealed class ApiCliSession : IAsyncDisposable
{
    private ApiCliSession(ApiRelay relay, AwsCli aws)
    {
        Relay = relay;
        Aws = aws;
    }

    public ApiRelay Relay { get; }

    public AwsCli Aws { get; }

    /// <summary>Starts the relay with <paramref name="verifyDomainDkimInterval"/> between an account's VerifyDomainDkim calls.</summary>
    public static async Task<ApiCliSession> StartAsync(string cliPath, TimeSpan verifyDomainDkimInterval)
    {
        var relay = await ApiRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:Identities:VerifyDomainDkimInterval"] = verifyDomainDkimInterval.ToString("c", CultureInfo.InvariantCulture),
        });
        return new ApiCliSession(relay, relay.Cli(cliPath));
    }

    public async ValueTask DisposeAsync()
    {
        Aws.Dispose();
        await Relay.DisposeAsync();
    }
}
