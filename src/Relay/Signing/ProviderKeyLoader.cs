using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Ingestion;
using Relay.Dkim;
using Relay.Hosting;

namespace Relay.Signing;

/// <summary>Loads the provider's DKIM key, generating a 2048-bit one into the data folder on first start.</summary>
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

        return new ProviderSignature(new SignatureSpec(provider.Domain, provider.Selector, key.ToPem()));
    }

    /// <summary>The TXT record to publish for the provider signature.</summary>
    public static string DnsRecord(LoadedSettings settings, ProviderSignature signature)
    {
        var provider = settings.Relay.Provider;
        return DnsText.DkimRecord(provider.Selector, provider.Domain, DkimPrivateKey.FromPem(signature.Spec.PrivateKeyPem));
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Generated the provider DKIM key at {Path}; publish it with 'relay provider dns' (s={Selector}, d={Domain})")]
    private static partial void LogGenerated(ILogger logger, string path, string selector, string domain);
}
