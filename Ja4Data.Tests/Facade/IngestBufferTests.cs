using System.Collections.Concurrent;
using Ja4Data.Core.Resilience;
using Ja4Data.Facade;
using Ja4Data.Protocol;
using Ja4Data.Types;
using Ja4Data.Types.Codecs;

namespace Ja4Data.Tests.Facade;

/// <summary>The ingest buffer's pure parts: options, the encoded batch, the token of its bytes, and the accounting over a fake client.</summary>
[TestFixture]
public sealed class IngestBufferTests
{
    private static readonly string[] Names = ["id", "payload"];
    private static readonly string[] Types = ["UInt64", "String"];
    private static readonly int[] BatchSizes = [500, 1000, 1000];
    private static readonly double[] MeasuredBatches = [7, 3];

    [TestCase(nameof(ClickHouseIngestBufferOptions.MaxBatchRows))]
    [TestCase(nameof(ClickHouseIngestBufferOptions.MaxBatchBytes))]
    [TestCase(nameof(ClickHouseIngestBufferOptions.Capacity))]
    [TestCase(nameof(ClickHouseIngestBufferOptions.MaxConcurrentFlushes))]
    [TestCase(nameof(ClickHouseIngestBufferOptions.MaxBatchDelay))]
    [TestCase(nameof(ClickHouseIngestBufferOptions.FullMode))]
    public void Validate_BadValue_ThrowsNamingIt(string option)
    {
        var options = option switch
        {
            nameof(ClickHouseIngestBufferOptions.MaxBatchRows) => new ClickHouseIngestBufferOptions { MaxBatchRows = 0 },
            nameof(ClickHouseIngestBufferOptions.MaxBatchBytes) => new ClickHouseIngestBufferOptions { MaxBatchBytes = 0 },
            nameof(ClickHouseIngestBufferOptions.Capacity) => new ClickHouseIngestBufferOptions { Capacity = -1 },
            nameof(ClickHouseIngestBufferOptions.MaxConcurrentFlushes) => new ClickHouseIngestBufferOptions { MaxConcurrentFlushes = 0 },
            nameof(ClickHouseIngestBufferOptions.MaxBatchDelay) => new ClickHouseIngestBufferOptions { MaxBatchDelay = TimeSpan.Zero },
            _ => new ClickHouseIngestBufferOptions { FullMode = (ClickHouseIngestFullMode)7 },
        };

        Assert.That(() => new ClickHouseIngestBuffer<object?[]>(new FakeClickHouseClient(), "t", options), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(option));
    }

    [Test]
    public void Constructor_TableNameWithSql_Refused()
        => Assert.That(() => new ClickHouseIngestBuffer<object?[]>(new FakeClickHouseClient(), "t; DROP TABLE x"), Throws.ArgumentException.With.Message.Contains("is not a table name"));

    [Test]
    public void Encode_SameRowsAgain_ByteIdenticalAndSameToken()
    {
        using var first = Batch(Rows(3));
        var bytes = first.Bytes.ToArray();
        var token = first.DeduplicationToken;

        first.Encode(Header(), BlockFormat.Tcp(ProtocolRevision.Current));

        Assert.Multiple(() =>
        {
            Assert.That(first.Bytes.ToArray(), Is.EqualTo(bytes));
            Assert.That(first.DeduplicationToken, Is.EqualTo(token));
        });
    }

    [Test]
    public void DeduplicationToken_OneValueDiffers_AnotherToken()
    {
        using var batch = Batch(Rows(3));
        var changed = Rows(3);
        changed[2][1] = "other";
        using var other = Batch(changed);

        Assert.That(other.DeduplicationToken, Is.Not.EqualTo(batch.DeduplicationToken));
        Assert.That(InsertDeduplicationToken.ForEncodedBlock("other_table", Names, Types, batch.Bytes.Span), Is.Not.EqualTo(batch.DeduplicationToken));
    }

    [Test]
    public void Fits_OtherTypeOrFraming_False()
    {
        using var batch = Batch(Rows(2));
        var format = BlockFormat.Tcp(ProtocolRevision.Current);
        var wider = new Block([new BlockColumn("id", ColumnCodecFactory.Get("Int64"), null), new BlockColumn("payload", ColumnCodecFactory.Get("String"), null)], 0);

        Assert.Multiple(() =>
        {
            Assert.That(batch.Fits(Header(), format), Is.True);
            Assert.That(batch.Fits(wider, format), Is.False);
            Assert.That(batch.Fits(Header(), BlockFormat.Tcp(54000)), Is.False);
        });
    }

    [Test]
    public void WriteNativeFile_ReadBack_SameColumnsAndRows()
    {
        var rows = Rows(4);
        using var batch = Batch(rows);
        using var file = new MemoryStream();

        batch.WriteNativeFile(file);
        file.Position = 0;
        var block = NativeFormat.ReadBlocks(file).Single();

        Assert.Multiple(() =>
        {
            Assert.That(block.ColumnNames, Is.EqualTo(Names));
            Assert.That(block.ColumnTypes, Is.EqualTo(Types));
            Assert.That(block.ResultRows, Is.EqualTo(rows));
        });
    }

