namespace Ja4Data.TestSupport;

/// <summary>The repository checkout the tests run from (the folder holding <c>Ja4Data.sln</c>).</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Ja4Data.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Ja4Data.sln above {AppContext.BaseDirectory}.");
    }
}
