using OpenQA.Selenium.Chrome;
using Relay.Testing;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// Debian's chromium, headless, through chromium-driver, with a profile folder of its own that goes with it. Skips the
/// test without them when run by hand, fails it under CI (<see cref="ExternalTool"/>). JavaScript can be switched off
/// for the whole browser (a content setting), to show the pages need none.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private readonly DirectoryInfo _profile;

    private HeadlessChromium(ChromeDriver driver, DirectoryInfo profile)
    {
        Driver = driver;
        _profile = profile;
    }

    public ChromeDriver Driver { get; }

    public static HeadlessChromium Start(bool javaScript = true)
    {
        var chromium = ExternalTool.Require("/usr/bin/chromium", "chromium");
        var driverPath = ExternalTool.Require("/usr/bin/chromedriver", "chromium-driver");
        var profile = Directory.CreateTempSubdirectory("relay-console-chromium-");
        // The driver's path is given, so Selenium Manager (which would download a driver) never runs.
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        // --no-sandbox: the tests may run as root (CI), where chromium refuses its sandbox.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
            "--no-first-run", $"--user-data-dir={profile.FullName}");
        if (!javaScript)
        {
            options.AddUserProfilePreference("profile.managed_default_content_settings.javascript", 2);
        }

        try
        {
            var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
            // A click returns before the page it leads to has loaded: finding that page's content waits for it.
            driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(10);
            return new HeadlessChromium(driver, profile);
        }
        catch
        {
            service.Dispose();
            profile.Delete(recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file chromium still held as it went: the temp folder stays rather than failing the test.
        }
    }
}