    [Test]
    public async Task DisposeAsync_OtherClient_EveryRowInsertedOnceInBatchesAndCounted()
    {
        var client = new FakeClickHouseClient();
        var reports = new ConcurrentQueue<ClickHouseIngestBatchEventArgs<object?[]>>();
        var buffer = new ClickHouseIngestBuffer<object?[]>(client, "t", new() { MaxBatchRows = 1000, MaxBatchDelay = TimeSpan.FromHours(1) });
        buffer.BatchCompleted += (_, report) => reports.Enqueue(report);
        foreach (var row in Rows(2500))
        {
            await buffer.AddAsync(row);
        }

        await buffer.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(client.Inserts.Select(i => i.Rows.Count).Order(), Is.EqualTo(BatchSizes));
            Assert.That(client.Inserts.SelectMany(i => i.Rows).Select(r => (ulong)r[0]!).Order(), Is.EqualTo(Enumerable.Range(0, 2500).Select(i => (ulong)i)));
            Assert.That((buffer.RowsWritten, buffer.RowsNotWritten, buffer.RowsPending), Is.EqualTo((2500L, 0L, 0L)));
            Assert.That(reports.Select(r => r.Outcome).Distinct(), Is.EqualTo(new[] { ClickHouseIngestOutcome.Written }));
        });
    }

    [Test]
    public async Task FlushAsync_InsertFails_RowsCountedNotWrittenAndReportedWithTheError()
    {
        var failure = new ClickHouseConnectionException("refused", ClickHouseOutcome.NotExecuted);
        var client = new FakeClickHouseClient { InsertFailure = failure };
        var reports = new ConcurrentQueue<ClickHouseIngestBatchEventArgs<object?[]>>();
        await using var buffer = new ClickHouseIngestBuffer<object?[]>(client, "t", new() { MaxBatchDelay = TimeSpan.FromHours(1) });
        buffer.BatchCompleted += (_, report) => reports.Enqueue(report);
        buffer.BatchCompleted += (_, _) => throw new InvalidOperationException("a handler's bug must not stop the accounting");
        foreach (var row in Rows(10))
        {
            Assert.That(buffer.TryAdd(row), Is.True);
        }

        await buffer.FlushAsync();

        var report = reports.Single();
        Assert.Multiple(() =>
        {
            Assert.That((report.Outcome, report.Rows.Count, report.Error), Is.EqualTo((ClickHouseIngestOutcome.Failed, 10, (Exception)failure)));
            Assert.That((buffer.RowsWritten, buffer.RowsNotWritten), Is.EqualTo((0L, 10L)));
        });
    }

    [Test]
    public async Task Metrics_WrittenNotWrittenBatchesAndQueueDepth_TaggedWithTheTable()
    {
        var table = "t_" + Guid.NewGuid().ToString("N");
        using var metrics = MetricsRecorder.ForTag("ja4data.ingest.table", table);
        var client = new FakeClickHouseClient();
        var buffer = new ClickHouseIngestBuffer<object?[]>(client, table, new() { MaxBatchDelay = TimeSpan.FromHours(1) });
        Rows(7).ForEach(r => buffer.TryAdd(r));
        await buffer.FlushAsync();
        client.InsertFailure = new ClickHouseConnectionException("refused", ClickHouseOutcome.NotExecuted);
        Rows(3).ForEach(r => buffer.TryAdd(r));
        await buffer.FlushAsync();
        var depth = metrics.Observe("ja4data.ingest.queue.depth");
        await buffer.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("ja4data.ingest.rows.written"), Is.EqualTo(7));
            Assert.That(metrics.Sum("ja4data.ingest.rows.not_written", "ja4data.ingest.outcome", "Failed"), Is.EqualTo(3));
            Assert.That(metrics.Values("ja4data.ingest.batch.rows"), Is.EqualTo(MeasuredBatches));
            Assert.That(metrics.Count("ja4data.ingest.flush.duration"), Is.EqualTo(2));
            Assert.That(depth, Is.Zero);
        });
    }

    private static List<object?[]> Rows(int count) => [.. Enumerable.Range(0, count).Select(i => new object?[] { (ulong)i, $"row {i}" })];

    private static Block Header() => new([.. Names.Select((n, i) => new BlockColumn(n, ColumnCodecFactory.Get(Types[i]), null))], 0);

    private static IngestBatch Batch(List<object?[]> rows)
    {
        void Fill(BlockBuffer block)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                block.AppendRow(rows[i], i);
            }
        }

        var batch = new IngestBatch("t", 1, rows.Count, (_, block) => Fill(block));
        using var filled = new BlockBuffer(Header());
        Fill(filled);
        batch.Encode(filled, BlockFormat.Tcp(ProtocolRevision.Current));
        return batch;
    }
}
