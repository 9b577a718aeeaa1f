using System.Text;
using System.Text.Json;

namespace Relay.Testing;

/// <summary>
/// Verifies DKIM signatures with two independent implementations, python3-dkim and Perl
/// Mail::DKIM, fed the public keys locally (<c>txtRecordsByName</c>: "selector._domainkey.domain"
/// → "v=DKIM1; k=rsa; p=…"), so no DNS or network is used. Each returns one verdict per
/// DKIM-Signature field, top first. The *Many* forms verify a batch in one process start.
/// A missing tool skips the test by hand and fails it under CI=true (see <see cref="ExternalTool"/>).
/// </summary>
public static class DkimVerifiers
{
    public const string PythonPath = "/usr/bin/python3";
    public const string PerlPath = "/usr/bin/perl";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The DNS name a verifier queries for a signature's key: "selector._domainkey.domain".</summary>
    public static string RecordName(string selector, string domain) => $"{selector}._domainkey.{domain}";

    public static async Task<IReadOnlyList<DkimVerdict>> VerifyWithPythonAsync(
        byte[] message, IReadOnlyDictionary<string, string> txtRecordsByName) =>
        (await VerifyManyWithPythonAsync([message], txtRecordsByName))[0];

    public static async Task<IReadOnlyList<DkimVerdict>> VerifyWithPerlAsync(
        byte[] message, IReadOnlyDictionary<string, string> txtRecordsByName) =>
        (await VerifyManyWithPerlAsync([message], txtRecordsByName))[0];

    public static Task<IReadOnlyList<IReadOnlyList<DkimVerdict>>> VerifyManyWithPythonAsync(
        IReadOnlyList<byte[]> messages, IReadOnlyDictionary<string, string> txtRecordsByName)
    {
        ExternalTool.RequireModule(PythonPath, ["-c", "import dkim, dkim.util"], "python3-dkim");
        return RunAsync(PythonPath, "verify.py", DkimVerifierScripts.Python, messages, txtRecordsByName);
    }

    public static Task<IReadOnlyList<IReadOnlyList<DkimVerdict>>> VerifyManyWithPerlAsync(
        IReadOnlyList<byte[]> messages, IReadOnlyDictionary<string, string> txtRecordsByName)
    {
        ExternalTool.RequireModule(PerlPath, ["-MMail::DKIM::Verifier", "-MNet::DNS", "-MJSON::PP", "-e", "1"], "libmail-dkim-perl");
        return RunAsync(PerlPath, "verify.pl", DkimVerifierScripts.Perl, messages, txtRecordsByName);
    }

    /// <summary>python3-dkim, asking the DNS resolver at <paramref name="resolver"/> for the keys (dnspython).</summary>
    public static async Task<IReadOnlyList<DkimVerdict>> VerifyWithPythonThroughResolverAsync(byte[] message, System.Net.IPEndPoint resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ExternalTool.RequireModule(PythonPath, ["-c", "import dns.resolver"], "python3-dnspython");
        return (await VerifyManyWithPythonAsync([message], ResolverRecords(resolver)))[0];
    }

    /// <summary>Mail::DKIM, asking the DNS resolver at <paramref name="resolver"/> for the keys (Net::DNS).</summary>
    public static async Task<IReadOnlyList<DkimVerdict>> VerifyWithPerlThroughResolverAsync(byte[] message, System.Net.IPEndPoint resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        return (await VerifyManyWithPerlAsync([message], ResolverRecords(resolver)))[0];
    }

    /// <summary>python3-dkim over a batch in one process start, asking the DNS resolver at <paramref name="resolver"/> for the keys.</summary>
    public static Task<IReadOnlyList<IReadOnlyList<DkimVerdict>>> VerifyManyWithPythonThroughResolverAsync(
        IReadOnlyList<byte[]> messages, System.Net.IPEndPoint resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ExternalTool.RequireModule(PythonPath, ["-c", "import dns.resolver"], "python3-dnspython");
        return VerifyManyWithPythonAsync(messages, ResolverRecords(resolver));
    }

    /// <summary>python3-dkim with PyNaCl hidden (<see cref="DkimVerifierScripts.PythonWithoutEd25519"/>), asking the DNS resolver at <paramref name="resolver"/>.</summary>
    public static Task<IReadOnlyList<IReadOnlyList<DkimVerdict>>> VerifyManyWithPythonWithoutEd25519ThroughResolverAsync(
        IReadOnlyList<byte[]> messages, System.Net.IPEndPoint resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ExternalTool.RequireModule(PythonPath, ["-c", "import dkim, dns.resolver"], "python3-dkim");
        return RunAsync(PythonPath, "verify.py", DkimVerifierScripts.PythonWithoutEd25519, messages, ResolverRecords(resolver));
    }

    /// <summary>Mail::DKIM over a batch in one process start, asking the DNS resolver at <paramref name="resolver"/> for the keys.</summary>
    public static Task<IReadOnlyList<IReadOnlyList<DkimVerdict>>> VerifyManyWithPerlThroughResolverAsync(
        IReadOnlyList<byte[]> messages, System.Net.IPEndPoint resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        return VerifyManyWithPerlAsync(messages, ResolverRecords(resolver));
    }

    private static Dictionary<string, string> ResolverRecords(System.Net.IPEndPoint resolver) =>
        new() { ["__resolver__"] = $"{resolver.Address}:{resolver.Port}" };

    private static async Task<IReadOnlyList<IReadOnlyList<DkimVerdict>>> RunAsync(
        string interpreter, string scriptName, string script,
        IReadOnlyList<byte[]> messages, IReadOnlyDictionary<string, string> txtRecordsByName)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(txtRecordsByName);
        var folder = Directory.CreateTempSubdirectory("relay-dkim-verify-").FullName;
        try
        {
            var scriptPath = Path.Combine(folder, scriptName);
            await File.WriteAllTextAsync(scriptPath, script, Utf8NoBom);
            await File.WriteAllTextAsync(
                Path.Combine(folder, "records.json"), JsonSerializer.Serialize(txtRecordsByName), Utf8NoBom);
            for (var i = 0; i < messages.Count; i++)
            {
                await File.WriteAllBytesAsync(Path.Combine(folder, $"msg{i}.eml"), messages[i]);
            }

            var result = await ExternalTool.RunAsync(
                interpreter, [scriptPath, folder, messages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                stdin: null, Timeout);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{interpreter} {scriptName} exited {result.ExitCode}: {result.StandardError}");
            }

            return Parse(result.StandardOutput);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<IReadOnlyList<DkimVerdict>> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var messages = new List<IReadOnlyList<DkimVerdict>>();
        foreach (var message in document.RootElement.EnumerateArray())
        {
            var error = message.GetProperty("error");
            if (error.ValueKind == JsonValueKind.String)
            {
                messages.Add([new DkimVerdict(-1, string.Empty, string.Empty, "error", error.GetString()!)]);
                continue;
            }

            var verdicts = message.GetProperty("verdicts").EnumerateArray()
                .Select((verdict, index) => new DkimVerdict(
                    index,
                    verdict.GetProperty("domain").GetString()!,
                    verdict.GetProperty("selector").GetString()!,
                    verdict.GetProperty("result").GetString()!,
                    verdict.GetProperty("detail").GetString()!))
                .ToList();
            messages.Add(verdicts);
        }

        return messages;
    }
}
