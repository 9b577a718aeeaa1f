using System.Reflection;

namespace Relay.Benchmarks.Tests;

/// <summary>Where the harness and the builds this test project was built with live.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string HarnessScript => Path.Combine(Root, "tests", "Relay.Benchmarks", "run.sh");

    /// <summary>Debug or Release: the configuration of this test build, hence of the referenced Relay and harness builds.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string RelayBin => Path.Combine(Root, "src", "Relay", "bin", Configuration, "net10.0");

    public static string ToolsBin => Path.Combine(Root, "tests", "Relay.Benchmarks", "bin", Configuration, "net10.0");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Relay.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Relay.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
