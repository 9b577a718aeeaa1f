using Microsoft.Extensions.DependencyInjection;
using Relay.Api.Authentication;
using Relay.Api.Http;
using Relay.Api.Identities;
using Relay.Api.Query;
using Relay.Api.Query.Actions;
using Relay.Api.Rest;
using Relay.Api.Rest.Actions;
using Relay.Api.Sending;

namespace Relay.Api;

/// <summary>Registers the SES-compatible API. Needs from the container: IIdentityManagement, IMessageIngestion, IAccessKeyStore, ISendQuotaSource, TimeProvider, MessageIds, ProviderSignature, logging.</summary>
public static class SesApiServiceCollectionExtensions
{
    public static IServiceCollection AddSesApi(this IServiceCollection services, SesApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<SigV4Verifier>();
        services.AddSingleton<BodyReadLimiter>();
        services.AddSingleton<AccessKeySmtpAuthenticator>();
        services.AddSingleton<IdentityViews>();
        services.AddSingleton<ConfirmationMailThrottle>();
        services.AddSingleton<SimpleMessageBuilder>();
        services.AddSingleton<ApiMessageSender>();

        services.AddSingleton<IQueryAction, VerifyDomainIdentityAction>();
        services.AddSingleton<IQueryAction, VerifyDomainDkimAction>();
        services.AddSingleton<IQueryAction, VerifyEmailIdentityAction>();
        services.AddSingleton<IQueryAction, VerifyEmailAddressAction>();
        services.AddSingleton<IQueryAction, GetIdentityVerificationAttributesAction>();
        services.AddSingleton<IQueryAction, GetIdentityDkimAttributesAction>();
        services.AddSingleton<IQueryAction, SetIdentityDkimEnabledAction>();
        services.AddSingleton<IQueryAction, ListIdentitiesAction>();
        services.AddSingleton<IQueryAction, DeleteIdentityAction>();
        services.AddSingleton<IQueryAction, Query.Actions.SendEmailAction>();
        services.AddSingleton<IQueryAction, SendRawEmailAction>();
        services.AddSingleton<IQueryAction, GetSendQuotaAction>();
        services.AddSingleton<QueryProtocol>();

        services.AddSingleton<IRestAction, CreateEmailIdentityAction>();
        services.AddSingleton<IRestAction, GetEmailIdentityAction>();
        services.AddSingleton<EmailIdentityListing>();
        services.AddSingleton<IRestAction, ListEmailIdentitiesAction>();
        services.AddSingleton<IRestAction, ListEmailIdentitiesByPostAction>();
        services.AddSingleton<IRestAction, DeleteEmailIdentityAction>();
        services.AddSingleton<IRestAction, PutEmailIdentityDkimAttributesAction>();
        services.AddSingleton<IRestAction, PutEmailIdentityDkimSigningAttributesAction>();
        services.AddSingleton<IRestAction, Rest.Actions.SendEmailAction>();
        services.AddSingleton<IRestAction, GetAccountAction>();
        services.AddSingleton<IRestAction, TagResourceAction>();
        services.AddSingleton<IRestAction, UntagResourceAction>();
        services.AddSingleton<IRestAction, ListTagsForResourceAction>();
        services.AddSingleton<IRestAction, PutSuppressedDestinationAction>();
        services.AddSingleton<IRestAction, GetSuppressedDestinationAction>();
        services.AddSingleton<IRestAction, DeleteSuppressedDestinationAction>();
        services.AddSingleton<IRestAction, ListSuppressedDestinationsAction>();
        services.AddSingleton<IRestAction, PutAccountSuppressionAttributesAction>();
        services.AddSingleton<RestProtocol>();

        services.AddSingleton<ApiInstruments>();
        services.AddSingleton<SesApiHandler>();
        services.AddSingleton<ConfirmEmailPage>();
        services.AddSingleton<MetricsEndpoint>();
        services.AddSingleton<ReadinessEndpoint>();
        services.AddSingleton<IRelayHttpApplication, RelayHttpApplication>();
        return services;
    }
}
