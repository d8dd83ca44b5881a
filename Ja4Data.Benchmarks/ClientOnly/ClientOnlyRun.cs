using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ja4Data.Cli.Bench;
using Ja4Data.LocalServer;
using Ja4Data.Protocol.Compression;
using Ja4Data.TestSupport;

namespace Ja4Data.Benchmarks.ClientOnly;

/// <summary>
/// <c>client-only [--rows N] [--repeat R] [--out FILE]</c>: the client's own cost. A real 18.16 server answers one
/// SELECT of the generated ja4 HTTP-log rows and one INSERT of them through a <see cref="RecordingProxy"/>; then the
/// server is stopped and <see cref="ReplayServer"/> plays its recorded side from memory to every contender in turn
/// (Ja4Data's read and insert paths in this process, clickhouse-client as a child process), R times. Ratios are the
/// contender's median over clickhouse-client's median in the same run.
/// </summary>
internal static class ClientOnlyRun
{
    private const string Database = "ja4data_client_only";
    private const string Cpp = "clickhouse-client (C++)";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 1_000_000);
        var repeat = Option(args, "--repeat", 5);
        var output = OptionText(args, "--out");
        var work = Directory.CreateTempSubdirectory("ja4data-client-only-");
        try
        {
            var report = await MeasureAsync(rows, repeat, work.FullName);
            Console.WriteLine(report);
            if (output is not null)
            {
                await File.WriteAllTextAsync(output, report);
            }

            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<string> MeasureAsync(long rows, int repeat, string work)
    {
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "?";
        var dataset = BenchDataset.Generate(rows, 65_536, seed: 42, startUnixMs: 1_700_000_000_000);
        var tables = new BenchTables(Database);
        var native = Path.Combine(work, "rows.native");
        var select = $"SELECT * FROM {tables.SelectSource}";
        RecordedConversation selectRecording;
        RecordedConversation insertRecording;
        TimeSpan cppStartup;
        await using (var server = await LocalClickHouseServer.StartAsync(new LocalServerOptions { EnableTls = false }))
        {
            var real = Settings(server.TcpPort);
            await using (var client = new ClickHouseClient(real))
            {
                await tables.CreateAsync(client, CancellationToken.None);
                await Ja4DataContenders.InsertColumnarAsync(client, dataset, tables.SelectSource, CancellationToken.None);
                await client.CommandAsync($"OPTIMIZE TABLE {tables.SelectSource} FINAL");
            }

            using (var tools = Tools(real, work))
            {
                await tools.SelectToFileAsync($"{select} FORMAT Native", native, CancellationToken.None);
                cppStartup = await tools.StartupAsync(CancellationToken.None);
            }

            await using var proxy = new RecordingProxy(server.TcpPort);
            await using (var client = new ClickHouseClient(Settings(proxy.Port)))
            {
                await Ja4DataContenders.ReadAllAsync(client, select, CancellationToken.None);
            }

            selectRecording = await RecordedConversation.FromTurnsAsync(proxy.Turns, 1, "the SELECT");
            proxy.Clear();
            await using (var client = new ClickHouseClient(Settings(proxy.Port)))
            {
                await Ja4DataContenders.InsertColumnarAsync(client, dataset, tables.Null, CancellationToken.None);
            }

            insertRecording = await RecordedConversation.FromTurnsAsync(proxy.Turns, 2, "the INSERT");
        }

        var nativeBytes = new FileInfo(native).Length;
        await using var selectServer = ReplayServer.Select(selectRecording);
        await using var sink = ReplayServer.InsertSink(insertRecording);
        await using var reads = new ClickHouseClient(Settings(selectServer.Port));
        await using var inserts = new ClickHouseClient(Settings(sink.Port));
        using var selectTools = Tools(Settings(selectServer.Port), work);
        using var sinkTools = Tools(Settings(sink.Port), work);
        await CheckReplayAsync(selectTools, select, native, work);

        var benchmarksDll = typeof(ClientOnlyRun).Assembly.Location;
        var contenders = new List<Contender>
        {
            new("SELECT, warm", "Ja4Data DbDataReader, typed getters (async)", rows, () => InProcess(rows, () => Ja4DataContenders.ReadAllAsync(reads, select, CancellationToken.None))),
            new("SELECT, warm", "Ja4Data DbDataReader, typed getters (sync)", rows, () => InProcess(rows, () => Task.FromResult(ReadContenders.ReadTypedSync(reads, select)))),
            new("SELECT, warm", "Ja4Data DbDataReader.GetValues (boxed)", rows, () => InProcess(rows, () => ReadContenders.ReadBoxedAsync(reads, select))),
            new("SELECT, warm", "Ja4Data facade QueryAsync (whole result)", rows, () => InProcess(rows, async () => (await reads.QueryAsync(select)).ResultRows.Count)),
            new("SELECT, warm", Cpp, rows, () => Child(() => selectTools.SelectToFileAsync($"{select} FORMAT Native", "/dev/null", CancellationToken.None))),
            new("SELECT, cold (new process)", "Ja4Data typed getters, `dotnet Ja4Data.Benchmarks.dll cold-read`", rows, () => Child(() => TimedShell.RunAsync(
                $"dotnet {ExternalProcess.ShellQuote(benchmarksDll)} cold-read {selectServer.Port.ToString(CultureInfo.InvariantCulture)} {ExternalProcess.ShellQuote(select)}", "cold-read", work, CancellationToken.None))),
            new("SELECT, cold (new process)", Cpp, rows, () => Child(() => selectTools.SelectToFileAsync($"{select} FORMAT Native", "/dev/null", CancellationToken.None))),
            new("INSERT into a sink", "Ja4Data bulk writer, columnar", rows, () => InProcess(rows, () => Ja4DataContenders.InsertColumnarAsync(inserts, dataset, tables.Null, CancellationToken.None))),
            new("INSERT into a sink", "Ja4Data bulk writer, rows", rows, () => InProcess(rows, () => Ja4DataContenders.InsertBulkRowsAsync(inserts, dataset, tables.Null, CancellationToken.None))),
            new("INSERT into a sink", Cpp, rows, () => Child(() => sinkTools.InsertFromFileAsync($"INSERT INTO {tables.Null} FORMAT Native", native, CancellationToken.None))),
        };

        foreach (var contender in contenders)
        {
            await contender.Run(); // warm-up: JIT, pools, page cache
        }

        var samples = contenders.ToDictionary(c => c, _ => new List<Sample>());
        for (var i = 0; i < repeat; i++)
        {
            foreach (var contender in contenders)
            {
                samples[contender].Add(await contender.Run());
            }
        }

        var physical = PhysicalReference(await File.ReadAllBytesAsync(native));
        return Report(rows, nativeBytes, repeat, load, cppStartup, contenders, samples, physical);
    }

    private static async Task CheckReplayAsync(ClickHouseTools tools, string select, string native, string work)
    {
        // clickhouse-client re-serialises what it receives: from the replay it must write the real server's bytes.
        var replayed = Path.Combine(work, "replayed.native");
        await tools.SelectToFileAsync($"{select} FORMAT Native", replayed, CancellationToken.None);
        var fromReplay = await File.ReadAllBytesAsync(replayed);
        var fromServer = await File.ReadAllBytesAsync(native);
        if (!fromReplay.AsSpan().SequenceEqual(fromServer))
        {
            throw new InvalidOperationException("clickhouse-client read something else from the replay than from the server: the recording is not a whole conversation.");
        }

        File.Delete(replayed);
    }

    private static async Task<Sample> InProcess(long rows, Func<Task<long>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        long done = 0;
        var sample = await RunSample.MeasureAsync(async () => done = await run());
        return done == rows
            ? new Sample(sample, GC.GetTotalAllocatedBytes(precise: true) - allocated)
            : throw new InvalidOperationException($"A contender handled {done} rows, expected {rows}.");
    }

    private static async Task<Sample> Child(Func<Task<RunSample>> run) => new(await run());

    private static (double Lz4Seconds, double CopySeconds) PhysicalReference(byte[] payload)
    {
        var frames = new ArrayBufferWriterOfFrames(payload);
        var destination = new byte[CompressedFrame.MaxBlockSize];
        double best = double.MaxValue, bestCopy = double.MaxValue;
        var copy = new byte[payload.Length];
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            frames.DecompressAll(destination);
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
            started = Stopwatch.GetTimestamp();
            payload.AsSpan().CopyTo(copy);
            bestCopy = Math.Min(bestCopy, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        return (best, bestCopy);
    }

    private static string Report(
        long rows, long nativeBytes, int repeat, string load, TimeSpan cppStartup, List<Contender> contenders,
        Dictionary<Contender, List<Sample>> samples, (double Lz4Seconds, double CopySeconds) physical)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Client-only: {rows:N0} rows, {nativeBytes / 1e6:F1} MB Native payload, median of {repeat}; load average before the run: {load}; after: {File.ReadAllText("/proc/loadavg").Trim()}");
        text.AppendLine(inv, $"clickhouse-client start-up + connect + SELECT 1 against the real server: {cppStartup.TotalMilliseconds:F0} ms (inside every C++ time).");
        text.AppendLine(inv, $"Physical reference for the same bytes on this machine: LZ4 decompress + checksum {physical.Lz4Seconds * 1e3:F0} ms ({nativeBytes / physical.Lz4Seconds / 1e6:F0} MB/s), memory copy {physical.CopySeconds * 1e3:F0} ms ({nativeBytes / physical.CopySeconds / 1e6:F0} MB/s).");
        text.AppendLine();
        text.AppendLine("| Scenario | Contender | Median time | Rows/s | MB/s Native | CPU | Allocated / peak RSS | Time vs C++ | CPU vs C++ |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in contenders.GroupBy(c => c.Scenario))
        {
            var reference = group.Single(c => c.Name == Cpp);
            var refTime = Median(samples[reference].Select(s => s.Run.Elapsed.TotalSeconds));
            var refCpu = Median(samples[reference].Select(s => s.Run.Cpu?.TotalSeconds ?? double.NaN));
            foreach (var contender in group)
            {
                var list = samples[contender];
                var time = Median(list.Select(s => s.Run.Elapsed.TotalSeconds));
                var cpu = Median(list.Select(s => s.Run.Cpu?.TotalSeconds ?? double.NaN));
                var memory = list[0].Allocated is { } ? $"{Median(list.Select(s => (double)s.Allocated!.Value)) / 1e6:F0} MB allocated" : $"{Median(list.Select(s => (double)(s.Run.PeakBytes ?? 0))) / 1e6:F0} MB peak";
                text.AppendLine(inv, $"| {group.Key} | {contender.Name} | {time:F3} s | {rows / time:N0} | {nativeBytes / time / 1e6:F0} | {cpu:F3} s | {memory} | {time / refTime:F2}x | {cpu / refCpu:F2}x |");
            }
        }

        text.AppendLine();
        text.AppendLine("Ja4Data's in-process CPU includes the replay server's (sending from memory; for inserts, reading frame headers and skipping the rest), so its CPU ratios are upper bounds.");
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static ClickHouseSettings Settings(int port) => EndpointSettings.ForLoopback(port, ClickHouseCompression.Lz4) with
    {
        CommandTimeout = TimeSpan.FromMinutes(5),
        RetryMaxAttempts = 0,
        // A replay answers queries, not pings: contenders take turns for seconds, longer than the default 5 s.
        PoolValidateAfterIdle = TimeSpan.FromHours(1),
    };

    private static ClickHouseTools Tools(ClickHouseSettings settings, string work)
        => ClickHouseTools.Find(settings, work) ?? throw new InvalidOperationException("clickhouse-client is not on PATH: the client-only benchmark needs it as the reference.");

    private static int Option(string[] args, string name, int fallback)
        => OptionText(args, name) is { } text ? int.Parse(text.Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private sealed record Contender(string Scenario, string Name, long Rows, Func<Task<Sample>> Run);

    private readonly record struct Sample(RunSample Run, long? Allocated = null);

    /// <summary>The payload cut into LZ4 frames of the wire's size, to time decompression of exactly these bytes.</summary>
    private sealed class ArrayBufferWriterOfFrames
    {
        private readonly byte[] _frames;

        public ArrayBufferWriterOfFrames(byte[] payload)
        {
            var writer = new System.Buffers.ArrayBufferWriter<byte>(payload.Length / 2);
            for (var offset = 0; offset < payload.Length; offset += CompressedFrame.MaxBlockSize)
            {
                CompressedFrame.Write(payload.AsSpan(offset, Math.Min(CompressedFrame.MaxBlockSize, payload.Length - offset)), CompressionMethod.Lz4, writer);
            }

            _frames = writer.WrittenSpan.ToArray();
        }

        public void DecompressAll(byte[] destination)
        {
            for (var offset = 0; offset < _frames.Length;)
            {
                var header = CompressedFrame.ReadHeader(_frames.AsSpan(offset));
                CompressedFrame.Decompress(_frames.AsSpan(offset, header.FrameLength), header, destination.AsSpan(0, header.UncompressedSize));
                offset += header.FrameLength;
            }
        }
    }
}
