using Ja4Data.LocalServer;
using Ja4Data.Protocol;
using Ja4Data.Tests.Conformance;

namespace Ja4Data.Tests.Fuzzing;

/// <summary>
/// Regenerates the fuzzer's seed corpus (Ja4Data.Tests/Fuzzing/Corpus) from real peers; explicit, because it needs a
/// clickhouse-server binary and chDB, and its output is checked in so that CI and the campaign run without either:
/// <list type="bullet">
/// <item>ClickHouse 18.16 through a recording <see cref="FaultProxy"/>: its Hello, the answers to queries over every
/// type it has (plus exceptions, progress, totals, extremes) and an INSERT's header, uncompressed and LZ4;</item>
/// <item>chDB's Native output for every case of the conformance suite (<see cref="ConformanceCases"/>), as Native
/// files and, for one-column results, as the Data packet a current-revision server sends.</item>
/// </list>
/// Every seed is run through <see cref="FuzzHarness"/> before it is written: a seed must decode (or, for an
/// exception, fail as the server said), or it would only teach the fuzzer about inputs the client rejects anyway.
/// Run: <c>dotnet test Ja4Data.Tests -c Release --filter FullyQualifiedName~SeedRecorder</c>.
/// </summary>
[TestFixture]
[Explicit("Regenerates the checked-in seed corpus; needs clickhouse-server and chDB.")]
[NonParallelizable]
public sealed class SeedRecorder
{
    // Seeds stay small: the bounds fuzzed are about what a few bytes claim, and small inputs run fast.
    private const int MaxSeedBytes = 48 << 10;

    private const string Types1816 =
        "toUInt8(255) AS u8, toUInt16(65535) AS u16, toUInt32(4294967295) AS u32, toUInt64(18446744073709551615) AS u64, "
        + "toInt8(-128) AS i8, toInt16(-32768) AS i16, toInt32(-2147483648) AS i32, toInt64(-9223372036854775808) AS i64, "
        + "toFloat32(1.5) AS f32, toFloat64(-2.25) AS f64, 'text' AS s, toFixedString('ab', 4) AS fs, toDate('2020-02-29') AS d, "
        + "toDateTime('2020-02-29 12:34:56', 'UTC') AS dt, toUUID('550e8400-e29b-41d4-a716-446655440000') AS id, "
        + "CAST('b', 'Enum8(\\'a\\' = -128, \\'b\\' = 127)') AS e8, CAST('y', 'Enum16(\\'x\\' = -32768, \\'y\\' = 32767)') AS e16, "
        + "toDecimal32(-1.5, 4) AS d32, toDecimal64(123456.789, 6) AS d64, toDecimal128(-99999.5, 20) AS d128";

    private static readonly (string Name, string Sql)[] Queries1816 =
    [
        ("select-scalars", $"SELECT {Types1816}"),
        ("select-scalars-rows", $"SELECT number AS n, {Types1816} FROM system.numbers LIMIT 3"),
        ("select-nullable", "SELECT if(number % 2 = 0, NULL, number) AS a, if(number = 1, NULL, toString(number)) AS b, NULL AS c FROM system.numbers LIMIT 4"),
        ("select-arrays", "SELECT [number, number * 2] AS a, [[1, 2], [], [3]] AS aa, ['x', NULL] AS an, [] AS e FROM system.numbers LIMIT 3"),
        ("select-tuples", "SELECT (1, 'a', NULL, [1, 2]) AS t, ((1, (2, 'b')), [(3, 'c')]) AS tt"),
        ("select-lowcardinality", "SELECT toLowCardinality(toString(number % 3)) AS l, CAST(if(number % 2 = 0, NULL, toString(number)), 'LowCardinality(Nullable(String))') AS ln FROM system.numbers LIMIT 10 SETTINGS allow_experimental_low_cardinality_type = 1"),
        ("select-strings", "SELECT arrayJoin(['', 'a', 'tab\\there', 'nul\\0byte', 'ünïcødé 日本']) AS s"),
        ("select-blocks-progress", "SELECT number AS n, toString(number) AS s FROM system.numbers LIMIT 1500 SETTINGS max_block_size = 500"),
        ("select-totals", "SELECT number % 3 AS k, count() AS c FROM (SELECT number FROM system.numbers LIMIT 10) GROUP BY k WITH TOTALS ORDER BY k"),
        ("select-extremes", "SELECT number AS n FROM system.numbers LIMIT 5 SETTINGS extremes = 1"),
        ("select-empty", "SELECT number AS n, toString(number) AS s FROM system.numbers LIMIT 0"),
        ("exception-unknown-table", "SELECT * FROM no_such_table"),
        ("exception-mid-stream", "SELECT throwIf(number = 700) AS x FROM system.numbers LIMIT 1000 SETTINGS max_block_size = 100"),
    ];

    private const string InsertTable =
        "CREATE TABLE t (u8 UInt8, i64 Int64, f Float64, s String, fs FixedString(3), d Date, dt DateTime, id UUID, "
        + "e Enum8('a' = 1, 'b' = 2), dec Decimal(18, 4), n Nullable(String), a Array(Nullable(UInt32)), "
        + "t Tuple(UInt8, String), x UInt64 DEFAULT u8 + 1) ENGINE = Memory";

