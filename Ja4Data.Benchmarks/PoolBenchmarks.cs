using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Ja4Data.Core.Pooling;
using Ja4Data.LocalServer;
using Ja4Data.Protocol;

namespace Ja4Data.Benchmarks;

/// <summary>
/// Leasing a warm connection from the pool and giving it back, against a local clickhouse-server started for the
/// run. Idle validation is pushed out of the way (it pings a connection idle for longer than the setting, which
/// measures the network, not the pool).
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: GlobalCleanup disposes.")]
public class PoolBenchmarks
{
    private LocalClickHouseServer _server = null!;
    private ConnectorPool _pool = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await LocalClickHouseServer.StartAsync(new LocalServerOptions { EnableTls = false });
        _pool = new ConnectorPool(new ClickHouseSettings
        {
            Host = _server.Endpoint.Host,
            Port = _server.Endpoint.Port,
            User = _server.Endpoint.User,
            Database = "default",
            PoolValidateAfterIdle = TimeSpan.FromHours(1),
            PoolIdleTimeout = TimeSpan.FromHours(1),
        });
        _pool.Return(await _pool.RentAsync(async: true, CancellationToken.None));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _pool.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark]
    public void LeaseAndReturn() => _pool.Return(SyncCompletion.Result(_pool.RentAsync(async: false, CancellationToken.None)));

    [Benchmark]
    public async Task LeaseAndReturnAsync() => _pool.Return(await _pool.RentAsync(async: true, CancellationToken.None));
}
