using Microsoft.Extensions.DependencyInjection;
using Relay.Dns;

namespace Relay.Cli;

/// <summary><c>relay keyzone export</c>: the provider's DKIM key zone as a BIND zone file, for operators who serve it from their own DNS.</summary>
internal static class KeyZoneCommands
{
    public static async Task<int> RunAsync(string verb, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (verb != "export")
        {
            throw new CliUsageException($"unknown command 'keyzone {verb}'.");
        }

        var writer = new DkimZoneFileWriter(services.GetRequiredService<DkimZoneOptions>(), services.GetRequiredService<IDkimKeyRecordSource>());
        try
        {
            await writer.WriteAsync(output, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliUsageException($"{ex.Message} Set Relay:KeyZone:NameServers to name servers outside the zone, or Relay:KeyZone:NameServerAddresses.");
        }

        return 0;
    }
}
