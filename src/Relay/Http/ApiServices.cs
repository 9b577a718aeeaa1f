using Microsoft.Extensions.DependencyInjection;
using Relay.Api;
using Relay.Api.Authentication;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Core.Storage;
using Relay.Smtp;

namespace Relay.Http;

/// <summary>
/// Wires access keys and the SES API into the host: the key store is always there (SMTP AUTH takes access keys
/// too), the HTTP listener only when <c>Relay:Api:Endpoint</c> is set.
/// </summary>
internal static class ApiServices
{
    public static void AddRelayApi(this IServiceCollection services, LoadedSettings settings, IAccessKeyStore keys)
    {
        services.AddSingleton(keys);
        services.AddSesApi(OptionsFrom(settings));
        if (settings.Relay.Api.Validate() is { } endPoint)
        {
            services.AddSingleton(new ApiEndPoint(endPoint, settings.Relay.Api.Https));
            services.AddSingleton<ApiListenerService>();
            services.AddHostedService(provider => provider.GetRequiredService<ApiListenerService>());
        }
    }

    public static SesApiOptions OptionsFrom(LoadedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return OptionsFrom(settings.Relay.Api, settings.Smtp);
    }

    /// <summary>
    /// The API's options from <c>Relay:Api</c>; the message size limit, the in-memory threshold and the temporary
    /// folder are SMTP's, so both doors take the same mail and spill it to the same place.
    /// </summary>
    public static SesApiOptions OptionsFrom(ApiSettings api, SmtpServerOptions smtp)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(smtp);
        return new SesApiOptions
        {
            Region = api.Region,
            AcceptAnyRegion = api.AcceptAnyRegion,
            MaxMessageSize = smtp.MaxMessageSize,
            InMemoryBodyThreshold = smtp.InMemoryMessageThreshold,
            TemporaryDirectory = smtp.TemporaryDirectory,
            MaxConcurrentBodyReads = api.MaxConcurrentBodyReads,
            MaxBufferedBodyBytes = api.MaxBufferedBodyBytes,
            MaxConnections = api.MaxConnections,
            MaxConnectionsPerAddress = api.MaxConnectionsPerAddress,
            RequestHeadersTimeout = api.RequestHeadersTimeout,
            KeepAliveTimeout = api.KeepAliveTimeout,
            MinRequestBodyDataRate = api.MinRequestBodyDataRate,
            MinDataRateGracePeriod = api.MinDataRateGracePeriod,
            MaxConfirmationMailsPerAccount = api.MaxConfirmationMailsPerAccount,
            ConfirmationMailAccountWindow = api.ConfirmationMailAccountWindow,
            MaxConfirmationMailsPerAddress = api.MaxConfirmationMailsPerAddress,
            ConfirmationMailAddressWindow = api.ConfirmationMailAddressWindow,
        };
    }

    /// <summary>The SMTP password for a secret in the configured region, as SES shows it when credentials are made.</summary>
    public static string SmtpPassword(LoadedSettings settings, AccessKey key)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(key);
        return SesSmtpPassword.Derive(key.Secret, settings.Relay.Api.Region);
    }
}
