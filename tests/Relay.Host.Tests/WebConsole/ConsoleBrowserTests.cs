using OpenQA.Selenium;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// The console in a real browser: Debian's chromium driven through chromium-driver (Selenium), with no JavaScript of
/// the console's own. It signs in, opens a domain's page and reads the three CNAMEs from it, as an operator would to
/// hand them to the customer; a screenshot of that page is kept with the test's results.
/// </summary>
public sealed class ConsoleBrowserTests
{
    [Test]
    public async Task An_operator_signs_in_and_reads_a_domains_three_cnames_from_its_page()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.AddAccountAsync("shop");
        var tokens = await console.Identities.VerifyDomainDkimAsync("shop", "example.com", CancellationToken.None);
        using var chromium = HeadlessChromium.Start();
        var browser = chromium.Driver;

        browser.Navigate().GoToUrl(new Uri(console.BaseAddress, "/identities"));
        Assert.That(new Uri(browser.Url).AbsolutePath, Is.EqualTo("/sign-in"), "no page without a session");
        browser.FindElement(By.Id("name")).SendKeys(ConsoleUnderTest.UserName);
        browser.FindElement(By.Id("password")).SendKeys(ConsoleUnderTest.Password);
        browser.FindElement(By.CssSelector("form[action='/sign-in'] button[type='submit']")).Click();
        // A click returns before the page it leads to has loaded: wait for that page's content (the implicit wait), then look.
        var link = browser.FindElement(By.LinkText("example.com"));
        Assert.That(new Uri(browser.Url).AbsolutePath, Is.EqualTo("/identities"));
        link.Click();
        browser.FindElement(By.XPath("//h1[normalize-space(.)='example.com']"));

        var cnames = browser.FindElements(By.XPath("//table/tbody/tr[td[2]='CNAME']"))
            .Select(row => row.FindElements(By.TagName("td")))
            .Select(cells => (Name: cells[0].Text, Value: cells[2].Text))
            .ToList();
        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "console-identity-page.png");
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(screenshot);
        TestContext.AddTestAttachment(screenshot, "The identity page of example.com, signed in");

        Assert.That(cnames, Is.EquivalentTo(tokens.Select(token =>
            (Name: $"{token}._domainkey.example.com", Value: $"{token}.dkim.{ConsoleUnderTest.ProviderDomain}"))));
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(1000));
    }
}
