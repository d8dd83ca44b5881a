using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Ja4Data.Cli.Bench;
using Ja4Data.Protocol;
using Ja4Data.TestSupport;

namespace Ja4Data.Benchmarks;

/// <summary>
/// A whole 1M-row ja4 HTTP-log result (12 columns, LZ4) read the ways an application reads it, from a fake server that
/// replays the recorded bytes from memory over loopback: the time is the client's (decompress, decode, materialise),
/// plus the loopback copy that any client of a real server pays too. The Mean is per result.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: GlobalCleanup disposes.")]
public class ResultReadBenchmarks
{
    private static RecordedResult? _cachedResult;

    private ResultReplay _replay = null!;

    [Params(1_000_000)]
    public int Rows { get; set; }

    /// <summary>Native payload bytes of the result (for the MB/s column).</summary>
    public static double PayloadBytes(string method, IReadOnlyDictionary<string, object> parameters)
        => Recorded((int)parameters[nameof(Rows)]).PayloadBytes;

    [GlobalSetup]
    public async Task SetupAsync() => _replay = await ResultReplay.StartAsync(Recorded(Rows));

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _replay.DisposeAsync();

    /// <summary>DbDataReader with typed getters on every column (what <c>ja4data bench</c> runs).</summary>
    [Benchmark(Baseline = true)]
    public Task<long> TypedGetters() => Ja4DataContenders.ReadAllAsync(_replay.Client, RecordedResult.Sql, CancellationToken.None);

    /// <summary>DbDataReader.GetValues: every value boxed.</summary>
    [Benchmark]
    public Task<long> GetValues() => ReadContenders.ReadBoxedAsync(_replay.Client, RecordedResult.Sql);

    /// <summary>The facade's whole-result Query.</summary>
    [Benchmark]
    public async Task<long> FacadeQuery() => (await _replay.Client.QueryAsync(RecordedResult.Sql)).ResultRows.Count;

    private static RecordedResult Recorded(int rows)
        => _cachedResult is { } cached && cached.Rows == rows ? cached : _cachedResult = RecordedResult.HttpLogs(rows);
}

/// <summary>A fake server replaying a <see cref="RecordedResult"/> for every query, and a client pooled on it.</summary>
internal sealed class ResultReplay : IAsyncDisposable
{
    private readonly FakeNativeServer _server;

    private ResultReplay(FakeNativeServer server, ClickHouseClient client)
    {
        _server = server;
        Client = client;
    }

    public ClickHouseClient Client { get; }

    public static async Task<ResultReplay> StartAsync(RecordedResult result)
    {
        var server = new FakeNativeServer(FakeScripts.ReplayEveryQuery(ProtocolRevision.Oldest, "18.16.1", result.ServerBytes));
        var client = new ClickHouseClient(server.Settings(ClickHouseCompression.Lz4) with { CommandTimeout = TimeSpan.FromMinutes(5) });
        var replay = new ResultReplay(server, client);
        var rows = await Ja4DataContenders.ReadAllAsync(client, RecordedResult.Sql, CancellationToken.None);
        return rows == result.Rows ? replay : throw new InvalidOperationException($"The replay read {rows} rows, expected {result.Rows}.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
    }
}
