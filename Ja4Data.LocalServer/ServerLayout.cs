namespace Ja4Data.LocalServer;

/// <summary>
/// The throw-away directory of one local server (a clickhouse-server, or the ZooKeeper of a local cluster):
/// configuration, certificates, data and logs all live under <see cref="Root"/>, so deleting it removes every trace
/// of the server.
/// </summary>
internal sealed class ServerLayout
{
    private const int LogTailLines = 40;

    private ServerLayout(string root)
    {
        Root = root;
        DataDirectory = Path.Combine(root, "data");
        LogDirectory = Path.Combine(root, "log");
        ConfigFile = Path.Combine(root, "config.xml");
        UsersFile = Path.Combine(root, "users.xml");
        CaCertificate = Path.Combine(root, "ca.crt");
        ServerCertificate = Path.Combine(root, "server.crt");
        ServerKey = Path.Combine(root, "server.key");
        ConsoleLog = Path.Combine(LogDirectory, "console.log");
        ServerLog = Path.Combine(LogDirectory, "clickhouse-server.log");
        ErrorLog = Path.Combine(LogDirectory, "clickhouse-server.err.log");
    }

    public string Root { get; }

    public string DataDirectory { get; }

    public string LogDirectory { get; }

    public string ConfigFile { get; }

    public string UsersFile { get; }

    public string CaCertificate { get; }

    public string ServerCertificate { get; }

    public string ServerKey { get; }

    /// <summary>stdout and stderr of the server process: where it reports config errors before its logger is up.</summary>
    public string ConsoleLog { get; }

    public string ServerLog { get; }

    public string ErrorLog { get; }

    /// <summary>Creates a fresh, owner-only directory under the system temp directory.</summary>
    public static ServerLayout Create() => Populate(Directory.CreateTempSubdirectory("ja4data-clickhouse-").FullName);

    /// <summary>
    /// Creates the directory <paramref name="name"/> inside <paramref name="parent"/> (a cluster's temp directory, which
    /// is owner-only already).
    /// </summary>
    public static ServerLayout CreateIn(string parent, string name) =>
        Populate(Directory.CreateDirectory(Path.Combine(parent, name)).FullName);

    /// <summary>The last lines of the console and error logs, for start failures.</summary>
    public string ReadLogTail()
    {
        var parts = new List<string>();
        foreach (var file in (string[])[ConsoleLog, ErrorLog])
        {
            var lines = ReadLinesSafely(file);
            if (lines.Length > 0)
            {
                parts.Add($"--- {file} ---{Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(LogTailLines))}");
            }
        }

        return parts.Count == 0 ? "(the server wrote no log)" : string.Join(Environment.NewLine, parts);
    }

    /// <summary>Whether a log says a port was taken: the sign that another process bound one of our ports first.</summary>
    public bool LogsMentionPortInUse() =>
        ReadLinesSafely(ConsoleLog).Concat(ReadLinesSafely(ErrorLog))
            .Any(line => line.Contains("Address already in use", StringComparison.Ordinal));

    /// <summary>Deletes the directory; a failure is swallowed because it only leaves a temp directory behind.</summary>
    public void Delete() => DeleteDirectory(Root);

    /// <summary>Deletes <paramref name="path"/> and everything in it, retrying briefly while a dying process still writes there.</summary>
    public static void DeleteDirectory(string path)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static ServerLayout Populate(string root)
    {
        var layout = new ServerLayout(root);
        Directory.CreateDirectory(layout.DataDirectory);
        Directory.CreateDirectory(layout.LogDirectory);
        return layout;
    }

    private static string[] ReadLinesSafely(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllLines(file) : [];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
