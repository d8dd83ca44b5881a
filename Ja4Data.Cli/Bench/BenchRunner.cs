using System.Diagnostics;
using System.Globalization;
using Ja4Data.Cli.Generation;
using Ja4Data.Cli.Output;

namespace Ja4Data.Cli.Bench;

/// <summary>
/// One benchmark run: the same generated rows and the same server for every contender. Contenders take turns within
/// each repeat (so drift hits all alike), every MergeTree run starts from an empty table and is checked to hold exactly
/// the rows sent, and everything is warmed up once before timing.
/// </summary>
internal sealed class BenchRunner(ClickHouseSettings settings, BenchOptions options, IAnsiConsole console)
{
    private const string ClickHouseClientName = "clickhouse-client (C++)";
    private const int WarmUpQueries = 200;
    private const string BulkRows = "Ja4Data bulk writer, rows (WriteRowAsync)";
    private const string TypedInsert = "Ja4Data ClickHouseClient.InsertAsync<T>, typed records";
    private const string TypedGetters = "Ja4Data DbDataReader, typed getters";
    private const string TypedStream = "Ja4Data ClickHouseClient.QueryStreamAsync<T>, typed records";
    private const string DapperStream = "Dapper QueryUnbufferedAsync<T> on a Ja4Data connection, typed records";
    private const string FacadeQuery = "Ja4Data ClickHouseClient.QueryAsync (QueryResult, held by column)";
    private const string RowArrays = "object?[] per row from DbDataReader (how QueryAsync held results before)";

    private readonly List<string> _notes = [];

    public async Task<BenchResult> RunAsync(CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("ja4data-bench-");
        try
        {
            return await RunInAsync(work.FullName, cancellationToken);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<BenchResult> RunInAsync(string work, CancellationToken cancellationToken)
    {
        var loadBefore = MachineInfo.LoadAverage();
        await using var client = new ClickHouseClient(settings);
        using var tools = ClickHouseTools.Find(settings, work);
        if (tools is null)
        {
            _notes.Add("clickhouse-client is not installed: no C++ reference, so no ratios.");
        }

        var python = await FindPythonAsync(cancellationToken);
        var serverVersion = Convert.ToString((await client.QueryAsync("SELECT version()", cancellationToken: cancellationToken)).FirstValue, CultureInfo.InvariantCulture) ?? "?";
        var tables = new BenchTables(options.Database);
        await tables.CreateAsync(client, cancellationToken);
        try
        {
            var dataset = await StepAsync($"Generating {Units.Count(options.Rows)} rows", () => Task.FromResult(BenchDataset.Generate(options.Rows, settings.InsertBlockSize, options.Seed, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds())));
            var records = await StepAsync("Building the rows as typed records", () => Task.FromResult(dataset.Records()));
            var tsv = Path.Combine(work, "rows.tsv");
            if (!options.ReadsOnly)
            {
                await StepAsync("Writing the rows as TSV (input of the peers)", () => WriteTsvAsync(dataset, tsv));
            }

            var native = tools is null || options.ReadsOnly ? null : Path.Combine(work, "rows.native");
            if (tools is not null && !options.ReadsOnly)
            {
                await StepAsync("Converting TSV to a Native file with clickhouse-client", () => BuildNativeFileAsync(client, tools, tables, tsv, native!, dataset.Rows, cancellationToken));
            }
            else
            {
                await StepAsync("Loading the SELECT table", async () =>
                {
                    await Ja4DataContenders.InsertColumnarAsync(client, dataset, tables.SelectSource, cancellationToken);
                    await client.CommandAsync($"OPTIMIZE TABLE {tables.SelectSource} FINAL", cancellationToken: cancellationToken);
                });
            }

            await StepAsync("Warming up", () => WarmUpAsync(client, tools, native, dataset, tables, cancellationToken));
            if (tools is not null)
            {
                var startup = await tools.StartupAsync(cancellationToken);
                _notes.Add($"clickhouse-client times are wall times of the tool (as a user runs it), including its start-up and connect: {Units.Milliseconds(startup.TotalMilliseconds)} for a SELECT 1. The Python driver's times cover only the INSERT call (connected, data loaded).");
            }

            var measurements = new List<BenchMeasurement>();
            foreach (var (table, engine) in options.ReadsOnly ? [] : new[] { (tables.Null, "Null engine"), (tables.MergeTree, "MergeTree") })
            {
                var scenario = $"INSERT {Units.Count(dataset.Rows)} rows, {engine}";
                measurements.AddRange(await MeasureInsertAsync(scenario, client, tools, python, native, tsv, dataset, records, table, table == tables.MergeTree, work, cancellationToken));
            }

            measurements.AddRange(await MeasureSelectAsync(client, tools, dataset, tables, cancellationToken));
            measurements.AddRange(await MeasureWholeResultAsync(client, dataset, tables, cancellationToken));
            if (!options.ReadsOnly)
            {
                measurements.AddRange(await MeasureSelectOneAsync(client, tools, cancellationToken));
            }

            if (loadBefore is not null)
            {
                _notes.Add($"Load average (1, 5, 15 min) before the run: {loadBefore}; after: {MachineInfo.LoadAverage()}. On a machine this small, anything else running shows up in every figure.");
            }

            return new BenchResult(options, MachineInfo.Current(), serverVersion, BenchComparison.Compare(measurements), _notes, DateTimeOffset.UtcNow);
        }
        finally
        {
            await tables.DropAsync(client, CancellationToken.None);
        }
    }

    private async Task<PythonDriverPeer?> FindPythonAsync(CancellationToken cancellationToken)
    {
        if (!options.UsePython)
        {
            return null;
        }

        if (settings.Secure)
        {
            _notes.Add("The Python driver is left out: this harness runs it without TLS.");
            return null;
        }

        var python = await PythonDriverPeer.FindAsync(cancellationToken);
        if (python is null)
        {
            _notes.Add("python3-clickhouse-driver is not installed (apt-get install python3-clickhouse-driver): the Python peer is left out.");
        }

        return python;
    }

    private async Task<T> StepAsync<T>(string what, Func<Task<T>> step)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await step();
        console.MarkupLine($"[grey]{Markup.Escape(what)}: {Units.Seconds(Stopwatch.GetElapsedTime(started).TotalSeconds)}[/]");
        return result;
    }

    private async Task StepAsync(string what, Func<Task> step) => await StepAsync(what, async () =>
    {
        await step();
        return true;
    });

    private static async Task WriteTsvAsync(BenchDataset dataset, string path)
    {
        await using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 20);
        TsvWriter.Write(dataset.Chunks, writer);
    }

