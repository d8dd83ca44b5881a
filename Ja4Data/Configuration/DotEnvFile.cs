namespace Ja4Data.Configuration;

/// <summary>Reads a <c>.env</c> file into key/value pairs without touching the process environment.</summary>
internal static class DotEnvFile
{
    /// <summary>The file looked for in the current directory when no path is given.</summary>
    public const string DefaultFileName = ".env";

    /// <summary>
    /// The pairs of <paramref name="path"/> (which must exist), or of <c>./.env</c> when the path is null (an
    /// empty result when that file is absent). A key repeated later in the file wins, as in a shell.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Read(string? path)
    {
        var file = path ?? Path.Combine(Directory.GetCurrentDirectory(), DefaultFileName);
        if (!File.Exists(file))
        {
            return path is null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : throw new ClickHouseConfigurationException($"The .env file '{Path.GetFullPath(path)}' does not exist.");
        }

        string contents;
        try
        {
            contents = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ClickHouseConfigurationException(
                $"The .env file '{Path.GetFullPath(file)}' cannot be read: {ex.Message}", ex);
        }

        return Parse(contents, file);
    }

    private static Dictionary<string, string> Parse(string contents, string file)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            // NoEnvVars: DotNetEnv only returns the pairs; the process environment stays as it was.
            foreach (var (key, value) in DotNetEnv.Env.LoadContents(contents, DotNetEnv.Env.NoEnvVars()))
            {
                pairs[key] = value;
            }
        }
        catch (Sprache.ParseException ex)
        {
            // Neither the parser's message nor the exception is passed on: both quote the text around the error,
            // which may be the password.
            throw new ClickHouseConfigurationException(
                $"The .env file '{Path.GetFullPath(file)}' is not valid near line {ex.Position?.Line}, column "
                + $"{ex.Position?.Column}: expected KEY=value lines (optionally 'export KEY=value'), values in single "
                + "or double quotes when they contain spaces or '#', and '#' comments.");
        }

        return pairs;
    }
}
