using System.Text;
using System.Text.Json;

namespace Relay.Testing;

/// <summary>
/// Encodes domain names with python3-idna (IDNA2008 with UTS 46 mapping, non-transitional), an implementation
/// independent of Relay's: per name the A-label form, or null where it refuses the name.
/// A missing package skips the test by hand and fails it under CI=true (see <see cref="ExternalTool"/>).
/// </summary>
public static class PythonIdna
{
    private const string Script = """
        import json, sys
        import idna

        results = []
        for name in json.load(sys.stdin):
            try:
                results.append(idna.encode(name, uts46=True).decode("ascii"))
            except (idna.IDNAError, UnicodeError, ValueError):
                results.append(None)
        print(json.dumps(results))
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<string?>> EncodeAllAsync(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        ExternalTool.RequireModule(DkimVerifiers.PythonPath, ["-c", "import idna"], "python3-idna");
        var input = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(JsonSerializer.Serialize(names));
        var result = await ExternalTool.RunAsync(DkimVerifiers.PythonPath, ["-c", Script], input, Timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 idna exited {result.ExitCode}: {result.StandardError.Trim()}");
        }

        var encoded = JsonSerializer.Deserialize<List<string?>>(result.StandardOutput)
            ?? throw new InvalidOperationException("python3 idna printed no results");
        return encoded.Count == names.Count ? encoded
            : throw new InvalidOperationException($"python3 idna encoded {encoded.Count} names of {names.Count}");
    }
}
