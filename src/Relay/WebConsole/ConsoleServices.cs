using Microsoft.Extensions.DependencyInjection;
using Relay.Configuration;
using Relay.WebConsole.Mail;

namespace Relay.WebConsole;

/// <summary>Wires the web console into the host when <c>Relay:Console:Listen</c> is set; otherwise registers nothing.</summary>
internal static class ConsoleServices
{
    public static void AddRelayConsole(this IServiceCollection services, LoadedSettings settings)
    {
        if (settings.ConsoleEndPoint is not { } address)
        {
            return;
        }

        var console = settings.Relay.Console;
        services.AddSingleton(new ConsoleEndPoint(address, console.Https));
        services.AddSingleton(console);
        services.AddSingleton<ConsoleSessionStore>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<ConsoleUsers>();
        services.AddSingleton<ConsoleAccounts>();
        services.AddSingleton<ConsoleRouteTable>();
        services.AddSingleton<Identities.IdentityTargets>();
        services.AddSingleton<Identities.IdentityActions>();
        services.AddSingleton<IConsoleArea, Identities.IdentityArea>();
        services.AddHostedService<Identities.TenantAccountCheck>();
        services.AddConsoleMail(settings);
        services.AddSingleton<ConsoleApplication>();
        services.AddSingleton<ConsoleListenerService>();
        services.AddHostedService(provider => provider.GetRequiredService<ConsoleListenerService>());
    }
}
