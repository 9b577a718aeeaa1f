using System.Globalization;
using System.Net;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// A private Postfix (Debian package postfix) playing an application server's MTA whose relayhost is Relay,
/// with SASL over mandatory STARTTLS. Everything lives in its own temporary folder: configuration, queue,
/// data and the mail log (written by postlogd, so no syslog is needed). Its master.cf has no inet service,
/// so it listens on no port; the system's own Postfix instance is never touched.
/// </summary>
internal sealed class PostfixInstance : IAsyncDisposable
{
    public const string PostfixPath = "/usr/sbin/postfix";
    public const string SendmailPath = "/usr/sbin/sendmail";
    public const string PostqueuePath = "/usr/sbin/postqueue";

    private const string FolderPrefix = "relay-e2e-postfix-";
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root;

    private PostfixInstance(string root)
    {
        _root = root;
    }

    private string ConfigDirectory => Path.Combine(_root, "etc");

    private string MailLog => Path.Combine(_root, "maillog");

    /// <summary>Skips (or fails under CI) unless Postfix, its SASL PLAIN/LOGIN client modules and root rights are present.</summary>
    public static void RequirePeers()
    {
        ExternalTool.Require(PostfixPath, "postfix");
        ExternalTool.Require(SendmailPath, "postfix");
        ExternalTool.Require(SaslModule("libplain.so.2"), "libsasl2-modules");
        ExternalTool.Require(SaslModule("liblogin.so.2"), "libsasl2-modules");
        if (!Environment.IsPrivilegedProcess)
        {
            const string reason = "Starting a private Postfix instance needs root.";
            if (ExternalTool.RunningInCi)
            {
                Assert.Fail(reason + " CI=true, so this is a failure.");
            }

            Assert.Ignore(reason);
        }
    }

    /// <summary>Writes the configuration, checks it and starts the instance.</summary>
    /// <summary>Starts Postfix relaying to <paramref name="relayhost"/>, trusting only the certificate with that SHA-256 fingerprint.</summary>
    public static async Task<PostfixInstance> StartAsync(IPEndPoint relayhost, string userName, string password, string certificateFingerprint)
    {
        RequirePeers();
        await StopAbandonedInstancesAsync();
        var root = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        // Postfix's unprivileged processes must be able to reach the queue below this folder.
        SetMode(root, (UnixFileMode)0b111_101_101);
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var instance = new PostfixInstance(root);
        try
        {
            await instance.WriteConfigurationAsync(relayhost, userName, password, certificateFingerprint);
            await instance.RunPostfixAsync("check");
            await instance.RunPostfixAsync("start");
            return instance;
        }
        catch
        {
            // The caller never gets the instance to dispose: stop whatever did start, then report the failure.
            await StopAndDeleteAsync(root);
            throw;
        }
    }

