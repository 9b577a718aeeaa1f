using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Relay.Testing;

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
        var chromium = ExternalTool.Require("/usr/bin/chromium", "chromium");
        var driverPath = ExternalTool.Require("/usr/bin/chromedriver", "chromium-driver");
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.AddAccountAsync("shop");
        var tokens = await console.Identities.VerifyDomainDkimAsync("shop", "example.com", CancellationToken.None);
        var profile = Directory.CreateTempSubdirectory("relay-console-chromium-");
        try
        {
            using var browser = StartBrowser(chromium, driverPath, profile.FullName);
            browser.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(10);

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
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static ChromeDriver StartBrowser(string chromium, string driverPath, string profile)
    {
        // The driver's path is given, so Selenium Manager (which would download a driver) never runs.
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        // --no-sandbox: the tests may run as root (CI), where chromium refuses its sandbox.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
            "--no-first-run", $"--user-data-dir={profile}");
        try
        {
            return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }
}
