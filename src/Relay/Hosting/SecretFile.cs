using Relay.Configuration;

namespace Relay.Hosting;

/// <summary>Key material in files: written readable by the owner only, atomically; read from a mounted secret's first line.</summary>
internal static class SecretFile
{
    public static void WriteAllBytes(string path, byte[] content)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, Core.Storage.OwnerOnly.FileOptions(FileMode.Create, FileAccess.Write, FileOptions.WriteThrough)))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The first line of <paramref name="path"/>, or a one-line settings error naming <paramref name="setting"/>.</summary>
    public static async Task<string> ReadFirstLineAsync(string path, string setting, CancellationToken cancellationToken)
    {
        try
        {
            var lines = await File.ReadAllLinesAsync(path, cancellationToken);
            return lines.Length > 0 && lines[0].Length > 0 ? lines[0] : throw new SettingsException($"{setting} '{path}' is empty.");
        }
        catch (IOException ex)
        {
            throw new SettingsException($"{setting} '{path}' could not be read: {ex.Message}", ex);
        }
    }
}
