using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relay.Api.Http;
using Relay.Core.Accounts;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Ingestion;
using Relay.Core.Quotas;
using Relay.Core.Suppression;

namespace Relay.Api.Tests.Support;

/// <summary>The API as the host wires it (AddSesApi), over fakes: identities, ingestion, access keys and a fake clock.</summary>
internal sealed class ApiHarness : IDisposable
{
    public const string Region = "eu-west-1";
    public const string ShopKeyId = "RELAYSHOPKEY23456789";
    public const string OtherKeyId = "RELAYOTHERKEY2345678";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Host = "127.0.0.1:18025";
    public const string ProviderDomain = "relay.provider.test";

    private readonly ServiceProvider _services;

    public ApiHarness(SesApiOptions? options = null)
    {
        Options = options ?? new SesApiOptions { Region = Region };
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 58, 0, TimeSpan.Zero));
        var created = Clock.GetUtcNow();
        Keys.AddAsync(new AccessKey(ShopKeyId, "shop", Secret, created, null), CancellationToken.None).GetAwaiter().GetResult();
        Keys.AddAsync(new AccessKey(OtherKeyId, "other", Secret, created, null), CancellationToken.None).GetAwaiter().GetResult();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IIdentityManagement>(Identities);
        services.AddSingleton<IMessageIngestion>(Ingestion);
        services.AddSingleton<IAccessKeyStore>(Keys);
        services.AddSingleton<MessageIds>();
        services.AddSingleton(new ProviderSignature(new SignatureSpec(ProviderDomain, "relay", "unused-key")));
        services.AddSingleton<ISendQuotaSource>(Quotas);
        services.AddSingleton<ISuppressionStore>(Suppressions);
        services.AddSingleton<SuppressionList>();
        services.AddSesApi(Options);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public SesApiOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public FakeIdentityManagement Identities { get; } = new();

    public RecordingIngestion Ingestion { get; } = new();

    public InMemoryAccessKeyStore Keys { get; } = new();

    public FakeSendQuotaSource Quotas { get; } = new();

    public InMemorySuppressionStore Suppressions { get; } = new();

    public SesApiHandler Handler => _services.GetRequiredService<SesApiHandler>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>A v1 call signed with the shop's key (or <paramref name="keyId"/>), as aws-cli sends it.</summary>
    public Task<ApiResponse> QueryAsync(string action, IEnumerable<(string Name, string Value)>? parameters = null, string keyId = ShopKeyId) =>
        Handler.HandleAsync(SignedQuery(action, parameters, keyId), CancellationToken.None);

    public ApiRequest SignedQuery(string action, IEnumerable<(string Name, string Value)>? parameters = null, string keyId = ShopKeyId)
    {
        var pairs = new List<(string, string)> { ("Action", action), ("Version", "2010-12-01") };
        pairs.AddRange(parameters ?? []);
        var body = Encoding.UTF8.GetBytes(string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}")));
        return TestSigner.Sign("POST", "/", string.Empty,
            [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", Host)], body, keyId, Secret, Region, Clock.GetUtcNow());
    }

    /// <summary>A v2 call signed with the shop's key (or <paramref name="keyId"/>).</summary>
    public Task<ApiResponse> RestAsync(string method, string rawPath, object? json = null, string rawQuery = "", string keyId = ShopKeyId) =>
        Handler.HandleAsync(SignedRest(method, rawPath, json, rawQuery, keyId), CancellationToken.None);

    public ApiRequest SignedRest(string method, string rawPath, object? json = null, string rawQuery = "", string keyId = ShopKeyId)
    {
        var body = json is null ? [] : JsonSerializer.SerializeToUtf8Bytes(json);
        var headers = new List<(string, string)> { ("Host", Host) };
        if (json is not null)
        {
            headers.Add(("Content-Type", "application/json"));
        }

        return TestSigner.Sign(method, rawPath, rawQuery, headers, body, keyId, Secret, Region, Clock.GetUtcNow());
    }

    public static XElement Xml(ApiResponse response) => XElement.Parse(Encoding.UTF8.GetString(response.Body));

    public static JsonElement Json(ApiResponse response) => JsonDocument.Parse(response.Body).RootElement;

    public static string? V1ErrorCode(ApiResponse response) =>
        Xml(response).Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;

    public void Dispose() => _services.Dispose();
}
