namespace Ja4Data.LocalServer.ChDb;

/// <summary>Finds libchdb.so: <c>CHDB_LIBRARY_PATH</c>, else <c>.cache/chdb/libchdb.so</c> in an enclosing directory.</summary>
internal static class ChDbLibraryLocator
{
    /// <summary>The environment variable that names the library file explicitly.</summary>
    public const string EnvironmentVariable = "CHDB_LIBRARY_PATH";

    /// <summary>Where scripts/fetch-chdb.sh puts the library, relative to the repository root.</summary>
    public static readonly string RepositoryRelativePath = Path.Combine(".cache", "chdb", "libchdb.so");

    /// <summary>The library path, or null when it is nowhere to be found.</summary>
    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // An explicit setting is never second-guessed: a wrong path must surface, not be papered over.
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        // Tests and tools run from bin/<config>/<tfm> somewhere below the repository, so walk up from both the
        // binaries and the working directory.
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RepositoryRelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The message for a missing library: what was looked at and how to get it.</summary>
    public static string MissingMessage()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var looked = string.IsNullOrWhiteSpace(configured)
            ? $"no {RepositoryRelativePath} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}"
            : $"{EnvironmentVariable}={configured} does not exist";
        return $"chDB library not found ({looked}): run scripts/fetch-chdb.sh or set {EnvironmentVariable} to the path of libchdb.so.";
    }
}
