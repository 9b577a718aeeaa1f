using System.Globalization;
using System.Net;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Relay.Testing.Dns;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// The operator's journey in a real browser against real DNS: BIND serves the customers' zones, unbound resolves and
/// reaches the provider's key zone at Relay's own responder, and Relay's checks ask unbound. Sign in, add a domain,
/// read its three CNAMEs from the page, publish them, check now and see SUCCESS; publish one wrong for another domain
/// and read why; rotate; and a tenant cannot open another tenant's identity by its URL.
/// </summary>
public sealed class ConsoleJourneyBrowserTests
{
    private const string Domain = "customer.test";
    private const string WrongDomain = "careless.test";
    private static readonly string KeyZone = "dkim." + ConsoleUnderTest.ProviderDomain;

    [Test]
    public async Task An_operator_adds_a_domain_publishes_its_cnames_sees_success_reads_a_mistake_explained_and_rotates()
    {
        var keyZonePort = LoopbackPorts.FindFree();
        await using var dns = await DnsTestNetwork.StartAsync(
            [new TestZone(Domain, string.Empty), new TestZone(WrongDomain, string.Empty)],
            [new StubZone(KeyZone, new IPEndPoint(IPAddress.Loopback, keyZonePort))],
            CancellationToken.None);
        var settings = new Dictionary<string, string?>
        {
            ["Relay:KeyZone:Listen"] = $"127.0.0.1:{keyZonePort.ToString(CultureInfo.InvariantCulture)}",
            ["Relay:DnsChecks:Resolver"] = $"127.0.0.1:{dns.ResolverEndPoint.Port.ToString(CultureInfo.InvariantCulture)}",
            ["Relay:DnsChecks:Timeout"] = "00:00:03",
            ["Relay:DnsChecks:Retries"] = "1",
        };
        foreach (var (key, value) in ConsoleUnderTest.User(1, "rival-user", "rival"))
        {
            settings[key] = value;
        }

        await using var console = await ConsoleUnderTest.StartAsync(settings: settings);
        await console.AddAccountAsync("shop");
        await console.AddAccountAsync("rival");
        await console.AddDomainAsync("rival", "rival.test");
        using var chromium = HeadlessChromium.Start();
        var browser = chromium.Driver;

        SignIn(browser, console.BaseAddress, ConsoleUnderTest.UserName);
        var cnames = AddDomain(browser, Domain);
        Assert.That(cnames, Has.Count.EqualTo(3));
        Assert.That(cnames.Select(cname => cname.Value), Is.All.EndsWith("." + KeyZone));

        await PublishAsync(dns, Domain, cnames.Select(cname => $"{Relative(cname.Name, Domain)} CNAME {cname.Value}."));
        Press(browser, "Check now");
        Assert.That(Flash(browser), Does.StartWith("Checked now: DKIM SUCCESS"));
        Assert.That(Status(browser, "DKIM"), Does.StartWith("SUCCESS"));
        Assert.That(Status(browser, "Signing"), Does.StartWith("Signing (s="));
        Save(browser, "console-journey-success.png", "customer.test after its CNAMEs verified");

        var careless = AddDomain(browser, WrongDomain);
        // The first name entered in full where the DNS provider appends the zone: it lands at ….careless.test.careless.test.
        await PublishAsync(dns, WrongDomain, careless.Select((cname, index) =>
            $"{(index == 0 ? cname.Name : Relative(cname.Name, WrongDomain))} CNAME {cname.Value}."));
        Press(browser, "Check now");
        Assert.That(Status(browser, "DKIM"), Does.StartWith("PENDING"));
        var explained = browser.FindElement(By.XPath($"//table[contains(@class,'records')]/tbody/tr[td[1]='{careless[0].Name}']/td[4]")).Text;
        Assert.That(explained, Does.Contain("You entered the domain twice.").And.Contain($"ends in {WrongDomain}.{WrongDomain}"));
        Save(browser, "console-journey-duplicated-domain.png", "careless.test with a record name holding the domain twice");

        browser.Navigate().GoToUrl(new Uri(console.BaseAddress, $"/identity?account=shop&name={Domain}"));
        Press(browser, "Rotate the keys");
        Assert.That(Flash(browser), Does.StartWith("New key made behind"));
        Assert.That(browser.FindElements(By.XPath("//table[contains(@class,'keys')]/tbody/tr[starts-with(td[4],'Staged')]")), Has.Count.EqualTo(1),
            "a new key staged behind one of the same tokens while the current key signs");
        Assert.That(Status(browser, "DKIM"), Does.StartWith("SUCCESS"), "the domain goes on signing meanwhile");

        Press(browser, $"Sign out {ConsoleUnderTest.UserName}");
        SignIn(browser, console.BaseAddress, "rival-user");
        browser.Navigate().GoToUrl(new Uri(console.BaseAddress, "/identity?account=rival&name=rival.test"));
        Assert.That(Heading(browser), Is.EqualTo("rival.test"), "a tenant opens its own identity");
        browser.Navigate().GoToUrl(new Uri(console.BaseAddress, $"/identity?account=shop&name={Domain}"));
        Assert.That(Heading(browser), Is.EqualTo("Identity not found"), "and not another tenant's");
        Assert.That(browser.PageSource, Does.Not.Contain(cnames[0].Value));
    }

