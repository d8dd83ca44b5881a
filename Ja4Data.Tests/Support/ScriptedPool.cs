using System.Data;
using System.Diagnostics;

namespace Ja4Data.Tests.Support;

/// <summary>
/// The stage of a hostile-server test: a fake server whose first connection plays a script (every later one is healthy,
/// see <see cref="FakeScripts.FirstThenPongs"/>), a data source over it, and that first connection, open.
/// </summary>
internal sealed class ScriptedPool : IAsyncDisposable
{
    // Generous: the point is "seconds, not for ever"; a loaded machine must not fail a test.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private ScriptedPool(FakeNativeServer server, ClickHouseDataSource dataSource)
    {
        Server = server;
        DataSource = dataSource;
    }

    public FakeNativeServer Server { get; }

    public ClickHouseDataSource DataSource { get; }

    public ClickHouseConnection Connection { get; private set; } = null!;

    /// <param name="firstConnection">What the first connection does after the handshake.</param>
    /// <param name="configure">The fake server's settings (no retries) adjusted for the test: timeouts.</param>
    public static async Task<ScriptedPool> OpenAsync(Func<FakeConnection, Task> firstConnection, Func<ClickHouseSettings, ClickHouseSettings> configure)
    {
        var server = new FakeNativeServer(FakeScripts.FirstThenPongs(firstConnection));
        var pool = new ScriptedPool(server, new ClickHouseDataSource(configure(server.Settings())));
        pool.Connection = await pool.DataSource.OpenConnectionAsync();
        return pool;
    }

    /// <summary>Times <paramref name="call"/>, which must throw <typeparamref name="T"/> (or a subclass).</summary>
    public static (T Error, TimeSpan Elapsed) Timed<T>(Func<Task> call)
        where T : Exception
    {
        var watch = Stopwatch.StartNew();
        var error = Assert.CatchAsync<T>(async () => await call())!;
        return (error, watch.Elapsed);
    }

    /// <summary>
    /// What every such test checks last: the failure came within seconds, the connection is broken, and once returned
    /// it is discarded: the next lease is a second, fresh connection that answers a ping, and the pool holds only it.
    /// </summary>
    public async Task AssertEndedInTimeAndThePoolGoesOnAsync(TimeSpan elapsed)
    {
        Assert.Multiple(() =>
        {
            Assert.That(elapsed, Is.LessThan(Guard));
            Assert.That(Connection.State, Is.EqualTo(ConnectionState.Broken));
        });
        await Connection.CloseAsync();
        await using var next = await DataSource.OpenConnectionAsync();
        await next.PingAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Server.Accepted, Is.EqualTo(2), "the broken connection was not reused");
            Assert.That(DataSource.Pool.Total, Is.EqualTo(1));
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await DataSource.DisposeAsync();
        await Server.DisposeAsync();
    }
}
