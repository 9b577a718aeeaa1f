using System.Text;
using System.Text.Json;

namespace Relay.Testing;

/// <summary>
/// Reads From field values with independent parsers, the ones receivers' software uses: Python's <c>email</c>
/// (headerregistry under the default policy, and <c>getaddresses</c>, strict by default) and Perl's
/// Email::Address::XS and Mail::Address. Returns, per value, each parser's name and the addresses it read.
/// A missing tool skips the test by hand and fails it under CI=true (see <see cref="ExternalTool"/>).
/// </summary>
public static class AddressParsers
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<string>>>> ReadAllAsync(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ExternalTool.RequireModule(DkimVerifiers.PythonPath, ["-c", "import email.headerregistry, email.utils"], "python3");
        ExternalTool.RequireModule(DkimVerifiers.PerlPath, ["-MEmail::Address::XS", "-e", "1"], "libemail-address-xs-perl");
        ExternalTool.RequireModule(DkimVerifiers.PerlPath, ["-MMail::Address", "-e", "1"], "libmailtools-perl");
        var python = await RunAsync(DkimVerifiers.PythonPath, ["-c", AddressParserScripts.Python], values);
        var perl = await RunAsync(DkimVerifiers.PerlPath, ["-e", AddressParserScripts.Perl], values);
        return python.Zip(perl, (p, q) => (IReadOnlyDictionary<string, IReadOnlyList<string>>)p.Concat(q).ToDictionary()).ToList();
    }

    private static async Task<List<Dictionary<string, IReadOnlyList<string>>>> RunAsync(
        string interpreter, string[] arguments, IReadOnlyList<string> values)
    {
        var input = Utf8NoBom.GetBytes(JsonSerializer.Serialize(values));
        var result = await ExternalTool.RunAsync(interpreter, arguments, input, Timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{interpreter} exited {result.ExitCode}: {result.StandardError.Trim()}");
        }

        var parsed = JsonSerializer.Deserialize<List<Dictionary<string, List<string>>>>(result.StandardOutput)
            ?? throw new InvalidOperationException($"{interpreter} printed no results");
        if (parsed.Count != values.Count)
        {
            throw new InvalidOperationException($"{interpreter} read {parsed.Count} values of {values.Count}");
        }

        return parsed.Select(r => r.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value)).ToList();
    }
}