    private static void SignIn(ChromeDriver browser, Uri console, string user)
    {
        browser.Navigate().GoToUrl(new Uri(console, "/identities"));
        browser.FindElement(By.Id("name")).SendKeys(user);
        browser.FindElement(By.Id("password")).SendKeys(ConsoleUnderTest.Password);
        browser.FindElement(By.CssSelector("form[action='/sign-in'] button[type='submit']")).Click();
        browser.FindElement(By.XPath("//h1[normalize-space(.)='Identities']"));
    }

    /// <summary>Adds an Easy DKIM domain to account shop through the form and returns the CNAMEs its page shows.</summary>
    private static List<(string Name, string Value)> AddDomain(ChromeDriver browser, string domain)
    {
        ClickAndWait(browser, By.XPath("//nav//a[.='Identities']"));
        ClickAndWait(browser, By.LinkText("Add an identity"));
        browser.FindElement(By.XPath("//select[@id='domain-account']/option[.='shop']")).Click();
        browser.FindElement(By.Id("domain")).SendKeys(domain);
        Press(browser, "Add the domain");
        Assert.That(Heading(browser), Is.EqualTo(domain));
        Assert.That(Flash(browser), Does.StartWith($"Added {domain}"));
        return browser.FindElements(By.XPath("//table[contains(@class,'records')]/tbody/tr[td[2]='CNAME']"))
            .Select(row => row.FindElements(By.TagName("td")))
            .Select(cells => (cells[0].Text, cells[2].Text))
            .ToList();
    }

    private static void Press(ChromeDriver browser, string button) => ClickAndWait(browser, By.XPath($"//button[.='{button}']"));

    /// <summary>
    /// Clicks what leads to another page and waits until the old page is gone: otherwise the next lookup can find the old
    /// page's heading, which goes stale under it (seen in CI).
    /// </summary>
    private static void ClickAndWait(ChromeDriver browser, By target)
    {
        var before = browser.FindElement(By.TagName("h1"));
        browser.FindElement(target).Click();
        new WebDriverWait(browser, TimeSpan.FromSeconds(30)).Until(_ => !IsAttached(before));
    }

    private static bool IsAttached(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return true;
        }
        catch (StaleElementReferenceException)
        {
            return false;
        }
    }

    private static string Heading(ChromeDriver browser) => browser.FindElement(By.TagName("h1")).Text;

    private static string Flash(ChromeDriver browser) => browser.FindElement(By.CssSelector("main p[role]")).Text;

    private static string Status(ChromeDriver browser, string term) => browser.FindElement(By.XPath($"//dt[.='{term}']/following-sibling::dd[1]")).Text;

    private static string Relative(string name, string zone) => name[..^(zone.Length + 1)];

    private static Task PublishAsync(DnsTestNetwork dns, string zone, IEnumerable<string> lines) =>
        dns.SetZoneAsync(new TestZone(zone, string.Join('\n', lines)), CancellationToken.None);

    private static void Save(ChromeDriver browser, string file, string description)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, file);
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(path);
        TestContext.AddTestAttachment(path, description);
    }
}