    /// <summary>Submits <paramref name="message"/> (LF line ends, as an application writes it) with Postfix's sendmail.</summary>
    public async Task SubmitAsync(byte[] message, string sender, params string[] recipients)
    {
        // -i: a line with a single dot is content, not the end of the input.
        var result = await ExternalTool.RunAsync(SendmailPath, ["-C", ConfigDirectory, "-i", "-f", sender, "--", .. recipients], message, CommandTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"sendmail exited {result.ExitCode}: {result.StandardError}{Environment.NewLine}{LogTail()}");
        }
    }

    /// <summary>Asks the queue manager to try deferred mail now.</summary>
    public Task FlushAsync() => ExternalTool.RunAsync(PostqueuePath, ["-c", ConfigDirectory, "-f"], stdin: null, CommandTimeout);

    /// <summary>Every line of the instance's mail log so far.</summary>
    public IReadOnlyList<string> LogLines() => File.Exists(MailLog) ? File.ReadAllLines(MailLog) : [];

    /// <summary>The last lines of the instance's mail log, for assertion messages.</summary>
    public string LogTail(int lines = 40) =>
        File.Exists(MailLog)
            ? "Postfix maillog (tail):" + Environment.NewLine + string.Join(Environment.NewLine, LogLines().TakeLast(lines))
            : "(no Postfix maillog at " + MailLog + ")";

    public async ValueTask DisposeAsync()
    {
        await StopAndDeleteAsync(_root);
    }

    private static async Task StopAndDeleteAsync(string root)
    {
        var configDirectory = Path.Combine(root, "etc");
        if (File.Exists(Path.Combine(configDirectory, "main.cf")))
        {
            // "postfix stop" returns once the master has gone (postfix-script waits for it, up to 5 s, then kills it).
            await ExternalTool.RunAsync(PostfixPath, ["-c", configDirectory, "stop"], stdin: null, CommandTimeout);
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A Postfix child still finishing can write a file a moment longer; a leftover temp folder is harmless.
        }
    }

    /// <summary>Stops and removes instances left behind by test runs that ended without cleaning up (a crash, a kill).</summary>
    private static async Task StopAbandonedInstancesAsync()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var ownerFile = Path.Combine(folder, OwnerFile);
            if (!File.Exists(ownerFile)
                || !int.TryParse(await File.ReadAllTextAsync(ownerFile), NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
                || Directory.Exists($"/proc/{owner}"))
            {
                continue;
            }

            await StopAndDeleteAsync(folder);
        }
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        // Postfix runs only on Unix; RequirePeers has skipped the test anywhere else.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static string SaslModule(string fileName) =>
        Directory.Exists("/usr/lib")
            ? Directory.EnumerateDirectories("/usr/lib")
                .Select(dir => Path.Combine(dir, "sasl2", fileName))
                .Append(Path.Combine("/usr/lib/sasl2", fileName))
                .FirstOrDefault(File.Exists) ?? Path.Combine("/usr/lib/<arch>/sasl2", fileName)
            : Path.Combine("/usr/lib/<arch>/sasl2", fileName);

    private async Task RunPostfixAsync(string command)
    {
        // Postfix writes its complaints to the terminal or the log, never to a pipe: the log tail says why.
        var result = await ExternalTool.RunAsync(PostfixPath, ["-c", ConfigDirectory, command], stdin: null, CommandTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"postfix {command} exited {result.ExitCode}: {result.StandardError}{Environment.NewLine}{LogTail()}");
        }
    }

    private async Task WriteConfigurationAsync(IPEndPoint relayhost, string userName, string password, string certificateFingerprint)
    {
        Directory.CreateDirectory(ConfigDirectory);
        // Owned by root; "postfix check" creates the subfolders with the owners Postfix wants.
        Directory.CreateDirectory(Path.Combine(_root, "queue"));
        var destination = $"[{relayhost.Address}]:{relayhost.Port}";
        var passwords = Path.Combine(ConfigDirectory, "sasl_passwd");
        await File.WriteAllTextAsync(passwords, $"{destination} {userName}:{password}\n");
        SetMode(passwords, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var name = Path.GetFileName(_root).Replace('_', '-').ToLowerInvariant();
        string[] main =
        [
            "compatibility_level = 3.6",
            $"queue_directory = {Path.Combine(_root, "queue")}",
            // Created by "postfix check" with the ownership Postfix wants.
            $"data_directory = {Path.Combine(_root, "data")}",
            "meta_directory = /etc/postfix",
            "mail_owner = postfix",
            "setgid_group = postdrop",
            $"myhostname = {name}.app.test",
            $"syslog_name = {name}",
            $"maillog_file = {MailLog}",
            $"maillog_file_prefixes = {_root}",
            "inet_interfaces = loopback-only",
            "inet_protocols = ipv4",
            // No local delivery, no aliases: everything goes to the relayhost.
            "mydestination =",
            "local_transport = error:local delivery is disabled",
            "alias_maps =",
            "alias_database =",
            $"relayhost = {destination}",
            "smtp_sasl_auth_enable = yes",
            $"smtp_sasl_password_maps = texthash:{passwords}",
            "smtp_sasl_security_options = noanonymous",
            // As config/postfix-relayhost.main.cf: Relay's self-signed certificate pinned by fingerprint, never bare "encrypt".
            "smtp_tls_security_level = fingerprint",
            "smtp_tls_fingerprint_digest = sha256",
            $"smtp_tls_fingerprint_cert_match = {certificateFingerprint}",
            // Logs the TLS handshake, so a test can see that TLS was used.
            "smtp_tls_loglevel = 1",
            // A deferred attempt is retried within seconds, not minutes.
            "minimal_backoff_time = 1s",
            "maximal_backoff_time = 2s",
            "queue_run_delay = 1s",
        ];
        await File.WriteAllLinesAsync(Path.Combine(ConfigDirectory, "main.cf"), main);

        // service type private unpriv chroot wakeup maxproc command; no "inet" line, so nothing listens.
        string[] master =
        [
            "pickup    unix  n       -       n       60      1       pickup",
            "cleanup   unix  n       -       n       -       0       cleanup",
            "qmgr      unix  n       -       n       300     1       qmgr",
            "tlsmgr    unix  -       -       n       1000?   1       tlsmgr",
            "rewrite   unix  -       -       n       -       -       trivial-rewrite",
            "bounce    unix  -       -       n       -       0       bounce",
            "defer     unix  -       -       n       -       0       bounce",
            "trace     unix  -       -       n       -       0       bounce",
            "verify    unix  -       -       n       -       1       verify",
            "flush     unix  n       -       n       1000?   0       flush",
            "proxymap  unix  -       -       n       -       -       proxymap",
            "smtp      unix  -       -       n       -       -       smtp",
            "relay     unix  -       -       n       -       -       smtp",
            "showq     unix  n       -       n       -       -       showq",
            "error     unix  -       -       n       -       -       error",
            "retry     unix  -       -       n       -       -       error",
            "discard   unix  -       -       n       -       -       discard",
            "anvil     unix  -       -       n       -       1       anvil",
            "scache    unix  -       -       n       -       1       scache",
            "postlog   unix-dgram n  -       n       -       1       postlogd",
        ];
        await File.WriteAllLinesAsync(Path.Combine(ConfigDirectory, "master.cf"), master);
    }
}
