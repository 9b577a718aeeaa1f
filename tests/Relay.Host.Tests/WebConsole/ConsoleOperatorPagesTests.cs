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
        var session = new ConsoleSession("tenant", "token");
        var forTenant = ActivatorUtilities.CreateInstance<ConsoleMailArea>(_console.Services, (Func<ConsoleSession, bool>)(_ => false));
        var forOperator = ActivatorUtilities.CreateInstance<ConsoleMailArea>(_console.Services, (Func<ConsoleSession, bool>)(_ => true));

        var refused = await SendAsync(forTenant, session, method, path);
        var answered = await SendAsync(forOperator, session, method, path);

        Assert.That(refused.Handled, Is.True);
        Assert.That(refused.Status, Is.EqualTo((int)HttpStatusCode.NotFound));
        Assert.That(refused.Body, Does.Contain("No such page"));
        Assert.That(answered.Handled, Is.True);
        Assert.That(answered.Body, Does.Not.Contain("No such page"), "the same request is answered for an operator");
    }

    [Test]
    public void Today_every_configured_user_is_an_operator() =>
        Assert.That(ConsoleAccess.IsOperator(new ConsoleSession(ConsoleUnderTest.UserName, "token")), Is.True);

    private static async Task<(bool Handled, int Status, string Body)> SendAsync(ConsoleMailArea area, ConsoleSession session, string method, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        var body = new MemoryStream();
        context.Response.Body = body;
        var form = method == "POST" ? new FormCollection([]) : null;
        var handled = await area.TryHandleAsync(context, session, form);
        return (handled, context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()));
    }
}
