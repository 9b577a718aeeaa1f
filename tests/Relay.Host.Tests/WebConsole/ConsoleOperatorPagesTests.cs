using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Relay.WebConsole;
using Relay.WebConsole.Mail;

namespace Relay.Host.Tests.WebConsole;

/// <summary>The queue, outcomes and accounts pages answer a user who is not an operator as if they did not exist.</summary>
public sealed class ConsoleOperatorPagesTests
{
    private ConsoleUnderTest _console = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _console = await ConsoleUnderTest.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _console.DisposeAsync();

    [TestCase("GET", "/queue")]
    [TestCase("GET", "/queue/message")]
    [TestCase("POST", "/queue/retry")]
    [TestCase("GET", "/queue/delete")]
    [TestCase("POST", "/queue/delete")]
    [TestCase("GET", "/outcomes")]
    [TestCase("GET", "/accounts")]
    [TestCase("POST", "/accounts/create")]
    [TestCase("POST", "/accounts/smtp-password")]
    [TestCase("GET", "/accounts/revoke-credentials")]
    [TestCase("POST", "/accounts/revoke-credentials")]
    [TestCase("POST", "/access-keys/create")]
    [TestCase("POST", "/access-keys/revoke")]
    public async Task A_user_who_is_not_an_operator_gets_404_no_such_page_and_an_operator_the_page(string method, string path)
    {
        var routes = new ConsoleRouteTable([ActivatorUtilities.CreateInstance<ConsoleMailArea>(_console.Services)]);

        var refused = await SendAsync(routes, new ConsoleSession("tenant", "token", TenantAccountId: "shop"), method, path);
        var answered = await SendAsync(routes, new ConsoleSession("operator", "token"), method, path);

        Assert.That(refused.Status, Is.EqualTo((int)HttpStatusCode.NotFound));
        Assert.That(refused.Body, Does.Contain("No such page"));
        Assert.That(answered.Body, Does.Not.Contain("No such page"), "the same request is answered for an operator");
    }

    private static async Task<(int Status, string Body)> SendAsync(ConsoleRouteTable routes, ConsoleSession session, string method, string path)
    {
        var isPost = method == "POST";
        var handler = routes.Find(isPost, path) ?? throw new AssertionException($"{method} {path} is not mapped");
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        var body = new MemoryStream();
        context.Response.Body = body;
        await handler(new ConsoleRequest(context, session, isPost ? new FormCollection([]) : null));
        return (context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()));
    }
}
