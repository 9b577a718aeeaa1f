using Microsoft.Extensions.Configuration;
using Relay.Configuration;

namespace Relay.Host.Tests.Support;

/// <summary>The shipped appsettings.json with overrides on top, loaded the way the host loads them.</summary>
internal static class TestSettings
{
    public static LoadedSettings Load(params (string Key, string? Value)[] values) =>
        SettingsLoader.Load(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
}
