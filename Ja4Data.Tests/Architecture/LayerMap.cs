namespace Ja4Data.Tests.Architecture;

/// <summary>
/// The library's layers, bottom to top (docs/architecture.md). A source file's layer is given by the first folder of
/// its path below <c>Ja4Data/</c>; a file may use types of its own layer or of a lower one, never of a higher one.
/// </summary>
internal static class LayerMap
{
    private static readonly (string Folder, int Rank)[] Folders =
    [
        ("Exceptions", 0),
        ("Results", 0),
        ("Sql", 1),
        ("Configuration", 2),
        ("Protocol", 3),
        ("Types", 4),
        ("Core", 5),
        ("Ado", 6),
        ("Facade", 7),
        ("Schema", 8),
        ("Hosting", 9),
    ];

    /// <summary>The layer's rank (higher is further up), or null for a folder the map does not know.</summary>
    public static int? RankOf(string folder)
    {
        foreach (var (name, rank) in Folders)
        {
            if (name == folder)
            {
                return rank;
            }
        }

        return null;
    }

    /// <summary>The top folder of <paramref name="relativePath"/> (a path below the library's project folder).</summary>
    public static string FolderOf(string relativePath)
    {
        var separator = relativePath.IndexOfAny(['/', '\\']);
        return separator < 0 ? string.Empty : relativePath[..separator];
    }
}
