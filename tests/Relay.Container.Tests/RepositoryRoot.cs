namespace Relay.Container.Tests;

/// <summary>Finds the repository (the folder holding Relay.sln and the Dockerfile) from where the tests run.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Relay.sln")) && File.Exists(Path.Combine(folder.FullName, "Dockerfile")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("no folder above the test output holds Relay.sln and a Dockerfile");
    }
}
