using System.Net;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// <c>GET /ready</c> on a real Relay: ready once its store answers, its disk has room and its SMTP listeners are bound;
/// not ready (503, naming the check) when the free-space reserve refuses new mail, while <c>/health</c> stays 200.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ReadinessThroughRelayTests
{
    private ApiRelay? _relay;

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Test]
    public async Task A_started_relay_is_ready()
    {
        _relay = await ApiRelay.StartAsync();

        var (status, body) = await GetAsync("ready");

        Assert.That((status, body), Is.EqualTo((HttpStatusCode.OK, "ready\n")));
    }

    [Test]
    public async Task A_relay_whose_disk_is_below_the_reserve_is_alive_but_not_ready()
    {
        _relay = await ApiRelay.StartAsync(new Dictionary<string, string?> { ["Relay:Storage:MinimumFreeDiskBytes"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var (status, body) = await GetAsync("ready");
        var (health, _) = await GetAsync("health");

        Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(body, Does.StartWith("not ready\ndisk: free space in ").And.Contain("new mail gets 452"));
        Assert.That(health, Is.EqualTo(HttpStatusCode.OK), "alive: a load balancer should not restart it, only send it no mail");
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_relay!.Endpoint, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
