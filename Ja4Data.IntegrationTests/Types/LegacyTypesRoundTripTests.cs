using System.Diagnostics;
using System.Text;

namespace Ja4Data.IntegrationTests.Types;

/// <summary>
/// Every column type ClickHouse 18.16 knows, through the live server: created, inserted by Ja4Data, read back by
/// Ja4Data, and read by the server's own clickhouse-client in TSV (its rendering) and Native (decoded by NativeFormat).
/// </summary>
[TestFixture]
public sealed class LegacyTypesRoundTripTests
{
    private const string ClientPath = "/usr/bin/clickhouse-client";

    private static readonly (string Name, string Type)[] Columns =
    [
        ("id", "UInt32"), ("u8", "UInt8"), ("u16", "UInt16"), ("u64", "UInt64"), ("i8", "Int8"), ("i16", "Int16"), ("i32", "Int32"),
        ("i64", "Int64"), ("f32", "Float32"), ("f64", "Float64"), ("s", "String"), ("fs", "FixedString(4)"), ("d", "Date"),
        ("dt", "DateTime('UTC')"), ("dtz", "DateTime('Asia/Tokyo')"), ("dec9", "Decimal(9, 2)"), ("dec18", "Decimal(18, 6)"),
        ("dec38", "Decimal(38, 10)"), ("uuid", "UUID"), ("e8", "Enum8('a' = 1, 'b' = -2)"), ("e16", "Enum16('x' = -1000, 'y' = 1000)"),
        ("ns", "Nullable(String)"), ("ni", "Nullable(Int64)"), ("arr", "Array(UInt64)"), ("arrn", "Array(Nullable(String))"),
        ("arr2", "Array(Array(Int32))"), ("tup", "Tuple(UInt8, String)"), ("lc", "LowCardinality(String)"),
        ("lcn", "LowCardinality(Nullable(String))"), ("lca", "Array(LowCardinality(String))"),
    ];

