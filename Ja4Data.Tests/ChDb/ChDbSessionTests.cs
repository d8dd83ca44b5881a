using Ja4Data.LocalServer.ChDb;

namespace Ja4Data.Tests.ChDb;

[TestFixture]
public sealed class ChDbSessionTests
{
    private ChDbSession _chdb = null!;
    private string _db = null!;

    [SetUp]
    public void SetUp()
    {
        _chdb = ChDbRequirement.Shared;
        _db = ChDbRequirement.UniqueName("chdb");
        _chdb.QueryText($"CREATE DATABASE {_db}");
    }

    [TearDown]
    public void TearDown() => _chdb.QueryText($"DROP DATABASE IF EXISTS {_db} SYNC");

    [Test]
    public void QueryText_Version_Is26_7()
    {
        var version = _chdb.QueryText("SELECT version()").Trim();

        Assert.That(version, Does.StartWith("26.7."));
    }

    [Test]
    public void QueryBytes_NativeFedBackThroughInsert_RoundTripsEveryRow()
    {
        _chdb.QueryText($"CREATE TABLE {_db}.src (id UInt32, name String, seen Nullable(DateTime)) ENGINE = Memory");
        _chdb.QueryText($"CREATE TABLE {_db}.dst AS {_db}.src");
        _chdb.QueryText($"INSERT INTO {_db}.src VALUES (1, 'a', '2024-01-02 03:04:05'), (2, 'semi;colon ''quoted''', NULL), (3, '', '1970-01-01 00:00:01')");

        var native = _chdb.QueryBytes($"SELECT * FROM {_db}.src ORDER BY id");
        var written = _chdb.Insert($"INSERT INTO {_db}.dst", native);

        Assert.Multiple(() =>
        {
            Assert.That(native, Is.Not.Empty);
            Assert.That(written, Is.EqualTo(3));
            Assert.That(
                _chdb.QueryText($"SELECT * FROM {_db}.dst ORDER BY id"),
                Is.EqualTo(_chdb.QueryText($"SELECT * FROM {_db}.src ORDER BY id")));
        });
    }

    [Test]
    public void QueryText_UnknownTable_ThrowsWithChDbErrorText()
    {
        var ex = Assert.Throws<ChDbException>(() => _chdb.QueryText($"SELECT * FROM {_db}.missing"));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ErrorCode, Is.EqualTo(60));
            Assert.That(ex.Message, Does.Contain("UNKNOWN_TABLE").And.Contain("missing"));
        });
    }

    [Test]
    public void Insert_TruncatedNative_ThrowsAndWritesNothing()
    {
        _chdb.QueryText($"CREATE TABLE {_db}.t (id UInt32, name String) ENGINE = Memory");
        var native = _chdb.QueryBytes("SELECT toUInt32(number) AS id, toString(number) AS name FROM numbers(10)");

        var ex = Assert.Throws<ChDbException>(() => _chdb.Insert($"INSERT INTO {_db}.t", native[..^3]));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("Cannot read all data"));
            Assert.That(_chdb.QueryText($"SELECT count() FROM {_db}.t").Trim(), Is.EqualTo("0"));
        });
    }

    [Test]
    public void Insert_IntoMissingTable_ThrowsWithChDbErrorText()
    {
        var ex = Assert.Throws<ChDbException>(() => _chdb.Insert($"INSERT INTO {_db}.missing", [1, 2, 3]));

        Assert.That(ex!.ErrorCode, Is.EqualTo(60));
    }

    [Test]
    public void QueryText_ManyThreadsOnSharedSession_EveryAnswerIsItsOwn()
    {
        var answers = new string[64];

        Parallel.For(0, answers.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            answers[i] = ChDbSession.Shared.QueryText($"SELECT {i} * 1000 + count() FROM numbers({i})").Trim());

        Assert.That(answers, Is.EqualTo(Enumerable.Range(0, answers.Length).Select(i => (i * 1001).ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public void Open_WithoutPathWhileSharedIsOpen_JoinsTheSameEngine()
    {
        _chdb.QueryText($"CREATE TABLE {_db}.t (x UInt8) ENGINE = Memory");
        _chdb.QueryText($"INSERT INTO {_db}.t VALUES (7)");

        using (var second = ChDbSession.Open())
        {
            Assert.Multiple(() =>
            {
                Assert.That(second.DataPath, Is.EqualTo(_chdb.DataPath).And.Not.Empty);
                Assert.That(second.QueryText($"SELECT x FROM {_db}.t").Trim(), Is.EqualTo("7"));
            });
        }

        Assert.That(_chdb.QueryText("SELECT 1").Trim(), Is.EqualTo("1"), "closing a second session must leave the shared one working");
    }

    [Test]
    public void Open_OtherDirectoryWhileSharedIsOpen_ThrowsNamingTheRequestedDirectory()
    {
        var other = Path.Combine(Path.GetTempPath(), ChDbRequirement.UniqueName("other"));

        var ex = Assert.Throws<InvalidOperationException>(() => ChDbSession.Open(other));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain(other).And.Contain("one data directory per process"));
            Assert.That(Directory.Exists(other), Is.False, "nothing may be created for a refused session");
        });
    }

    [Test]
    public void Dispose_Shared_LeavesItOpen()
    {
        ChDbSession.Shared.Dispose();

        Assert.That(ChDbSession.Shared.QueryText("SELECT 2").Trim(), Is.EqualTo("2"));
    }

    [Test]
    public void Shared_Open_RuntimeStillTurnsNullDereferenceIntoException()
    {
        // chDB's own SIGSEGV handler would turn this into a process crash; ChDbNative switches it off before connecting.
        _chdb.QueryText("SELECT 1");
        string? nothing = null;

        Assert.Throws<NullReferenceException>(() => _ = nothing!.Length);
    }

    [Test]
    public void QueryText_AfterDispose_ThrowsObjectDisposed()
    {
        var session = ChDbSession.Open();
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.QueryText("SELECT 1"));
    }
}
