namespace Ja4Data.TestSupport;

/// <summary>A scratch directory (for .env files, certificates, reports), deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory(string prefix = "ja4data-test-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Writes <paramref name="contents"/> to <paramref name="name"/> in the directory; returns its path.</summary>
    public string Write(string name, string contents)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, contents);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
