namespace Relay.Hosting;

/// <summary>
/// Message buffers are deleted when closed, but a killed process leaves them behind. Nothing in the temporary
/// folder is durable (the client of such a message never got 250 from this process), so start-up clears it.
/// </summary>
internal static class TemporaryFiles
{
    public static void DeleteLeftovers(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            File.Delete(file);
        }
    }
}
