namespace Relay.Hosting;

/// <summary>Writes key material readable by the owner only, atomically (temp file, then rename).</summary>
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
}
