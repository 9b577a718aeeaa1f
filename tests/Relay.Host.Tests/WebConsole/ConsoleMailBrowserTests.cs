using System.Globalization;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OpenQA.Selenium;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Ingestion;
using Relay.Hosting;
using Relay.Testing;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// The console in chromium: every main page passes axe-core's WCAG A/AA checks and is saved as a screenshot; the
/// pages read the same with JavaScript switched off; a message sent over SMTP shows up on the outcomes page.
/// </summary>
public sealed class ConsoleMailBrowserTests
{
    [Test]
    public async Task Every_main_page_passes_axe_core_and_is_saved_as_a_screenshot()
    {
        var axe = ConsoleBrowser.AxeScript();
        await using var console = await ConsoleUnderTest.StartAsync(settings: ConsoleMailTestData.UnreachableNextHop);
        var (queued, _) = await FillAsync(console);
        using var browser = ConsoleBrowser.Start(console.BaseAddress);
        var violations = new List<string>();
        var screenshots = new List<string>();

        Assert.That(browser.PageScriptsRun(), Is.True, "with scripts on, the same probe sees them run");
        browser.Open("/sign-in", "Sign in");
        violations.AddRange(browser.AxeViolations(axe).Select(line => "/sign-in: " + line));
        browser.SignIn();
        foreach (var (path, heading, screenshot) in new (string, string, string?)[]
                 {
                     ("/identities", "Identities", "console-identities"),
                     ("/identity?account=shop&name=example.com", "example.com", "console-identity"),
                     ("/queue", "Queue", "console-queue"),
                     ($"/queue/message?id={queued}", "Queued message", null),
                     ($"/queue/delete?id={queued}", "Delete a queued message", null),
                     ("/outcomes", "Outcomes", "console-outcomes"),
                     ("/accounts/revoke-credentials?account=bakery", "Revoke an account's credentials", null),
                     ("/accounts", "Accounts", "console-accounts"),
                 })
        {
            browser.Open(path, heading);
            violations.AddRange(browser.AxeViolations(axe).Select(line => $"{path}: {line}"));
            if (screenshot is not null)
            {
                screenshots.Add(browser.Screenshot(screenshot));
            }
        }

        browser.Driver.FindElement(By.CssSelector("button[aria-label='New access key for shop']")).Click();
        browser.WaitForHeading("Access key for shop");
        violations.AddRange(browser.AxeViolations(axe).Select(line => "access key shown once: " + line));

        Assert.That(violations, Is.Empty, string.Join("\n", violations));
        Assert.That(screenshots.Select(path => new FileInfo(path).Length), Has.All.GreaterThan(1000));
    }

    [Test]
    public async Task With_javascript_switched_off_the_identities_list_and_the_queue_still_read_and_sign_in_works()
    {
        await using var console = await ConsoleUnderTest.StartAsync(settings: ConsoleMailTestData.UnreachableNextHop);
        var (queued, _) = await FillAsync(console);
        using var browser = ConsoleBrowser.Start(console.BaseAddress, javaScript: false);

        Assert.That(browser.PageScriptsRun(), Is.False, "the setting took: a page's own script does not run");

        browser.SignIn();
        var link = browser.Driver.FindElement(By.LinkText("example.com"));
        Assert.That(link.GetAttribute("href"), Does.EndWith("/identity?account=shop&name=example.com"));
        browser.Open("/queue", "Queue");
        var row = browser.Driver.FindElement(By.XPath($"//tr[td[1]='{queued}']"));
        Assert.That(row.Text, Does.Contain("shop").And.Contain("news@example.com"));
        browser.Open("/outcomes", "Outcomes");
        var numbers = browser.Driver.FindElement(By.XPath("//summary[.='Last hour, 5-minute buckets, as numbers']"));
        numbers.Click();
        Assert.That(browser.Driver.FindElement(By.XPath("//caption[.='Last hour, 5-minute buckets, as numbers']")).Displayed, Is.True,
            "the numbers behind the chart open without a script");
    }

    [Test]
    public async Task A_message_sent_over_smtp_to_the_relay_shows_on_the_outcomes_page_as_accepted_and_delivered()
    {
        await using var sink = SmtpSink.Start();
        await using var console = await ConsoleUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Relay:NextHop:Host"] = SmtpSink.Host,
            ["Relay:NextHop:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Relay:NextHop:TlsMode"] = "None",
        });
        await console.AddAccountAsync("shop");
        await console.Services.GetRequiredService<IIdentityStore>().SaveIdentityAsync(
            new Identity("shop", "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.NotStarted, false, null), CancellationToken.None);

        using (var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true })
        {
            var port = console.Services.GetRequiredService<SmtpListenerService>().BoundEndPoints[0].Port;
            await smtp.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls);
            await smtp.AuthenticateAsync("shop", ConsoleUnderTest.AccountPassword);
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("news@example.com"));
            message.To.Add(MailboxAddress.Parse("reader@dest.example"));
            message.Subject = "seen in the console";
            message.Body = new TextPart("plain") { Text = "hello\r\n" };
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(quit: true);
        }

        using var browser = ConsoleBrowser.Start(console.BaseAddress);
        browser.SignIn();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        IReadOnlyList<string> outcomes;
        do
        {
            browser.Open("/outcomes?account=shop", "Outcomes");
            outcomes = browser.Driver.FindElements(By.XPath("//table[caption='Recent outcomes']/tbody/tr")).Select(row => row.Text).ToList();
        }
        while (!outcomes.Any(row => row.Contains("Delivered", StringComparison.Ordinal)) && DateTime.UtcNow < deadline && await Pause());

        browser.Screenshot("console-outcomes-after-smtp");
        Assert.That(sink.Delivered, Has.Count.EqualTo(1), "the sink got it");
        Assert.That(outcomes, Has.Some.Contains("news@example.com").And.Contains("1 recipient").And.Contains("Accepted"));
        Assert.That(outcomes, Has.Some.Contains("reader@dest.example").And.Contains("Delivered").And.Contains("250"));
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(300);
        return true;
    }

    /// <summary>An account with a domain waiting for its CNAMEs, a deferred message, a refused one and an access key.</summary>
    private static async Task<(string Queued, IReadOnlyList<string> Tokens)> FillAsync(ConsoleUnderTest console)
    {
        await console.AddAccountAsync("shop");
        await console.AddAccountAsync("bakery");
        var tokens = await console.Identities.VerifyDomainDkimAsync("shop", "example.com", CancellationToken.None);
        var queued = await ConsoleMailTestData.EnqueueAsync(console, "shop", "news@example.com", "a@dest.example", "b@dest.example");
        await console.Services.GetRequiredService<IAccessKeyStore>().AddAsync(AccessKeyGenerator.Create("shop", DateTimeOffset.UtcNow), CancellationToken.None);
        using var content = new MemoryStream(Encoding.ASCII.GetBytes("From: <x@unverified.example>\r\nTo: <a@dest.example>\r\nSubject: x\r\n\r\nbody\r\n"));
        await console.Services.GetRequiredService<IMessageIngestion>().IngestAsync(
            new InboundMessage("bakery", "x@unverified.example", ["a@dest.example"], false, false, content, "smtp"), CancellationToken.None);
        using var client = console.Client();
        await client.SignInAsAdminAsync();
        await ConsoleMailTestData.WaitForPageAsync(client, "/outcomes", html => html.Contains("<td>Deferred</td>", StringComparison.Ordinal));
        return (queued, tokens);
    }
}