    [Test]
    public async Task Record_RegeneratesTheSeedCorpus()
    {
        var directory = FuzzCorpus.SeedDirectory;
        foreach (var old in Directory.EnumerateFiles(directory, "*.bin"))
        {
            File.Delete(old);
        }

        await using var harness = new FuzzHarness();
        var written = 0;
        foreach (var seed in Record1816Async().ToBlockingEnumerable().Concat(RecordChDb()))
        {
            if (seed.Bytes.Length > MaxSeedBytes)
            {
                TestContext.Out.WriteLine($"skipped {seed.Target}.{seed.Name}: {seed.Bytes.Length} bytes");
                continue;
            }

            var result = await harness.RunAsync(seed);
            var expected = seed.Name.StartsWith("exception-", StringComparison.Ordinal) ? FuzzVerdict.ClickHouseError : FuzzVerdict.Success;
            if (result.Verdict != expected)
            {
                TestContext.Out.WriteLine($"skipped {seed.Target}.{seed.Name}: {result}");
                continue;
            }

            FuzzCorpus.Write(directory, seed);
            written++;
        }

        TestContext.Out.WriteLine($"{written} seeds written to {directory}");
        Assert.That(written, Is.GreaterThan(100));
    }

    private static async IAsyncEnumerable<FuzzCase> Record1816Async()
    {
        await using var server = await LocalClickHouseServer.StartAsync(new LocalServerOptions { EnableTls = false });
        await using var proxy = new FaultProxy(server.TcpPort);
        var setup = EndpointSettings.For(server.Endpoint);
        await using (var connection = new ClickHouseConnection(setup))
        {
            await connection.OpenAsync();
            await new ClickHouseCommand(InsertTable, connection).ExecuteNonQueryAsync();
        }

        foreach (var compression in new[] { ClickHouseCompression.None, ClickHouseCompression.Lz4 })
        {
            var settings = EndpointSettings.ForLoopback(proxy.Port, compression) with { RetryMaxAttempts = 0 };
            var tag = compression.ToString().ToLowerInvariant();
            foreach (var (name, sql) in Queries1816)
            {
                var (hello, answer) = await RecordAsync(proxy, settings, connection => ReadAllAsync(connection, sql));
                if (name == Queries1816[0].Name)
                {
                    yield return new FuzzCase("clickhouse-18.16", new FuzzTarget(FuzzClient.Hello, FuzzTarget.Revision1816, compression), hello);
                }

                yield return new FuzzCase($"{name}-{tag}", new FuzzTarget(FuzzClient.Reader, FuzzTarget.Revision1816, compression), answer);
            }

            var (_, insert) = await RecordAsync(proxy, settings, async connection =>
            {
                await using var writer = await connection.CreateBulkWriterAsync("t");
                await writer.CompleteAsync();
            });
            yield return new FuzzCase($"insert-header-{tag}", new FuzzTarget(FuzzClient.BulkWriter, FuzzTarget.Revision1816, compression), insert);
        }
    }

    // One conversation on its own connection: what the server sent up to the end of the handshake, and after it.
    private static async Task<(byte[] Hello, byte[] Answer)> RecordAsync(FaultProxy proxy, ClickHouseSettings settings, Func<ClickHouseConnection, Task> conversation)
    {
        using var recorded = new MemoryStream();
        proxy.ServerBytes = recorded;
        try
        {
            await using var source = new ClickHouseDataSource(settings);
            await using var connection = await source.OpenConnectionAsync();
            byte[] hello;
            lock (recorded)
            {
                hello = recorded.ToArray();
            }

            try
            {
                await conversation(connection);
            }
            catch (ClickHouseServerException)
            {
                // The exception seeds: the server's error is the recording.
            }

            lock (recorded)
            {
                return (hello, recorded.ToArray()[hello.Length..]);
            }
        }
        finally
        {
            proxy.ServerBytes = null;
        }
    }

    private static async Task ReadAllAsync(ClickHouseConnection connection, string sql)
    {
        await using var reader = await new ClickHouseCommand(sql, connection).ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }

    // chDB's Native output per conformance case: the file as it is, and for a one-column block the Data packet a
    // current-revision server sends for it (packet type, table name, block info, and the per-column "no custom
    // serialization" byte that the file format leaves out), followed by the end of the stream.
    private static IEnumerable<FuzzCase> RecordChDb()
    {
        var chDb = ChDbRequirement.Shared;
        foreach (var (name, sql) in ConformanceCases.All)
        {
            var native = chDb.QueryBytes(NativeConformanceTests.WithSettings(sql), "Native");
            var seedName = name.ToLowerInvariant().Replace('_', '-');
            yield return new FuzzCase(seedName, new FuzzTarget(FuzzClient.Native, 0, ClickHouseCompression.None), native);
            if (AsDataPacket(native) is { } packet)
            {
                yield return new FuzzCase(seedName, new FuzzTarget(FuzzClient.Reader, ProtocolRevision.Current, ClickHouseCompression.None), packet);
            }
        }
    }

    private static byte[]? AsDataPacket(byte[] native)
    {
        using var stream = new MemoryStream(native);
        var reader = new BinaryReader(stream);
        if (native.Length == 0 || Read7BitEncodedUInt64(reader) != 1)
        {
            return null;
        }

        var rows = Read7BitEncodedUInt64(reader);
        var name = reader.ReadString();
        var type = reader.ReadString();
        var data = native[(int)stream.Position..];
        var packet = new WireBytes()
            .Var((ulong)ServerPacketType.Data).Str(string.Empty)
            .Var(1).Byte(0).Var(2).Int32(-1).Var(0)
            .Var(1).Var(rows).Str(name).Str(type).Byte(0).Bytes(data)
            .Var((ulong)ServerPacketType.EndOfStream);
        return packet.ToArray();
    }

    // VarUInt and BinaryReader's 7-bit encoding are the same LEB128.
    private static ulong Read7BitEncodedUInt64(BinaryReader reader) => (ulong)reader.Read7BitEncodedInt64();
}
