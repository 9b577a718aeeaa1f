using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using MimeKit;
using Relay.Core.Identities;
using Relay.Dkim;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Issue 14 item 6: under the umask a service manager commonly gives (022), every file and folder a running relay
/// writes into its data folder is the owner's only, the customers' DKIM keys in relay.db are not readable as PEM,
/// and a data folder someone else made 0755 is set to 0700 with a warning.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DataFolderPermissionsTests
{
    private const string Password = "correct horse battery";
    private const uint CommonUmask = 0x12; // 022

    private uint _previousUmask;

    [SetUp]
    public void SetCommonUmask()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("POSIX modes only.");
        }

        _previousUmask = Umask(CommonUmask);
    }

    [TearDown]
    public void RestoreUmask() => _ = Umask(_previousUmask);

    [Test]
    public async Task After_a_start_a_queued_message_and_a_new_identity_every_file_is_0600_and_every_folder_0700()
    {
        await using var sink = SmtpSink.Start();
        var relay = await RelayUnderTest.StartAsync(sink.Port, new Dictionary<string, string?>
        {
            ["Relay:Delivery:Mode"] = "Queue",
            // Small enough that the large message below is spilled to tmp/ and signed through a temporary file.
            ["Relay:Smtp:InMemoryMessageThreshold"] = "65536",
        });
        try
        {
            await relay.AddAccountAsync("shop", Password);
            await relay.AddDomainAsync("shop", "example.com");
            Assert.That(await SendAsync(relay, "Hello\r\n"), Does.StartWith("2.0.0"));
            Assert.That(await SendAsync(relay, string.Concat(Enumerable.Repeat("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd\r\n", 4096))), Does.StartWith("2.0.0"));
            await SinkWait.ForDeliveredAsync(sink, 2, TimeSpan.FromSeconds(60));

            var open = Directory.EnumerateFileSystemEntries(relay.DataDirectory, "*", SearchOption.AllDirectories)
                .Append(relay.DataDirectory)
                .Select(path => (Path: Path.GetRelativePath(relay.DataDirectory, path), Mode: File.GetUnixFileMode(path), IsFolder: Directory.Exists(path)))
                .Where(entry => entry.Mode != (entry.IsFolder ? FolderMode : FileMode))
                .Select(entry => $"{entry.Path} {Convert.ToString((int)entry.Mode, 8)}")
                .ToList();
            Assert.That(open, Is.Empty, "files not 0600 / folders not 0700");
            Assert.That(File.Exists(Path.Combine(relay.DataDirectory, "relay.db-wal")), "the walk covered SQLite's write-ahead log");
            Assert.That(Directory.EnumerateFiles(Path.Combine(relay.DataDirectory, "spool"), "*", SearchOption.AllDirectories), Is.Not.Empty, "and the spool");
        }
        finally
        {
            await relay.DisposeAsync();
        }
    }

    [Test]
    public async Task A_customer_DKIM_key_is_in_no_column_and_no_byte_of_relay_db_as_PEM_or_base64()
    {
        await using var sink = SmtpSink.Start();
        var relay = await RelayUnderTest.StartAsync(sink.Port);
        try
        {
            await relay.AddAccountAsync("shop", Password);
            var key = DkimPrivateKey.Generate(1024);
            var pem = key.ToPem();
            await relay.Store.SaveIdentityAsync(
                new Identity("shop", "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true,
                    new SigningKey("sel", pem, 1024)),
                CancellationToken.None);
            var base64Line = pem.Split('\n', StringSplitOptions.TrimEntries)[2];

            var values = await AllValuesAsync(Path.Combine(relay.DataDirectory, "relay.db"));
            Assert.That(values, Has.None.Contains("PRIVATE KEY"));
            Assert.That(values, Has.None.Contains(base64Line));
            foreach (var file in new[] { "relay.db", "relay.db-wal" }.Select(name => Path.Combine(relay.DataDirectory, name)).Where(File.Exists))
            {
                var bytes = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
                Assert.That(bytes, Does.Not.Contain("PRIVATE KEY").And.Not.Contain(base64Line), file);
            }

            var read = (await relay.Store.FindIdentitiesAsync("shop", ["example.com"], CancellationToken.None)).Single();
            Assert.That(read.SigningKey!.PrivateKeyPem, Is.EqualTo(pem), "read back decrypted");
        }
        finally
        {
            await relay.DisposeAsync();
        }
    }

    [Test]
    public async Task A_0755_data_folder_is_set_to_0700_with_one_warning()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "relay-open-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var open = FolderMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(dataDirectory, open);
        // As an older Relay left it under umask 022.
        Directory.CreateDirectory(Path.Combine(dataDirectory, "keys"), open);
        var log = Path.Combine(Path.GetTempPath(), "relay-open-" + Guid.NewGuid().ToString("N") + ".log");
        await using var sink = SmtpSink.Start();
        try
        {
            var relay = await RelayUnderTest.StartAsync(sink.Port, new Dictionary<string, string?>
            {
                ["Relay:DataDirectory"] = dataDirectory,
                ["Serilog:WriteTo:1:Name"] = "File",
                ["Serilog:WriteTo:1:Args:path"] = log,
            });
            await relay.DisposeAsync();

            Assert.That(File.GetUnixFileMode(dataDirectory), Is.EqualTo(FolderMode));
            Assert.That(File.GetUnixFileMode(Path.Combine(dataDirectory, "keys")), Is.EqualTo(FolderMode));
            var warnings = (await File.ReadAllLinesAsync(log)).Where(line => line.Contains("set to 0700", StringComparison.Ordinal)).ToList();
            Assert.That(warnings, Has.Count.EqualTo(2), "one for the folder, one for keys/");
            Assert.That(warnings[0], Does.Contain("WRN").And.Contain(dataDirectory + " ").And.Contain("0755"));
            Assert.That(warnings[1], Does.Contain("WRN").And.Contain(Path.Combine(dataDirectory, "keys")).And.Contain("0755"));
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }

            File.Delete(log);
        }
    }

    private static UnixFileMode FileMode => UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static UnixFileMode FolderMode => UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static async Task<string> SendAsync(RelayUnderTest relay, string body)
    {
        var text = $"From: Shop <news@example.com>\r\nTo: someone@dest.test\r\nSubject: modes\r\n\r\n{body}";
        using var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        return await MailKitSubmission.SendForReplyAsync(relay, "shop", Password, message);
    }

    /// <summary>Every value of every column of every table, as text (blobs as Latin-1 and as base64).</summary>
    private static async Task<List<string>> AllValuesAsync(string databasePath)
    {
        var values = new List<string>();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\";";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    switch (reader.GetValue(column))
                    {
                        case byte[] blob:
                            values.Add(Encoding.Latin1.GetString(blob));
                            values.Add(Convert.ToBase64String(blob));
                            break;
                        case DBNull:
                            break;
                        case var value:
                            values.Add(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                            break;
                    }
                }
            }
        }

        return values;
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs AllowUnsafeBlocks; umask(2) takes and returns a plain integer.
    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);
#pragma warning restore SYSLIB1054
}
