using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Ja4Data.IntegrationTests.Diagnostics;

/// <summary>
/// Logs (a recording ILoggerProvider), spans and metrics (OpenTelemetry's SDK with the in-memory exporter) of real
/// statements against the live server, as a service would collect them; and that no password reaches any of them.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TelemetryLiveTests
{
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private RecordingLoggerProvider _logs = null!;
    private ILoggerFactory _loggerFactory = null!;
    private TracerProvider _tracer = null!;
    private MeterProvider _meter = null!;
    private ClickHouseSettings _settings = null!;

    [SetUp]
    public void SetUp()
    {
        _spans.Clear();
        _metrics.Clear();
        _tracer = Sdk.CreateTracerProviderBuilder().AddSource(Ja4DataTelemetry.ActivitySourceName).AddInMemoryExporter(_spans).Build();
        _meter = Sdk.CreateMeterProviderBuilder().AddMeter(Ja4DataTelemetry.MeterName).AddInMemoryExporter(_metrics).Build();
        _logs = new RecordingLoggerProvider();
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        var endpoint = TestServer.PasswordEndpoint ?? throw new InconclusiveException("The shared server has no password user.");
        _settings = EndpointSettings.For(endpoint) with { TraceQueryText = true, SlowStatementThreshold = TimeSpan.FromTicks(1) };
        Assert.That(_settings.Password, Is.Not.Empty);
    }

    [TearDown]
    public void TearDown()
    {
        _tracer.Dispose();
        _meter.Dispose();
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    [Test]
    public async Task Command_Select_IsOneClientSpanWithTheDatabaseConventions_AndLogsAndADuration()
    {
        await using (var dataSource = new ClickHouseDataSource(_settings, _loggerFactory))
        {
            await using var command = dataSource.CreateCommand("SELECT number, 'a literal' FROM numbers(10) WHERE number < {n:UInt64}");
            command.Parameters.AddWithValue("n", 3UL);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
            }

            Assert.That(rows, Is.EqualTo(3));
        }

        _tracer.ForceFlush();
        _meter.ForceFlush();
        var span = _spans.Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.Source.Name, Is.EqualTo("Ja4Data"));
            Assert.That(span.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(span.DisplayName, Is.EqualTo("SELECT"));
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(span.GetTagItem("db.system.name"), Is.EqualTo("clickhouse"));
            Assert.That(span.GetTagItem("db.namespace"), Is.EqualTo(_settings.Database));
            Assert.That(span.GetTagItem("db.operation.name"), Is.EqualTo("SELECT"));
            Assert.That(span.GetTagItem("server.address"), Is.EqualTo(_settings.Host));
            Assert.That(span.GetTagItem("server.port"), Is.EqualTo(_settings.Port));
            Assert.That(span.GetTagItem("db.query.text"), Is.EqualTo("SELECT number, ? FROM numbers(?) WHERE number < {n:UInt64}"));
            Assert.That(span.GetTagItem("db.response.returned_rows"), Is.EqualTo(3L));
            Assert.That(span.GetTagItem("db.clickhouse.read_rows"), Is.GreaterThanOrEqualTo(3L));
            Assert.That(span.GetTagItem("error.type"), Is.Null);
        });

        var duration = Points("db.client.operation.duration");
        Assert.That(duration, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(duration[0].Tags["db.system.name"], Is.EqualTo("clickhouse"));
            Assert.That(duration[0].Tags["db.operation.name"], Is.EqualTo("SELECT"));
            Assert.That(duration[0].Tags["server.port"], Is.EqualTo(_settings.Port));
            Assert.That(duration[0].Count, Is.EqualTo(1));
            Assert.That(Points("db.client.connection.create_time").Sum(p => p.Count), Is.EqualTo(1));
        });

        var events = _logs.Entries.Select(e => e.EventId.Id).ToList();
        Assert.That(events, Does.Contain(1101).And.Contain(2001).And.Contain(2002).And.Contain(2004), string.Join("\n", _logs.Entries));
        var executing = _logs.Entries.First(e => e.EventId.Id == 2001);
        Assert.Multiple(() =>
        {
            Assert.That(executing.Category, Is.EqualTo("Ja4Data.Command"));
            Assert.That(executing.Level, Is.EqualTo(LogLevel.Debug));
            Assert.That(executing.Message, Does.Contain("SELECT number, ? FROM numbers(?)").And.Not.Contain("a literal"));
        });
        AssertNoPassword();
    }

    [Test]
    public async Task Command_UnknownTable_IsAnErrorSpanWithTheClickHouseCode()
    {
        await using (var dataSource = new ClickHouseDataSource(_settings, _loggerFactory))
        {
            await using var command = dataSource.CreateCommand("SELECT * FROM ja4data_no_such_table_for_tracing");
            Assert.ThrowsAsync<ClickHouseServerException>(async () => await command.ExecuteNonQueryAsync());
        }

        _tracer.ForceFlush();
        _meter.ForceFlush();
        var span = _spans.Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(span.GetTagItem("error.type"), Is.EqualTo("UNKNOWN_TABLE"));
            Assert.That(span.GetTagItem("db.response.status_code"), Is.EqualTo("60"));
            Assert.That(span.Events.Select(e => e.Name), Does.Contain("exception"));
        });
        var duration = Points("db.client.operation.duration").Single();
        Assert.That(duration.Tags["error.type"], Is.EqualTo("UNKNOWN_TABLE"));
        Assert.That(_logs.Entries.Single(e => e.EventId.Id == 2003).Level, Is.EqualTo(LogLevel.Debug));
        AssertNoPassword();
    }

    [Test]
    public async Task FacadeCall_IsTheParentOfItsAttempt_AndMeasuredOnce()
    {
        var table = TestSettings.UniqueTable("otel_insert");
        await using (var dataSource = new ClickHouseDataSource(_settings, _loggerFactory))
        await using (var client = new ClickHouseClient(dataSource))
        {
            await client.CommandAsync($"CREATE TABLE {table} (id UInt32, name String) ENGINE = Memory");
            try
            {
                Assert.That(await client.InsertAsync(table, [[1u, "a"], [2u, "b"]]), Is.EqualTo(2));
                var count = await client.QueryAsync($"SELECT count() FROM {table}");
                Assert.That(count.FirstValue, Is.EqualTo(2UL));
            }
            finally
            {
                await client.CommandAsync($"DROP TABLE {table}");
            }
        }

        _tracer.ForceFlush();
        _meter.ForceFlush();
        var insertCall = _spans.Single(s => s.DisplayName == $"INSERT {table}" && s.Parent is null && s.ParentSpanId == default);
        var insertAttempt = _spans.Single(s => s.DisplayName == $"INSERT {table}" && s.ParentSpanId == insertCall.SpanId);
        Assert.Multiple(() =>
        {
            Assert.That(insertCall.GetTagItem("db.collection.name"), Is.EqualTo(table));
            Assert.That(insertAttempt.TraceId, Is.EqualTo(insertCall.TraceId));
            // The call reports what its last attempt's summary said (18.16 sends no written-rows progress for inserts).
            Assert.That(_spans.Single(s => s.DisplayName == "SELECT" && s.ParentSpanId == default).GetTagItem("db.clickhouse.read_rows"), Is.Not.Null);
            Assert.That(_spans, Has.Count.EqualTo(9), "four calls, each with one attempt, and the insert's one look at its table (engine, defaults), which the data source then remembers");
            // One measurement per call, not per attempt.
            Assert.That(Points("db.client.operation.duration").Sum(p => p.Count), Is.EqualTo(4));
        });
        AssertNoPassword();
    }

    [Test]
    public async Task FacadeRetries_AreEventsOnTheCallSpanAndWarnings_WithoutThePassword()
    {
        var settings = _settings with
        {
            Host = "127.0.0.1",
            Port = Hosting.HealthCheckLiveTests.ClosedLoopbackPort(),
            RetryMaxAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(20),
        };
        await using (var dataSource = new ClickHouseDataSource(settings, _loggerFactory))
        await using (var client = new ClickHouseClient(dataSource))
        {
            Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.QueryAsync("SELECT 1"));
        }

        _tracer.ForceFlush();
        _meter.ForceFlush();
        var call = _spans.Single();
        Assert.Multiple(() =>
        {
            Assert.That(call.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(call.GetTagItem("error.type"), Is.EqualTo(nameof(ClickHouseConnectionException)));
            var retries = call.Events.Where(e => e.Name == "retry").ToList();
            Assert.That(retries.Select(e => e.Tags.Single(t => t.Key == "ja4data.retry.attempt").Value), Is.EqualTo(new object[] { 1, 2 }));
            Assert.That(_logs.Entries.Count(e => e.EventId.Id == 4001 && e.Level == LogLevel.Warning), Is.EqualTo(2));
            Assert.That(_logs.Entries.Count(e => e.EventId.Id == 1102 && e.Category == "Ja4Data.Connection"), Is.EqualTo(3), "one failed connect per attempt");
            Assert.That(Points("db.client.operation.duration").Single().Tags["error.type"], Is.EqualTo(nameof(ClickHouseConnectionException)));
        });
        AssertNoPassword();
    }

    [Test]
    public async Task BulkWriter_IsOneInsertSpanFromStartToComplete()
    {
        var table = TestSettings.UniqueTable("otel_bulk");
        await using (var dataSource = new ClickHouseDataSource(_settings, _loggerFactory))
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using (var create = new ClickHouseCommand($"CREATE TABLE {table} (id UInt32) ENGINE = Memory", connection))
            {
                await create.ExecuteNonQueryAsync();
            }

            try
            {
                await using var writer = await connection.CreateBulkWriterAsync(table, blockSize: 2);
                for (var id = 0u; id < 5; id++)
                {
                    await writer.WriteRowAsync([id]);
                }

                Assert.That(await writer.CompleteAsync(), Is.EqualTo(5));
            }
            finally
            {
                await using var drop = new ClickHouseCommand($"DROP TABLE {table}", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        _tracer.ForceFlush();
        _meter.ForceFlush();
        var insert = _spans.Single(s => s.DisplayName == $"INSERT {table}");
        Assert.Multiple(() =>
        {
            Assert.That(insert.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(insert.GetTagItem("db.collection.name"), Is.EqualTo(table));
            Assert.That(_spans.Select(s => s.DisplayName), Is.EqualTo(new[] { "CREATE", $"INSERT {table}", "DROP" }));
            Assert.That(Points("db.client.operation.duration").Where(p => Equals(p.Tags["db.operation.name"], "INSERT")).Sum(p => p.Count), Is.EqualTo(1));
        });
        AssertNoPassword();
    }

    [Test]
    public async Task PoolInstruments_UseTheConventionNames()
    {
        await using (var dataSource = new ClickHouseDataSource(_settings, _loggerFactory))
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            _meter.ForceFlush();
            var used = Points("db.client.connection.count").Where(p => Equals(p.Tags["db.client.connection.pool.name"], dataSource.Pool.Name)).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(used.Single(p => Equals(p.Tags["db.client.connection.state"], "used")).Value, Is.EqualTo(1));
                Assert.That(used.Single(p => Equals(p.Tags["db.client.connection.state"], "idle")).Value, Is.EqualTo(0));
                Assert.That(Points("db.client.connection.max").Single(p => Equals(p.Tags["db.client.connection.pool.name"], dataSource.Pool.Name)).Value, Is.EqualTo(_settings.PoolMaxSize));
            });
        }

        AssertNoPassword();
    }

    private void AssertNoPassword()
    {
        var password = _settings.Password;
        var spanText = _spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}")
            .Concat(s.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))
            .Append(s.DisplayName).Append(s.StatusDescription ?? string.Empty));
        var metricText = _metrics.SelectMany(m => Points(m).SelectMany(p => p.Tags.Select(t => $"{m.Name}:{t.Key}={t.Value}")));
        Assert.Multiple(() =>
        {
            Assert.That(spanText, Has.None.Contains(password));
            Assert.That(metricText, Has.None.Contains(password));
            Assert.That(_logs.Entries.Select(e => e.ToString()), Has.None.Contains(password));
        });
    }

    private List<Point> Points(string instrument) => _metrics.Where(m => m.Name == instrument).SelectMany(Points).ToList();

    private static List<Point> Points(Metric metric)
    {
        var points = new List<Point>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            var (count, value) = metric.MetricType switch
            {
                MetricType.Histogram => (point.GetHistogramCount(), point.GetHistogramSum()),
                MetricType.LongSum or MetricType.LongSumNonMonotonic => (1L, point.GetSumLong()),
                MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => (1L, point.GetSumDouble()),
                MetricType.LongGauge => (1L, point.GetGaugeLastValueLong()),
                _ => (1L, point.GetGaugeLastValueDouble()),
            };
            points.Add(new Point(tags, count, value));
        }

        return points;
    }

    private sealed record Point(Dictionary<string, object?> Tags, long Count, double Value);
}