    private static readonly object?[][] Inserted =
    [
        [
            1u, (byte)255, (ushort)65535, ulong.MaxValue, (sbyte)-128, (short)-32768, int.MinValue, long.MinValue, 1.5f, 0.1,
            "tab\there 'q' \\ ü", new byte[] { 0x61, 0x62, 0, 0 }, new DateOnly(2020, 2, 29), new DateTime(2020, 1, 1, 12, 34, 56, DateTimeKind.Utc),
            new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), 1.23m, -123456.654321m, ClickHouseDecimal.Parse("-1234567890123456789012345678.0123456789"),
            Guid.Parse("550e8400-e29b-41d4-a716-446655440000"), "b", "x", "x", 42L, new ulong[] { 1, 2 }, new string?[] { null, "n" },
            new[] { new[] { 1 }, Array.Empty<int>() }, new object?[] { (byte)7, "t" }, "k1", null, new[] { "p", "q", "p" },
        ],
        [
            2u, (byte)0, (ushort)0, 0UL, (sbyte)127, (short)32767, int.MaxValue, long.MaxValue, float.NegativeInfinity, 1e300,
            string.Empty, new byte[4], new DateOnly(1970, 1, 1), DateTime.UnixEpoch, new DateTime(2106, 2, 7, 6, 28, 15, DateTimeKind.Utc),
            0m, 0.000001m, ClickHouseDecimal.Parse("0.0000000001"), Guid.Empty, "a", "y", null, null, Array.Empty<ulong>(), Array.Empty<string?>(),
            Array.Empty<int[]>(), new object?[] { (byte)0, string.Empty }, "k1", "", Array.Empty<string>(),
        ],
    ];

    // What clickhouse-client (18.16) prints for the rows above in TabSeparated. 18.16 quirks: day 0 and second 0 print as
    // 0000-00-00 (00:00:00), and the last DateTime second shifted into Asia/Tokyo wraps to 1970; the values themselves
    // are right, as the Native and protocol read-backs show.
    private static readonly string[] ExpectedTsv =
    [
        "1\t255\t65535\t18446744073709551615\t-128\t-32768\t-2147483648\t-9223372036854775808\t1.5\t0.1\ttab\\there \\'q\\' \\\\ ü\tab\\0\\0\t2020-02-29\t2020-01-01 12:34:56\t2020-01-01 09:00:00\t1.23\t-123456.654321\t-1234567890123456789012345678.0123456789\t550e8400-e29b-41d4-a716-446655440000\tb\tx\tx\t42\t[1,2]\t[NULL,'n']\t[[1],[]]\t(7,'t')\tk1\t\\N\t['p','q','p']",
        "2\t0\t0\t0\t127\t32767\t2147483647\t9223372036854775807\t-inf\t1e300\t\t\\0\\0\\0\\0\t0000-00-00\t0000-00-00 00:00:00\t1970-01-01 15:28:15\t0.00\t0.000001\t0.0000000001\t00000000-0000-0000-0000-000000000000\ta\ty\t\\N\t\\N\t[]\t[]\t[]\t(0,'')\tk1\t\t[]",
    ];

    private string _table = string.Empty;

    [OneTimeSetUp]
    public async Task CreateAndInsert()
    {
        _table = TestSettings.UniqueTable("legacy_types");
        await using var connection = await TestSettings.OpenAsync();
        await Execute(connection, "SET allow_experimental_low_cardinality_type = 1");
        await Execute(connection, $"CREATE TABLE {_table} ({string.Join(", ", Columns.Select(c => $"{c.Name} {c.Type}"))}) ENGINE = Memory");
        var inserted = await connection.InsertAsync(_table, Inserted);
        Assert.That(inserted, Is.EqualTo(Inserted.Length));
    }

    [OneTimeTearDown]
    public async Task Drop()
    {
        await using var connection = await TestSettings.OpenAsync();
        await Execute(connection, $"DROP TABLE IF EXISTS {_table}");
    }

    [Test]
    public async Task ReadBack_ThroughTheProtocol_GivesTheInsertedValues()
    {
        await using var connection = await TestSettings.OpenAsync();
        await using var command = new ClickHouseCommand($"SELECT * FROM {_table} ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
        }

        AssertRows(rows);
    }

    [Test]
    public void ClickHouseClient_RendersTheInsertedValues()
    {
        var tsv = Encoding.UTF8.GetString(RunClient($"SELECT * FROM {_table} ORDER BY id FORMAT TabSeparated"));
        Assert.That(tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(ExpectedTsv));
    }

    [Test]
    public void ClickHouseClient_NativeOutput_DecodesToTheInsertedValues()
    {
        var native = RunClient($"SELECT * FROM {_table} ORDER BY id FORMAT Native");
        var blocks = NativeFormat.ReadBlocks(new MemoryStream(native)).ToList();
        Assert.That(blocks.SelectMany(b => b.ColumnNames).Distinct(), Is.EqualTo(Columns.Select(c => c.Name)));
        AssertRows([.. blocks.SelectMany(b => b.ResultRows)]);
    }

    private static void AssertRows(List<object?[]> rows)
    {
        Assert.That(rows, Has.Count.EqualTo(Inserted.Length));
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < Columns.Length; c++)
            {
                Assert.That(rows[r][c], Is.EqualTo(Inserted[r][c]), $"row {r}, column {Columns[c].Name} ({Columns[c].Type})");
            }
        }
    }

    private static async Task Execute(ClickHouseConnection connection, string sql)
    {
        await using var command = new ClickHouseCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static byte[] RunClient(string query)
    {
        if (!File.Exists(ClientPath))
        {
            Assert.Ignore($"{ClientPath} is missing: install clickhouse-client to run this test.");
        }

        var endpoint = TestServer.Endpoint;
        var startInfo = new ProcessStartInfo(ClientPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--host", endpoint.Host, "--port", endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user", endpoint.User, "--query", query })
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (endpoint.Password.Length > 0)
        {
            startInfo.ArgumentList.Add("--password");
            startInfo.ArgumentList.Add(endpoint.Password);
        }

        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            Assert.Fail("clickhouse-client did not finish within 60 s");
        }

        Assert.That(process.ExitCode, Is.Zero, () => "clickhouse-client failed: " + stderr.Result);
        return output.ToArray();
    }
}
