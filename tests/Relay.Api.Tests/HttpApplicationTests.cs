using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Relay.Api.Tests.Support;
using Relay.Core.Observability;

namespace Relay.Api.Tests;

/// <summary>The HTTP side: raw targets reach SigV4 untouched, and the unsigned pages (health, metrics, confirmation link).</summary>
public sealed class HttpApplicationTests
{
    [Test]
    public async Task The_raw_target_is_what_gets_verified_so_the_captured_v2_request_passes_through_http()
    {
        using var harness = SigV4VectorTests.HarnessWithVectorKey();
        harness.Identities.Address("shop", "user+tag@example.com");
        var vector = SigV4VectorTests.V2Vector();
        var context = Context("GET", "/v2/email/identities/user%2Btag%40example.com", vector.Headers.Select(h => (h.Key, h.Value[0])));

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(200), Body(context));
        Assert.That(context.Response.Headers["x-amzn-RequestId"].ToString(), Is.Not.Empty);
        Assert.That(Body(context), Does.Contain("EMAIL_ADDRESS"));
    }

    [Test]
    public async Task Health_answers_ok_without_a_signature()
    {
        using var harness = new ApiHarness();
        var context = Context("GET", "/health", []);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(200));
        Assert.That(Body(context), Is.EqualTo("ok\n"));
    }

    [Test]
    public async Task Ready_is_200_while_every_check_passes_and_503_naming_each_failing_check()
    {
        var ready = await new ReadinessEndpoint([new FixedReadiness("store", null), new FixedReadiness("smtp", null)]).HandleAsync(CancellationToken.None);
        var notReady = await new ReadinessEndpoint(
            [new FixedReadiness("store", "database is locked"), new FixedReadiness("disk", null), new FixedReadiness("smtp", "0 of 2 SMTP listener(s) bound")])
            .HandleAsync(CancellationToken.None);

        Assert.That((ready.StatusCode, Encoding.UTF8.GetString(ready.Body)), Is.EqualTo((200, "ready\n")));
        Assert.That((notReady.StatusCode, Encoding.UTF8.GetString(notReady.Body)),
            Is.EqualTo((503, "not ready\nstore: database is locked\nsmtp: 0 of 2 SMTP listener(s) bound\n")));
    }

    [Test]
    public async Task Ready_is_served_without_a_signature()
    {
        using var harness = new ApiHarness();
        var context = Context("GET", "/ready", []);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(200), "no checks registered in the harness: ready");
        Assert.That(Body(context), Is.EqualTo("ready\n"));
    }

    [Test]
    public async Task Metrics_concatenates_every_source()
    {
        using var harness = new ApiHarness();
        var endpoint = new MetricsEndpoint([new FixedMetrics("a_total 1\n"), new FixedMetrics("b_total 2\n")]);

        var response = await endpoint.HandleAsync(CancellationToken.None);

        Assert.That(response.ContentType, Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
        Assert.That(Encoding.UTF8.GetString(response.Body), Is.EqualTo("a_total 1\nb_total 2\n"));
    }

    [Test]
    public async Task The_confirmation_link_confirms_the_address_and_an_unknown_token_does_not()
    {
        using var harness = new ApiHarness();
        harness.Identities.Address("shop", "a@example.com");
        var good = Context("GET", "/confirm-email", [], "token=link-secret-a%40example.com");
        var bad = Context("GET", "/confirm-email", [], "token=nope");

        await harness.Get<IRelayHttpApplication>().HandleAsync(good);
        await harness.Get<IRelayHttpApplication>().HandleAsync(bad);

        Assert.That(good.Response.StatusCode, Is.EqualTo(200));
        Assert.That(Body(good), Does.Contain("a@example.com is now verified"));
        Assert.That(good.Response.Headers.CacheControl.ToString(), Is.EqualTo("no-store"));
        Assert.That(good.Response.Headers["Referrer-Policy"].ToString(), Is.EqualTo("no-referrer"));
        Assert.That((await harness.Identities.FindAsync("shop", "a@example.com", CancellationToken.None))!.IsVerified, Is.True);
        Assert.That(bad.Response.StatusCode, Is.EqualTo(404));
    }

    private static DefaultHttpContext Context(string method, string rawPath, IEnumerable<(string Name, string Value)> headers, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = PathString.FromUriComponent(rawPath);
        context.Request.QueryString = query.Length == 0 ? QueryString.Empty : new QueryString("?" + query);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawPath + (query.Length == 0 ? string.Empty : "?" + query);
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private sealed class FixedMetrics(string text) : IPrometheusMetrics
    {
        public Task WriteAsync(TextWriter writer, CancellationToken cancellationToken) => writer.WriteAsync(text);
    }
}
