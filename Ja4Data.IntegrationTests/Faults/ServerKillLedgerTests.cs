using System.Collections.Concurrent;
using System.Globalization;

namespace Ja4Data.IntegrationTests.Faults;

/// <summary>
/// Ingest through the facade while the server is SIGKILLed and restarted, checked against a ledger of what each call
/// reported (the Jepsen "set" check of reliability.md §5): every acknowledged batch is stored exactly once, a batch
/// reported as not executed is absent, a batch with an unknown outcome is absent or whole, and no batch is partial.
/// </summary>
[TestFixture]
public sealed class ServerKillLedgerTests : PrivateServerFixture
{
    private const int BatchRows = 500;
    private const int Workers = 4;
    private const int MaxBatches = 600;

    private enum Reported
    {
        Acknowledged,
        OutcomeUnknown,
        NotExecuted,
    }

    [Test]
    public async Task KilledAndRestartedMidIngest_EveryAcknowledgedBatchExactlyOnce_NoneSilentlyPartial()
    {
        var table = TestSettings.UniqueTable("ledger");
        await HttpAsync($"CREATE TABLE {table} (batch UInt32, seq UInt32, payload String) ENGINE = MergeTree ORDER BY (batch, seq)");
        var settings = Settings() with { PoolMaxSize = Workers, CommandTimeout = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromSeconds(1) };
        await using var client = new ClickHouseClient(settings);
        var ledger = new ConcurrentDictionary<int, Reported>();
        var unexpected = new ConcurrentQueue<Exception>();
        var nextBatch = 0;
        var acknowledgedAfterRestart = 0;
        var restarted = false;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        async Task WorkerAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var batch = Interlocked.Increment(ref nextBatch);
                if (batch > MaxBatches)
                {
                    return;
                }

                var rows = Enumerable.Range(0, BatchRows).Select(seq => new object?[] { (uint)batch, (uint)seq, $"batch {batch} row {seq}" }).ToList();
                try
                {
                    await client.InsertAsync(table, rows);
                    ledger[batch] = Reported.Acknowledged;
                    if (Volatile.Read(ref restarted))
                    {
                        Interlocked.Increment(ref acknowledgedAfterRestart);
                    }
                }
                catch (ClickHouseInsertOutcomeUnknownException)
                {
                    ledger[batch] = Reported.OutcomeUnknown;
                }
                catch (ClickHouseException ex) when (ex.Outcome == ClickHouseOutcome.NotExecuted || ex is ClickHouseConnectionException)
                {
                    // Retries ran out before data left (a not-unknown connection failure of an insert is pre-data).
                    ledger[batch] = Reported.NotExecuted;
                }
                catch (Exception ex)
                {
                    unexpected.Enqueue(ex);
                    return;
                }
            }
        }

        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkerAsync)).ToArray();
        await WaitForAsync(() => ledger.Count(e => e.Value == Reported.Acknowledged) >= 20, stop.Token);
        Server.Kill();
        var killedAtBatch = Volatile.Read(ref nextBatch);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await Server.RestartAsync();
        Volatile.Write(ref restarted, true);
        await WaitForAsync(() => Volatile.Read(ref acknowledgedAfterRestart) >= 20, stop.Token);
        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        var stored = await StoredBatchesAsync(table);
        var report = ledger.GroupBy(e => e.Value).ToDictionary(g => g.Key, g => g.Count());
        await TestContext.Out.WriteLineAsync(
            $"killed at batch ~{killedAtBatch}; reported: {string.Join(", ", report.Select(r => $"{r.Key} {r.Value}"))}; stored batches {stored.Count}");

        Assert.Multiple(() =>
        {
            Assert.That(unexpected, Is.Empty, "every failure must be an outcome-unknown or a not-executed error");
            Assert.That(report.GetValueOrDefault(Reported.Acknowledged), Is.GreaterThanOrEqualTo(40));
            Assert.That(acknowledgedAfterRestart, Is.GreaterThanOrEqualTo(20), "ingest recovered after the restart");
            foreach (var (batch, reported) in ledger)
            {
                var (rows, distinct) = stored.GetValueOrDefault(batch);
                switch (reported)
                {
                    case Reported.Acknowledged:
                        Assert.That((rows, distinct), Is.EqualTo((BatchRows, BatchRows)), $"acknowledged batch {batch} must be stored exactly once");
                        break;
                    case Reported.OutcomeUnknown:
                        Assert.That((rows, distinct), Is.EqualTo((0, 0)).Or.EqualTo((BatchRows, BatchRows)), $"batch {batch} with an unknown outcome must be absent or whole");
                        break;
                    case Reported.NotExecuted:
                        Assert.That(rows, Is.Zero, $"batch {batch} reported as not executed must be absent");
                        break;
                }
            }

            Assert.That(stored.Keys.Except(ledger.Keys), Is.Empty, "nothing stored that no call reported");
        });
    }

    private async Task<Dictionary<int, (int Rows, int Distinct)>> StoredBatchesAsync(string table)
    {
        var text = await HttpAsync($"SELECT batch, count(), uniqExact(seq) FROM {table} GROUP BY batch");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(
                f => int.Parse(f[0], CultureInfo.InvariantCulture),
                f => (int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture)));
    }

    private static async Task WaitForAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition() && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
