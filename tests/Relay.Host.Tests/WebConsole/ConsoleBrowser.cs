using System.Text;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Relay.Testing;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// Debian's chromium through chromium-driver, headless, for the mail and accessibility browser tests: sign in, open
/// a page and wait for its heading, run axe-core on it, save a screenshot. JavaScript can be switched off for the
/// whole browser (a content setting), to show the pages need none.
/// </summary>
internal sealed class ConsoleBrowser : IDisposable
{
    /// <summary>When set (e.g. to docs/screenshots), screenshots go there instead of the test's work folder.</summary>
    public const string ScreenshotFolderVariable = "RELAY_CONSOLE_SCREENSHOTS";

    private readonly HeadlessChromium _chromium;
    private readonly Uri _baseAddress;

    private ConsoleBrowser(HeadlessChromium chromium, Uri baseAddress)
    {
        _chromium = chromium;
        _baseAddress = baseAddress;
    }

    public ChromeDriver Driver => _chromium.Driver;

    public static ConsoleBrowser Start(Uri baseAddress, bool javaScript = true) => new(HeadlessChromium.Start(javaScript), baseAddress);

    /// <summary>Signs in through the form and waits for the identities list it leads to.</summary>
    public void SignIn()
    {
        Open("/sign-in", "Sign in");
        Driver.FindElement(By.Id("name")).SendKeys(ConsoleUnderTest.UserName);
        Driver.FindElement(By.Id("password")).SendKeys(ConsoleUnderTest.Password);
        Driver.FindElement(By.CssSelector("form[action='/sign-in'] button[type='submit']")).Click();
        WaitForHeading("Identities");
    }

    /// <summary>Opens <paramref name="path"/> and waits until its <c>h1</c> reads <paramref name="heading"/>.</summary>
    public void Open(string path, string heading)
    {
        Driver.Navigate().GoToUrl(new Uri(_baseAddress, path));
        WaitForHeading(heading);
    }

    /// <summary>The implicit wait: a click returns before the page it leads to has loaded.</summary>
    public IWebElement WaitForHeading(string heading) => Driver.FindElement(By.XPath($"//h1[normalize-space(.)={XPathLiteral(heading)}]"));

    /// <summary>Whether a page's own script runs: one that writes a marker, built from two halves so its source alone never holds it.</summary>
    public bool PageScriptsRun()
    {
        Driver.Navigate().GoToUrl("data:text/html,<title>probe</title><p id=probe>written:<script>document.write('scripts ' + 'ran')</script></p>");
        Driver.FindElement(By.Id("probe"));
        return Driver.PageSource.Contains("scripts ran", StringComparison.Ordinal);
    }

    /// <summary>Saves the page as <paramref name="name"/>.png and returns its path.</summary>
    public string Screenshot(string name)
    {
        var folder = Environment.GetEnvironmentVariable(ScreenshotFolderVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : TestContext.CurrentContext.WorkDirectory;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        // The whole page, not the window: make the window as tall as the page (at most 4000 pixels) for the shot.
        var height = Convert.ToInt32(Driver.ExecuteScript("return document.documentElement.scrollHeight;"), System.Globalization.CultureInfo.InvariantCulture);
        var window = Driver.Manage().Window;
        var size = window.Size;
        window.Size = new System.Drawing.Size(size.Width, Math.Clamp(height + (size.Height - Convert.ToInt32(
            Driver.ExecuteScript("return window.innerHeight;"), System.Globalization.CultureInfo.InvariantCulture)), size.Height, 4000));
        Driver.GetScreenshot().SaveAsFile(path);
        window.Size = size;
        TestContext.AddTestAttachment(path, name);
        return path;
    }

    /// <summary>
    /// Runs axe-core (WCAG 2.0/2.1 A and AA rules and axe's best practices) on the page and returns each violation
    /// as a line: rule, impact, what it is, and the elements concerned.
    /// </summary>
    public IReadOnlyList<string> AxeViolations(string axeScript)
    {
        Driver.ExecuteScript(axeScript);
        var result = Driver.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
              .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
              .catch(e => done(['axe failed: ' + e]));
            """);
        return result is IEnumerable<object> lines ? lines.Select(item => item.ToString()!).ToList() : ["axe returned no list: " + result];
    }

    /// <summary>axe.min.js from tests/ConsoleAccessibility (npm ci); skips the test when it is not installed, fails under CI.</summary>
    public static string AxeScript()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Relay.sln")))
        {
            folder = folder.Parent;
        }

        var path = Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Relay.sln not found above the tests"),
            "tests", "ConsoleAccessibility", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path))
        {
            var reason = "axe-core is not installed: run `npm ci --prefix tests/ConsoleAccessibility`.";
            if (ExternalTool.RunningInCi)
            {
                Assert.Fail(reason + " CI=true, so a missing peer is a failure.");
            }

            Assert.Ignore(reason);
        }

        return File.ReadAllText(path, Encoding.UTF8);
    }

    public void Dispose() => _chromium.Dispose();

    private static string XPathLiteral(string text) => text.Contains('\'', StringComparison.Ordinal) ? $"\"{text}\"" : $"'{text}'";
}
