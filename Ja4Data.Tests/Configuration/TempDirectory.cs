namespace Ja4Data.Tests.Configuration;

/// <summary>A scratch directory for .env and certificate files, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("ja4data-config-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="contents"/> to <paramref name="name"/> in the directory; returns its path.</summary>
    public string Write(string name, string contents)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, contents);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