    /// <summary>
    /// TSV -> Memory table -> <c>FORMAT Native</c> file, all by clickhouse-client, so the reference's input does not
    /// depend on the code under test. The same file then fills the SELECT table.
    /// </summary>
    private static async Task BuildNativeFileAsync(ClickHouseClient client, ClickHouseTools tools, BenchTables tables, string tsv, string native, long rows, CancellationToken cancellationToken)
    {
        await tools.InsertFromFileAsync($"INSERT INTO {tables.Stage} FORMAT TabSeparated", tsv, cancellationToken);
        await tools.SelectToFileAsync($"SELECT * FROM {tables.Stage} FORMAT Native", native, cancellationToken, "--max_threads", "1");
        await client.CommandAsync($"DROP TABLE {tables.Stage}", cancellationToken: cancellationToken);
        await tools.InsertFromFileAsync($"INSERT INTO {tables.SelectSource} FORMAT Native", native, cancellationToken);
        await client.CommandAsync($"OPTIMIZE TABLE {tables.SelectSource} FINAL", cancellationToken: cancellationToken);
        await ExpectCountAsync(client, tables.SelectSource, rows, cancellationToken);
    }

    private async Task WarmUpAsync(ClickHouseClient client, ClickHouseTools? tools, string? native, BenchDataset dataset, BenchTables tables, CancellationToken cancellationToken)
    {
        var small = BenchDataset.Of(dataset.Chunks[0]);
        await Ja4DataContenders.InsertColumnarAsync(client, small, tables.Null, cancellationToken);
        await Ja4DataContenders.InsertBulkRowsAsync(client, small, tables.Null, cancellationToken);
        await client.InsertAsync(tables.Null, small.RowValues(), HttpLogBatch.ColumnNames, cancellationToken);
        await client.InsertAsync(tables.Null, small.Records(), cancellationToken);
        await Ja4DataContenders.ReadAllAsync(client, $"SELECT * FROM {tables.SelectSource} LIMIT {small.Rows}", cancellationToken);
        await Ja4DataContenders.StreamRecordsAsync(client, $"SELECT * FROM {tables.SelectSource} LIMIT {small.Rows}", cancellationToken);
        await Ja4DataContenders.StreamDapperAsync(client, $"SELECT * FROM {tables.SelectSource} LIMIT {small.Rows}", cancellationToken);
        await client.QueryAsync($"SELECT * FROM {tables.SelectSource} LIMIT {small.Rows}", cancellationToken: cancellationToken);
        await Ja4DataContenders.ReadRowArraysAsync(client, $"SELECT * FROM {tables.SelectSource} LIMIT {small.Rows}", cancellationToken);
        await Ja4DataContenders.SelectOneAsync(client, WarmUpQueries, options.Concurrency, cancellationToken);
        if (tools is not null && native is not null)
        {
            await tools.InsertFromFileAsync($"INSERT INTO {tables.Null} FORMAT Native", native, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<BenchMeasurement>> MeasureInsertAsync(
        string scenario, ClickHouseClient client, ClickHouseTools? tools, PythonDriverPeer? python, string? native, string tsv, BenchDataset dataset, HttpLogRecord[] records, string table, bool verify, string work, CancellationToken cancellationToken)
    {
        var contenders = new List<(string Name, bool Reference, BenchGoal? Goal, Func<Task<RunSample>> Run)>
        {
            ("Ja4Data bulk writer, columnar (AppendColumn<T>)", false, BenchGoal.BulkInsert, () => RunSample.MeasureAsync(() => Ja4DataContenders.InsertColumnarAsync(client, dataset, table, cancellationToken))),
            (BulkRows, false, BenchGoal.RowInsert, () => RunSample.MeasureAsync(() => Ja4DataContenders.InsertBulkRowsAsync(client, dataset, table, cancellationToken))),
            ("Ja4Data ClickHouseClient.InsertAsync, rows", false, BenchGoal.RowInsert, () => RunSample.MeasureAsync(() => client.InsertAsync(table, dataset.RowValues(), HttpLogBatch.ColumnNames, cancellationToken))),
            (TypedInsert, false, BenchGoal.RowInsert, () => RunSample.MeasureAsync(() => client.InsertAsync(table, records, cancellationToken))),
        };
        if (tools is not null && native is not null)
        {
            contenders.Add(($"{ClickHouseClientName} < Native file", true, null, () => tools.InsertFromFileAsync($"INSERT INTO {table} FORMAT Native", native, cancellationToken)));
        }

        var samples = contenders.ToDictionary(c => c.Name, _ => new List<RunSample>(), StringComparer.Ordinal);
        for (var repeat = 0; repeat < options.Repeat; repeat++)
        {
            foreach (var contender in contenders)
            {
                if (verify)
                {
                    await client.CommandAsync($"TRUNCATE TABLE {table}", cancellationToken: cancellationToken);
                }

                samples[contender.Name].Add(await contender.Run());
                if (verify)
                {
                    await ExpectCountAsync(client, table, dataset.Rows, cancellationToken);
                }
            }
        }

        var results = contenders
            .Select(c => BenchMeasurement.From(scenario, c.Name, c.Reference, dataset.Rows, "rows", dataset.PayloadBytes, samples[c.Name], c.Goal))
            .ToList();
        if (python is not null)
        {
            var runs = await python.InsertAsync(settings, table, tsv, HttpLogBatch.ColumnTypes, options.Repeat, verify ? $"TRUNCATE TABLE {table}" : null, work, cancellationToken);
            if (verify)
            {
                await ExpectCountAsync(client, table, dataset.Rows, cancellationToken);
            }

            results.Add(BenchMeasurement.From(scenario, $"Python clickhouse-driver {python.Version}, columnar, uncompressed", false, dataset.Rows, "rows", dataset.PayloadBytes, runs));
        }

        Report(results);
        Compare(scenario, results, TypedInsert, BulkRows, "typed records vs the bulk writer's row API");
        return results;
    }

    private async Task<IReadOnlyList<BenchMeasurement>> MeasureSelectAsync(ClickHouseClient client, ClickHouseTools? tools, BenchDataset dataset, BenchTables tables, CancellationToken cancellationToken)
    {
        var scenario = $"SELECT {Units.Count(dataset.Rows)} rows, streamed";
        var sql = $"SELECT * FROM {tables.SelectSource}";
        var ours = new List<RunSample>();
        var typed = new List<RunSample>();
        var dapper = new List<RunSample>();
        var reference = new List<RunSample>();
        for (var repeat = 0; repeat < options.Repeat; repeat++)
        {
            var rows = 0L;
            ours.Add(await RunSample.MeasureAsync(async () => rows = await Ja4DataContenders.ReadAllAsync(client, sql, cancellationToken)));
            ExpectRows(rows, dataset.Rows);
            typed.Add(await RunSample.MeasureAsync(async () => rows = await Ja4DataContenders.StreamRecordsAsync(client, sql, cancellationToken)));
            ExpectRows(rows, dataset.Rows);
            dapper.Add(await RunSample.MeasureAsync(async () => rows = await Ja4DataContenders.StreamDapperAsync(client, sql, cancellationToken)));
            ExpectRows(rows, dataset.Rows);
            if (tools is not null)
            {
                reference.Add(await tools.SelectToFileAsync(sql + " FORMAT Native", "/dev/null", cancellationToken));
            }
        }

        var results = new List<BenchMeasurement>
        {
            BenchMeasurement.From(scenario, TypedGetters, false, dataset.Rows, "rows", dataset.PayloadBytes, ours, BenchGoal.Select),
            BenchMeasurement.From(scenario, TypedStream, false, dataset.Rows, "rows", dataset.PayloadBytes, typed),
            BenchMeasurement.From(scenario, DapperStream, false, dataset.Rows, "rows", dataset.PayloadBytes, dapper),
        };
        if (tools is not null)
        {
            results.Add(BenchMeasurement.From(scenario, $"{ClickHouseClientName} FORMAT Native > /dev/null", true, dataset.Rows, "rows", dataset.PayloadBytes, reference));
        }

        Report(results);
        Compare(scenario, results, TypedStream, TypedGetters, "typed records vs typed getters");
        Compare(scenario, results, TypedStream, DapperStream, "typed records vs Dapper");
        return results;
    }

    /// <summary>
    /// The facade's <c>Query</c> (the whole result in memory) and, as the yardstick of its memory, the same result kept
    /// as one <c>object?[]</c> per row (what Query held before it kept results by column): time, and the memory each
    /// holds and peaks at, over the result's Native size.
    /// </summary>
    private async Task<IReadOnlyList<BenchMeasurement>> MeasureWholeResultAsync(ClickHouseClient client, BenchDataset dataset, BenchTables tables, CancellationToken cancellationToken)
    {
        var scenario = $"SELECT {Units.Count(dataset.Rows)} rows, whole result in memory";
        var sql = $"SELECT * FROM {tables.SelectSource}";
        // Memory first, in runs of their own: the probe's full collections and sampling stay out of the timings, and
        // nothing of the timed runs is left on the heap it measures.
        var native = dataset.PayloadBytes;
        var facade = await MemoryProbe.MeasureAsync(() => client.QueryAsync(sql, cancellationToken: cancellationToken), r => r.ResultRows.Count);
        var rowArrays = await MemoryProbe.MeasureAsync(() => Ja4DataContenders.ReadRowArraysAsync(client, sql, cancellationToken), r => r.Count);
        foreach (var (name, (rows, memory)) in new[] { (FacadeQuery, facade), (RowArrays, rowArrays) })
        {
            ExpectRows(rows, dataset.Rows);
            var text = $"{scenario} | {name}: holds {Units.Megabytes(memory.HeldBytes)} ({memory.HeldBytes / (double)native:0.00}x the {Units.Megabytes(native)} Native size), "
                + $"peak managed heap +{Units.Megabytes(memory.PeakHeapGrowth)} ({memory.PeakHeapGrowth / (double)native:0.00}x), "
                + $"peak working set +{Units.Megabytes(memory.PeakWorkingSetGrowth)} ({memory.PeakWorkingSetGrowth / (double)native:0.00}x).";
            console.MarkupLine($"  {Markup.Escape(text)}");
            _notes.Add(text);
        }

        var contenders = new (string Name, Func<Task<long>> Run)[]
        {
            (FacadeQuery, async () => (await client.QueryAsync(sql, cancellationToken: cancellationToken)).ResultRows.Count),
            (RowArrays, async () => (await Ja4DataContenders.ReadRowArraysAsync(client, sql, cancellationToken)).Count),
        };
        var samples = contenders.ToDictionary(c => c.Name, _ => new List<RunSample>(), StringComparer.Ordinal);
        for (var repeat = 0; repeat < options.Repeat; repeat++)
        {
            foreach (var (name, run) in contenders)
            {
                samples[name].Add(await RunSample.MeasureAsync(async () => ExpectRows(await run(), dataset.Rows)));
            }
        }

        var results = contenders.Select(c => BenchMeasurement.From(scenario, c.Name, false, dataset.Rows, "rows", dataset.PayloadBytes, samples[c.Name])).ToList();
        Report(results);
        return results;
    }

    // A ratio between two contenders of one run (they took turns, so machine load hits both alike): wall and CPU time.
    private void Compare(string scenario, IReadOnlyList<BenchMeasurement> results, string contender, string yardstick, string what)
    {
        var ours = results.First(r => r.Contender == contender);
        var theirs = results.First(r => r.Contender == yardstick);
        var cpu = ours.MedianCpuSeconds is { } c && theirs.MedianCpuSeconds is { } t ? $", client CPU {c / t:0.00}x ({Units.Seconds(c)} vs {Units.Seconds(t)})" : string.Empty;
        var text = $"{scenario}: {what}: wall time {ours.MedianSeconds / theirs.MedianSeconds:0.00}x ({Units.Seconds(ours.MedianSeconds)} vs {Units.Seconds(theirs.MedianSeconds)}){cpu}.";
        console.MarkupLine($"  {Markup.Escape(text)}");
        _notes.Add(text);
    }

    private static void ExpectRows(long rows, long expected)
    {
        if (rows != expected)
        {
            throw new InvalidOperationException($"The SELECT returned {rows} rows, not {expected}.");
        }
    }

    private async Task<IReadOnlyList<BenchMeasurement>> MeasureSelectOneAsync(ClickHouseClient client, ClickHouseTools? tools, CancellationToken cancellationToken)
    {
        var scenario = $"SELECT 1 x {Units.Count(options.Select1Queries)}, concurrency {options.Concurrency}";
        var ours = new List<RunSample>();
        var oursSync = new List<RunSample>();
        var reference = new List<RunSample>();
        for (var repeat = 0; repeat < options.Repeat; repeat++)
        {
            ours.Add(await RunSample.MeasureAsync(() => Ja4DataContenders.SelectOneAsync(client, options.Select1Queries, options.Concurrency, cancellationToken)));
            oursSync.Add(await RunSample.MeasureAsync(() => Ja4DataContenders.SelectOneOnThreads(client, options.Select1Queries, options.Concurrency)));
            if (tools?.BenchmarkPath is not null)
            {
                reference.Add(await tools.BenchmarkAsync("SELECT 1", options.Concurrency, options.Select1Queries, cancellationToken));
            }
        }

        var results = new List<BenchMeasurement>
        {
            BenchMeasurement.From(scenario, $"Ja4Data ClickHouseClient.QueryAsync, {options.Concurrency} tasks", false, options.Select1Queries, "queries", 0, ours, BenchGoal.Queries),
            BenchMeasurement.From(scenario, $"Ja4Data ClickHouseClient.Query (sync), {options.Concurrency} threads", false, options.Select1Queries, "queries", 0, oursSync, BenchGoal.Queries),
        };
        if (tools?.BenchmarkPath is not null)
        {
            results.Add(BenchMeasurement.From(scenario, $"clickhouse-benchmark (C++) -c {options.Concurrency}", true, options.Select1Queries, "queries", 0, reference));
        }
        else
        {
            _notes.Add("clickhouse-benchmark is not installed: SELECT 1 has no reference.");
        }

        Report(results);
        return results;
    }

    private void Report(IEnumerable<BenchMeasurement> measurements)
    {
        foreach (var m in measurements)
        {
            var cpu = m.MedianCpuSeconds is { } c ? $", client CPU {Units.Seconds(c)}" : string.Empty;
            console.MarkupLine($"  {Markup.Escape(m.Scenario)} | {Markup.Escape(m.Contender)}: median {Units.Seconds(m.MedianSeconds)} ({Units.Count(m.Throughput)} {m.Unit}/s{cpu})");
        }
    }

    private static async Task ExpectCountAsync(ClickHouseClient client, string table, long expected, CancellationToken cancellationToken)
    {
        var count = Convert.ToInt64((await client.QueryAsync($"SELECT count() FROM {table}", cancellationToken: cancellationToken)).FirstValue, CultureInfo.InvariantCulture);
        if (count != expected)
        {
            throw new InvalidOperationException($"{table} holds {count} rows after the run, not {expected}.");
        }
    }
}
