using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>
/// Background ingest through the facade, as an ingest service runs it: a few workers insert numbered batches of
/// <see cref="RowsPerBatch"/> rows (ids batch * RowsPerBatch + i) one after another and keep a ledger of what each call
/// reported: acknowledged (with its latency) or failed (with the exception). The table's columns are
/// <c>(id UInt64, batch UInt32, ja4 String)</c>; <c>ja4</c> varies per row so a sharding key on it spreads each batch
/// over every shard.
/// </summary>
internal sealed class IngestLoad : IAsyncDisposable
{
    public const int RowsPerBatch = 200;

    private readonly ClickHouseClient _client;
    private readonly string _table;
    private readonly TimeSpan _pause;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Task> _workers = [];
    private int _nextBatch = -1;

    public IngestLoad(ClickHouseClient client, string table, int workers, TimeSpan pause)
    {
        _client = client;
        _table = table;
        _pause = pause;
        for (var i = 0; i < workers; i++)
        {
            _workers.Add(Task.Run(WorkAsync));
        }
    }

    /// <summary>Acknowledged batches: when the call started and how long it took.</summary>
    public ConcurrentDictionary<int, (TimeSpan Started, TimeSpan Latency)> Acknowledged { get; } = new();

    /// <summary>Batches whose call failed, with what it threw and when.</summary>
    public ConcurrentDictionary<int, (TimeSpan At, Exception Error)> Failed { get; } = new();

    /// <summary>Time since the load started, the clock of the ledger.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The rows of batch <paramref name="batch"/>: ids from batch * RowsPerBatch on, <paramref name="count"/> of them.</summary>
    public static IReadOnlyList<IReadOnlyList<object?>> Rows(int batch, int count = RowsPerBatch) => Enumerable.Range(0, count)
        .Select(i =>
        {
            var id = ((ulong)batch * RowsPerBatch) + (ulong)i;
            return (IReadOnlyList<object?>)[id, (uint)batch, "t13d" + id.ToString("x", CultureInfo.InvariantCulture)];
        })
        .ToList();

    /// <summary>Waits (bounded) until <paramref name="count"/> more batches were acknowledged after now.</summary>
    public async Task WaitForMoreAcknowledgedAsync(int count, TimeSpan timeout)
    {
        var target = Acknowledged.Count + count;
        var deadline = DateTime.UtcNow + timeout;
        while (Acknowledged.Count < target && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Acknowledged batches whose call started in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public IReadOnlyList<(int Batch, TimeSpan Started, TimeSpan Latency)> AcknowledgedBetween(TimeSpan from, TimeSpan to) =>
        Acknowledged.Where(a => a.Value.Started >= from && a.Value.Started < to).Select(a => (a.Key, a.Value.Started, a.Value.Latency)).ToList();

    /// <summary>Stops the workers after their current call and waits for them.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var batch = Interlocked.Increment(ref _nextBatch);
            var started = _clock.Elapsed;
            try
            {
                await _client.InsertAsync(_table, Rows(batch));
                Acknowledged[batch] = (started, _clock.Elapsed - started);
            }
            catch (ClickHouseException ex)
            {
                Failed[batch] = (_clock.Elapsed, ex);
            }

            try
            {
                await Task.Delay(_pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
