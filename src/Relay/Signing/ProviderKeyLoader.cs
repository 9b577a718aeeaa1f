using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Ingestion;
using Relay.Dkim;
using Relay.Hosting;

namespace Relay.Signing;

/// <summary>Loads the provider's DKIM keys, generating a 2048-bit RSA one (and the Ed25519 one when configured) into the data folder on first start.</summary>
internal static partial class ProviderKeyLoader
{
    public static ProviderSignature LoadOrCreate(LoadedSettings settings, ILogger logger)
    {
        var path = settings.ProviderKeyPath;
        var provider = settings.Relay.Provider;
        DkimPrivateKey key;
        if (File.Exists(path))
        {
            try
            {
                key = DkimPrivateKey.FromPem(File.ReadAllText(path));
            }
            catch (DkimKeyException ex)
            {
                throw new SettingsException($"Relay:Provider:PrivateKeyPath '{path}': {ex.Message}", ex);
            }
        }
        else if (!string.IsNullOrEmpty(provider.PrivateKeyPath))
        {
            throw new SettingsException($"Relay:Provider:PrivateKeyPath '{path}' does not exist.");
        }
        else
        {
            Core.Storage.OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!);
            key = DkimPrivateKey.Generate(2048);
            SecretFile.WriteAllBytes(path, System.Text.Encoding.ASCII.GetBytes(key.ToPem()));
            LogGenerated(logger, path, provider.Selector, provider.Domain);
        }

        return new ProviderSignature(new SignatureSpec(provider.Domain, provider.Selector, key.ToPem()))
        {
            Ed25519Spec = string.IsNullOrEmpty(provider.Ed25519Selector)
                ? null
                : new SignatureSpec(provider.Domain, provider.Ed25519Selector, LoadOrCreateEd25519(settings, logger).ToPem()),
        };
    }

    /// <summary>The TXT records to publish for the provider signatures, one line each (Ed25519 first when configured).</summary>
    public static string DnsRecord(LoadedSettings settings, ProviderSignature signature) =>
        string.Join('\n', signature.Specs.Select(spec => DnsText.DkimRecord(spec.Selector, spec.Domain, DkimSigningKey.ReadPem(spec.PrivateKeyPem))));

    private static DkimEd25519Key LoadOrCreateEd25519(LoadedSettings settings, ILogger logger)
    {
        var path = settings.ProviderEd25519KeyPath;
        var provider = settings.Relay.Provider;
        if (File.Exists(path))
        {
            try
            {
                return DkimEd25519Key.FromText(File.ReadAllText(path));
            }
            catch (DkimKeyException ex)
            {
                throw new SettingsException($"Relay:Provider:Ed25519PrivateKeyPath '{path}': {ex.Message}", ex);
            }
        }

        if (!string.IsNullOrEmpty(provider.Ed25519PrivateKeyPath))
        {
            throw new SettingsException($"Relay:Provider:Ed25519PrivateKeyPath '{path}' does not exist.");
        }

        Core.Storage.OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = DkimEd25519Key.Generate();
        SecretFile.WriteAllBytes(path, System.Text.Encoding.ASCII.GetBytes(key.ToPem()));
        LogGenerated(logger, path, provider.Ed25519Selector, provider.Domain);
        return key;
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Generated the provider DKIM key at {Path}; publish it with 'relay provider dns' (s={Selector}, d={Domain})")]
    private static partial void LogGenerated(ILogger logger, string path, string selector, string domain);
}
