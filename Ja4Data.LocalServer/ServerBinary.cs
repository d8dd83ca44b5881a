namespace Ja4Data.LocalServer;

/// <summary>
/// The executable that runs a server and the arguments it needs before ours: the single <c>clickhouse</c> binary of
/// current releases needs the <c>server</c> sub-command, <c>clickhouse-server</c> (or a link to it) does not.
/// </summary>
internal sealed record ServerBinary(string Path, IReadOnlyList<string> LeadingArguments)
{
    private static readonly string[] WellKnownDirectories = ["/usr/sbin", "/usr/bin", "/usr/local/bin"];

    /// <summary>The explicit binary if given (it must exist), else <see cref="FindOnSystem"/>, else an error that says how to get one.</summary>
    public static ServerBinary Resolve(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath)
                ? FromPath(explicitPath)
                : throw new FileNotFoundException($"The configured ClickHouse server binary '{explicitPath}' does not exist.", explicitPath);
        }

        return FindOnSystem() ?? throw new InvalidOperationException(
            "No clickhouse-server binary was found on PATH or in /usr/sbin, /usr/bin, /usr/local/bin. "
            + "Install it with 'apt-get install -y clickhouse-server' (or run scripts/install-deps.sh), "
            + "or set LocalServerOptions.ServerBinary.");
    }

    /// <summary><c>clickhouse-server</c> on <c>PATH</c> or in a well-known directory, then the single <c>clickhouse</c> binary; <see langword="null"/> if neither exists.</summary>
    public static ServerBinary? FindOnSystem()
    {
        var pathDirectories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var directories = pathDirectories.Concat(WellKnownDirectories).ToArray();
        foreach (var name in (string[])["clickhouse-server", "clickhouse"])
        {
            foreach (var directory in directories)
            {
                var candidate = System.IO.Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return FromPath(candidate);
                }
            }
        }

        return null;
    }

    private static ServerBinary FromPath(string path) =>
        System.IO.Path.GetFileName(path) == "clickhouse"
            ? new ServerBinary(path, ["server"])
            : new ServerBinary(path, []);
}
