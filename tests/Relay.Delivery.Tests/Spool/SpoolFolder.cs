namespace Relay.Delivery.Tests.Spool;

/// <summary>A fresh folder for one test's spool, removed afterwards.</summary>
internal sealed class SpoolFolder : IDisposable
{
    public SpoolFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "relay-spool-" + Guid.NewGuid().ToString("N"));

    public string Content => System.IO.Path.Combine(Path, "msg");

    public string Envelopes => System.IO.Path.Combine(Path, "env");

    public string Corrupt => System.IO.Path.Combine(Path, "corrupt");

    public string ContentFile(string id) => System.IO.Path.Combine(Content, id + ".eml");

    public string EnvelopeFile(string id) => System.IO.Path.Combine(Envelopes, id + ".json");

    public IEnumerable<string> AllFiles() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(file => System.IO.Path.GetRelativePath(Path, file))
            .Order(StringComparer.Ordinal);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
