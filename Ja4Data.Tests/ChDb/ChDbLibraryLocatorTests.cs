using Ja4Data.LocalServer.ChDb;

namespace Ja4Data.Tests.ChDb;

[TestFixture]
[NonParallelizable]
public sealed class ChDbLibraryLocatorTests
{
    private string? _saved;

    [SetUp]
    public void SetUp() => _saved = Environment.GetEnvironmentVariable("CHDB_LIBRARY_PATH");

    [TearDown]
    public void TearDown() => Environment.SetEnvironmentVariable("CHDB_LIBRARY_PATH", _saved);

    [Test]
    public void FindLibrary_EnvironmentNamesExistingFile_ReturnsIt()
    {
        var file = Path.GetTempFileName();
        try
        {
            Environment.SetEnvironmentVariable("CHDB_LIBRARY_PATH", file);

            Assert.That(ChDbSession.FindLibrary(), Is.EqualTo(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void FindLibrary_EnvironmentNamesMissingFile_ReturnsNullRatherThanSearching()
    {
        Environment.SetEnvironmentVariable("CHDB_LIBRARY_PATH", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "libchdb.so"));

        Assert.That(ChDbSession.FindLibrary(), Is.Null);
    }

    [Test]
    public void FindLibrary_NoEnvironment_FindsTheRepositoryCacheAboveTheBinaries()
    {
        Environment.SetEnvironmentVariable("CHDB_LIBRARY_PATH", null);

        var found = ChDbSession.FindLibrary();

        if (found is null)
        {
            Assert.Ignore("no .cache/chdb/libchdb.so above the test binaries: run scripts/fetch-chdb.sh");
        }

        Assert.That(found, Does.EndWith(Path.Combine(".cache", "chdb", "libchdb.so")));
    }
}
