using System.Globalization;

namespace Ja4Data.IntegrationTests.Ado;

/// <summary>Insert/InsertAsync (validate everything, then send) and the streaming bulk writer.</summary>
[TestFixture]
public sealed class InsertLiveTests
{
    private string _table = null!;

    [SetUp]
    public async Task CreateTableAsync()
    {
        _table = TestSettings.UniqueTable("ado_insert");
        await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"CREATE TABLE {_table} (id UInt64, ja4 String, hits Nullable(UInt32)) ENGINE = Memory");
    }

    [TearDown]
    public Task DropTableAsync() => ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {_table}");

    private static Task<string> ScalarAsync(string sql) => ClickHouseHttp.QueryAsync(TestServer.Endpoint, sql).ContinueWith(t => t.Result.TrimEnd('\n'), TaskScheduler.Default);

    private static object?[] Row(long i) => [(ulong)i, $"t13d{i}", i % 3 == 0 ? null : (uint)i];

    [Test]
    public async Task BulkWriter_CompressedBlockOfManyFrames_ArrivesWhole_AndTheConnectionKeepsNoCopyOfIt()
    {
        // 60,000 rows of 200-digit strings: a 12 MB block, 12 LZ4 frames. The connection compresses frames while it
        // encodes, so afterwards it holds a few MiB of buffers, not the block.
        const int rows = 60_000;
        await using var connection = await TestSettings.OpenAsync(TestSettings.Shared(ClickHouseCompression.Lz4));
        var ids = Enumerable.Range(0, rows).Select(i => (ulong)i).ToArray();
        var digits = ids.Select(i => i.ToString("D200", CultureInfo.InvariantCulture)).ToArray();
        await using (var writer = await connection.CreateBulkWriterAsync(_table, ["id", "ja4"], blockSize: rows))
        {
            writer.AppendColumn<ulong>(0, ids);
            writer.AppendColumn<string>(1, digits);
            Assert.That(await writer.CompleteAsync(), Is.EqualTo(rows));
        }

        Assert.That(await ScalarAsync($"SELECT count(), sum(id), countIf(toUInt64(ja4) = id), sum(length(ja4)) FROM {_table}"), Is.EqualTo($"{rows}\t1799970000\t{rows}\t{rows * 200}"));
        Assert.That(connection.Connector.RetainedBufferBytes, Is.LessThan(8 << 20));
    }

    [Test]
    public async Task InsertAsync_WritesEveryRow_AndReportsTheCount()
    {
        await using var connection = await TestSettings.OpenAsync();
        var written = await connection.InsertAsync(_table, Enumerable.Range(0, 25_000).Select(i => (IReadOnlyList<object?>)Row(i)));
        Assert.That(written, Is.EqualTo(25_000));
        Assert.That(await ScalarAsync($"SELECT count(), sum(id), countIf(hits IS NULL) FROM {_table}"), Is.EqualTo("25000\t312487500\t8334"));
    }

    [Test]
    public async Task BadValueInTheLastRow_FailsTheWholeCall_AndWritesNothing()
    {
        await using var connection = await TestSettings.OpenAsync();
        var rows = Enumerable.Range(0, 20_000).Select(i => (IReadOnlyList<object?>)(i == 19_999 ? [(ulong)i, "ok", "not a number"] : Row(i))).ToList();
        var ex = Assert.ThrowsAsync<ClickHouseDataException>(() => connection.InsertAsync(_table, rows));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Column, Is.EqualTo("hits"));
            Assert.That(ex.RowIndex, Is.EqualTo(19_999));
            Assert.That(ex.ExpectedType, Is.EqualTo("Nullable(UInt32)"));
            Assert.That(ex.ValueType, Is.EqualTo(typeof(string)));
            Assert.That(ex.Message, Does.Contain("hits").And.Contain("19999").And.Contain("Nullable(UInt32)").And.Contain("String"));
        });
        Assert.That(await ScalarAsync($"SELECT count() FROM {_table}"), Is.EqualTo("0"));

        // The connection is clean for the next statement.
        Assert.That(await connection.InsertAsync(_table, [Row(1)]), Is.EqualTo(1));
    }

    [Test]
    public void Insert_Sync_WorksLikeTheAsyncOne()
    {
        using var connection = new ClickHouseConnection(TestSettings.Shared());
        connection.Open();
        Assert.That(connection.Insert(_table, [Row(1), Row(2)], ["id", "ja4", "hits"]), Is.EqualTo(2));
        Assert.Throws<ClickHouseDataException>(() => connection.Insert(_table, [new object?[] { -1L, "x", null }]));
    }

    [Test]
    public async Task BulkWriter_StreamsAMillionRows_InBlocks_WithBoundedMemory()
    {
        const int rows = 1_000_000;
        const int blockSize = 50_000;
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        await using var connection = await TestSettings.OpenAsync();
        await using var writer = await connection.CreateBulkWriterAsync(_table, blockSize: blockSize);
        Assert.That(writer.ColumnNames, Is.EqualTo((string[])["id", "ja4", "hits"]));
        Assert.That(writer.ColumnTypes, Is.EqualTo((string[])["UInt64", "String", "Nullable(UInt32)"]));

        var samples = new List<(long Heap, long Produced, long Sent)>();
        async IAsyncEnumerable<IReadOnlyList<object?>> Source()
        {
            for (long i = 0; i < rows; i++)
            {
                if (i % 200_000 == 120_000)
                {
                    samples.Add((GC.GetTotalMemory(forceFullCollection: true), i, writer.RowsSent));
                    await Task.Yield();
                }

                yield return Row(i);
            }
        }

        await writer.WriteRowsAsync(Source());
        Assert.That(writer.RowsSent, Is.EqualTo(rows), "every full block was sent as soon as it filled");
        Assert.That(await writer.CompleteAsync(), Is.EqualTo(rows));

        // Materialised, the input would be ~150 MB of row objects and one buffered insert ~30 MB; streamed, at most one
        // 50k-row block is held, and blocks leave while the source is still producing.
        var peak = samples.Max(s => s.Heap) - baseline;
        TestContext.Progress.WriteLine($"bulk writer: live heap above baseline peaked at {peak / 1024 / 1024} MiB over {samples.Count} samples");
        Assert.That(peak, Is.LessThan(24L * 1024 * 1024));
        Assert.That(samples.Select(s => s.Produced - s.Sent), Is.All.InRange(0, blockSize));
        Assert.That(await ScalarAsync($"SELECT count(), sum(id), countIf(hits IS NULL) FROM {_table}"), Is.EqualTo("1000000\t499999500000\t333334"));
    }

    [Test]
    public async Task BulkWriter_AppendColumn_SendsTypedColumnsWithoutRows()
    {
        await using var connection = await TestSettings.OpenAsync();
        await using var writer = await connection.CreateBulkWriterAsync(_table, ["id", "ja4"]);
        for (var block = 0; block < 3; block++)
        {
            var ids = Enumerable.Range(block * 1000, 1000).Select(i => (ulong)i).ToArray();
            var names = ids.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
            writer.AppendColumn<ulong>(0, ids);
            writer.AppendColumn<string>(1, names);
            await writer.FlushAsync();
            Assert.That(writer.RowsSent, Is.EqualTo((block + 1) * 1000L));
        }

        Assert.That(await writer.CompleteAsync(), Is.EqualTo(3000));
        Assert.That(await ScalarAsync($"SELECT count(), sum(id), countIf(ja4 = toString(id)), countIf(hits IS NULL) FROM {_table}"), Is.EqualTo("3000\t4498500\t3000\t3000"));
    }

    [Test]
    public async Task BulkWriter_BadValue_NamesColumnAndRow_AndSendsNothingOfItsBlock()
    {
        await using var connection = await TestSettings.OpenAsync();
        var writer = await connection.CreateBulkWriterAsync(_table, blockSize: 10);
        for (var i = 0; i < 15; i++)
        {
            await writer.WriteRowAsync(Row(i));
        }

        var ex = Assert.ThrowsAsync<ClickHouseDataException>(async () => await writer.WriteRowAsync([15UL, 42, null]));
        Assert.That((ex!.Column, ex.RowIndex), Is.EqualTo(("ja4", 15L)));
        Assert.That(writer.RowsSent, Is.EqualTo(10));
        await writer.DisposeAsync(); // not completed: the insert is dropped with the connection
        Assert.That(await ScalarAsync($"SELECT count() FROM {_table}"), Is.EqualTo("10"), "the first block was sent and stays");
    }
}
