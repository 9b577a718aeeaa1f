using Relay.Hosting;

namespace Relay.Host.Tests;

public sealed class TemporaryFilesTests
{
    [Test]
    public void Start_up_clears_buffers_a_killed_process_left_behind()
    {
        var directory = Directory.CreateTempSubdirectory("relay-tmp-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "signed-1.tmp"), "half a message");
            File.WriteAllText(Path.Combine(directory, "smtp-2.tmp"), "another");

            TemporaryFiles.DeleteLeftovers(directory);

            Assert.That(Directory.GetFiles(directory), Is.Empty);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
