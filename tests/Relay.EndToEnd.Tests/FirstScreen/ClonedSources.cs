namespace Relay.EndToEnd.Tests.FirstScreen;

/// <summary>
/// A copy of the clone's sources in a temporary folder, so that the README's commands run as written (they build into
/// .relay/ beside the sources) without touching the developer's own checkout.
/// </summary>
internal sealed class ClonedSources : IDisposable
{
    private static readonly string[] TopLevelFiles =
        ["README.md", "Relay.sln", "appsettings.json", "global.json", "Directory.Build.props", "Directory.Packages.props"];

    private ClonedSources(string root) => Root = root;

    public string Root { get; }

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Relay.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Relay.sln not found above the test binaries");
    }

    public static ClonedSources Copy()
    {
        var from = RepositoryRoot();
        var root = Directory.CreateTempSubdirectory("relay-first-screen-").FullName;
        foreach (var file in TopLevelFiles.Where(name => File.Exists(Path.Combine(from, name))))
        {
            File.Copy(Path.Combine(from, file), Path.Combine(root, file));
        }

        CopyFolder(Path.Combine(from, "src"), Path.Combine(root, "src"));
        CopyFolder(Path.Combine(from, "config"), Path.Combine(root, "config"));
        return new ClonedSources(root);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from).Where(path => Path.GetFileName(path) is not ("bin" or "obj")))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
