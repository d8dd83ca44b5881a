using System.Collections.Concurrent;

namespace Ja4Data.IntegrationTests.Faults;

/// <summary>Many callers on a small pool: all complete, fairly, and the server never sees more connections than the bound.</summary>
[TestFixture]
public sealed class PoolLoadTests : PrivateServerFixture
{
    [Test]
    public async Task FiveHundredCallersOnAPoolOfEight_AllComplete_AndTheServerNeverSeesMoreThanEight()
    {
        const int callers = 500;
        const int max = 8;
        await using var client = new ClickHouseClient(Settings() with { PoolMaxSize = max, PoolAcquireTimeout = TimeSpan.FromSeconds(60) });
        var results = new ConcurrentBag<ulong>();
        var maxServer = 0;
        var maxPool = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxServer = Math.Max(maxServer, await ServerTcpConnectionsAsync());
                maxPool = Math.Max(maxPool, client.Pool.Total);
                await Task.Delay(5);
            }
        });

        // One in ten callers uses the sync API on its own thread: sync waiters block only themselves.
        var tasks = Enumerable.Range(0, callers).Select(i => i % 10 == 0
            ? Task.Factory.StartNew(() => Record(client.Query($"SELECT toUInt64({i}) + sleep(0.002)")), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.Run(async () => Record(await client.QueryAsync($"SELECT toUInt64({i}) + sleep(0.002)")))).ToArray();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        await TestContext.Out.WriteLineAsync($"{callers} callers on a pool of {max}: {watch.ElapsedMilliseconds} ms; max server connections {maxServer}, max pool connections {maxPool}");

        Assert.Multiple(() =>
        {
            Assert.That(results.OrderBy(r => r), Is.EqualTo(Enumerable.Range(0, callers).Select(i => (ulong)i)));
            Assert.That(maxServer, Is.InRange(1, max));
            Assert.That(maxPool, Is.InRange(1, max));
            Assert.That((client.Pool.InUse, client.Pool.Waiting), Is.EqualTo((0, 0)));
        });

        void Record(QueryResult result) => results.Add(Convert.ToUInt64(result.ResultRows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task FiveHundredCallersOnAPoolOfEight_TinyAcquireTimeout_TheOnlyErrorIsPoolExhausted()
    {
        const int max = 8;
        var timeout = TimeSpan.FromMilliseconds(20);
        await using var client = new ClickHouseClient(Settings() with { PoolMaxSize = max, PoolAcquireTimeout = timeout });
        var errors = new ConcurrentQueue<Exception>();
        var succeeded = 0;

        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(async () =>
        {
            try
            {
                await client.QueryAsync("SELECT sleep(0.05)");
                Interlocked.Increment(ref succeeded);
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(succeeded, Is.GreaterThanOrEqualTo(max));
            Assert.That(errors, Is.Not.Empty);
            Assert.That(errors, Is.All.InstanceOf<ClickHousePoolExhaustedException>());
            var exhausted = errors.OfType<ClickHousePoolExhaustedException>().ToList();
            Assert.That(exhausted.Select(e => e.MaxSize).Distinct(), Is.EqualTo(new[] { max }));
            Assert.That(exhausted.Max(e => e.InUse), Is.EqualTo(max));
            Assert.That(exhausted.Min(e => e.Waited), Is.GreaterThanOrEqualTo(timeout), "the full acquire timeout, never less");
        });
    }
}
