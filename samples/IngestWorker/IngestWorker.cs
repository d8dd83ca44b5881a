using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Ja4Data.Samples.IngestWorker;

/// <summary>
/// Generates ja4 HTTP log lines and inserts them in batches through <see cref="IClickHouseClient"/> (pooled,
/// retried) until the host stops; then inserts what is still buffered, so a graceful shutdown loses nothing.
/// </summary>
internal sealed partial class IngestWorker(IClickHouseClient client, ClickHouseSettings settings, IOptions<IngestOptions> options, ILogger<IngestWorker> logger)
    : BackgroundService
{
    /// <summary>The worker's own spans (one per batch); the library's insert spans become their children.</summary>
    public const string ActivitySourceName = "Ja4Data.Samples.IngestWorker";

    private static readonly ActivitySource Source = new(ActivitySourceName);
    private static readonly string[] Columns = ["ts", "ja4", "client_ip", "host", "path", "status"];
    private static readonly string[] Fingerprints = ["t13d1516h2_8daaf6152771_b0da82dd1658", "t13d1517h2_8daaf6152771_b1ff8ab2d16f", "t12d190800_d83cc789557e_7af1ed941c26"];
    private static readonly string[] Paths = ["/", "/login", "/api/v1/items", "/static/app.js", "/healthz"];
    private static readonly ushort[] Statuses = [200, 200, 200, 301, 404, 500];

    private readonly IngestOptions _options = options.Value;
    private readonly List<IReadOnlyList<object?>> _buffer = [];
    private long _inserted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await client.CommandAsync(
            $"CREATE TABLE IF NOT EXISTS {_options.Table} (ts DateTime, ja4 String, client_ip String, host String, path String, status UInt16) "
            + "ENGINE = MergeTree ORDER BY ts",
            cancellationToken: stoppingToken);
        Started(logger, _options.Table, settings.Host, settings.Port);

        var random = new Random();
        var lastFlush = Stopwatch.GetTimestamp();
        var perTick = Math.Max(1, _options.LinesPerSecond / 10);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                for (var i = 0; i < perTick; i++)
                {
                    _buffer.Add(NextLine(random));
                }

                if (_buffer.Count >= _options.BatchSize || Stopwatch.GetElapsedTime(lastFlush) >= _options.FlushInterval)
                {
                    await FlushAsync(stoppingToken);
                    lastFlush = Stopwatch.GetTimestamp();
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: fall through to the final flush.
        }

        // Not the stopping token: the rows already generated are inserted before the host exits (within its
        // ShutdownTimeout, 30 s by default).
        await FlushAsync(CancellationToken.None);
        Stopped(logger, _inserted, _options.Table);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
        {
            return;
        }

        using var activity = Source.StartActivity("ingest batch");
        activity?.SetTag("ingest.rows", _buffer.Count);
        var rows = await client.InsertAsync(_options.Table, _buffer, Columns, cancellationToken);
        _inserted += rows;
        _buffer.Clear();
    }

    private static object?[] NextLine(Random random) =>
    [
        DateTime.UtcNow,
        Fingerprints[random.Next(Fingerprints.Length)],
        $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}",
        "shop.example",
        Paths[random.Next(Paths.Length)],
        Statuses[random.Next(Statuses.Length)],
    ];

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Ingesting ja4 log lines into {Table} on {Host}:{Port}.")]
    private static partial void Started(ILogger logger, string table, string host, int port);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Stopped: {Rows} rows inserted into {Table} in total, the last batch flushed on shutdown.")]
    private static partial void Stopped(ILogger logger, long rows, string table);
}
