using System.Net;
using System.Text.RegularExpressions;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// Talks to the console as a browser would, one request at a time, keeping cookies by hand (so the raw Set-Cookie
/// lines stay readable) and following no redirects (so each one can be asserted).
/// </summary>
internal sealed partial class ConsoleClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private string? _csrf;

    public ConsoleClient(Uri baseAddress)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // Over HTTPS the console has the certificate Relay generated for itself.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        })
        {
            BaseAddress = baseAddress,
        };
    }

    /// <summary>Every Set-Cookie line received, in order.</summary>
    public List<string> SetCookies { get; } = [];

    public string? Cookie(string name) => _cookies.GetValueOrDefault(name);

    public void SetCookie(string name, string value) => _cookies[name] = value;

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostAsync(string path, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value))),
        };
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(cookie => $"{cookie.Key}={cookie.Value}")));
        }

        var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var lines))
        {
            foreach (var line in lines)
            {
                SetCookies.Add(line);
                var pair = line.Split(';')[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
                if (value.Length == 0 || line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        return response;
    }

    /// <summary>The CSRF token in a page's forms.</summary>
    public static string CsrfToken(string html)
    {
        var match = CsrfField().Match(html);
        Assert.That(match.Success, Is.True, "the page has a form with a CSRF token");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    /// <summary>Opens the sign-in page and signs in; returns the response to the form post.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string name, string password)
    {
        using var form = await GetAsync("/sign-in");
        var page = await form.Content.ReadAsStringAsync();
        return await PostAsync("/sign-in", ("csrf", CsrfToken(page)), ("name", name), ("password", password));
    }

    /// <summary>Signs in as the console's user and checks that it worked.</summary>
    public async Task SignInAsAdminAsync()
    {
        using var response = await SignInAsync(ConsoleUnderTest.UserName, ConsoleUnderTest.Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), "signed in");
    }

    /// <summary>Signs in as <paramref name="name"/> with the test password and checks that it worked.</summary>
    public async Task SignInAsUserAsync(string name)
    {
        using var response = await SignInAsync(name, ConsoleUnderTest.Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), $"{name} signed in");
    }

    /// <summary>
    /// The CSRF token of the session, read from the sign-out form of a page that changes nothing (a 404 page: a page
    /// showing a flash message would use it up).
    /// </summary>
    public async Task<string> SessionCsrfAsync() => _csrf ??= CsrfToken(await GetTextAsync("/no-such-page"));

    /// <summary>Posts a form of the signed-in session, its CSRF token added.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, params (string Name, string Value)[] fields) =>
        await PostAsync(path, [("csrf", await SessionCsrfAsync()), .. fields]);

    /// <summary>Posts a multipart form of the signed-in session (as a browser sends a form with a file), its CSRF token added.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string path, (string Name, string FileName, string Text)? file, params (string Name, string Value)[] fields)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(await SessionCsrfAsync()), "csrf");
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        if (file is { } upload)
        {
            content.Add(new StringContent(upload.Text), upload.Name, upload.FileName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        return await SendAsync(request);
    }

    /// <summary>A page's HTML, whatever its status.</summary>
    public async Task<string> GetTextAsync(string path)
    {
        using var response = await GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }

    public static bool IsRedirectToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.SeeOther && response.Headers.Location?.OriginalString == "/sign-in";

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"csrf\" value=\"(?<token>[^\"]*)\"")]
    private static partial Regex CsrfField();
}
