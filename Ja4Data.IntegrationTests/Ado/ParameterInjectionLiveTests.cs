using System.Text;
using Ja4Data.Ado.Binding;

namespace Ja4Data.IntegrationTests.Ado;

/// <summary>
/// reliability.md test 20 against the live 18.16 server (revision 54412: the client-side literal path). Hostile values
/// must come back byte for byte, and system.query_log must show exactly the one statement we sent.
/// </summary>
[TestFixture]
public sealed class ParameterInjectionLiveTests
{
    private static readonly string[] Named =
    [
        "", "\\", "a\\", "'", "''", "a\\' OR 1=1 --", "UTC') UNION ALL SELECT 1,2,3 --", "'); DROP TABLE t; --", "\"", "`", "``",
        "\0", "a\0b", "\n", "\r\n", "\t", "\b\f\x1B\x7F", "{p:String}", "{p:Identifier}", "?", "@x", "$1", "$$ $tag$", "--", "/*", "*/",
        "/* unterminated", "# comment", "\\x41", "\\N", "\u2018quoted\u2019", "\u201Cident\u201D", "\uFF07", "é", "😀", "\u2028\u0085\uFEFF",
        "SELECT 1; SELECT 2", new string('\\', 1001), new string('\'', 1000),
    ];

    private static string RandomHostile(Random random)
    {
        var sb = new StringBuilder();
        for (var i = random.Next(0, 10); i > 0; i--)
        {
            sb.Append(random.Next(3) == 0 ? ((char)random.Next(1, 0xD7FF)).ToString() : Named[random.Next(Named.Length)]);
        }

        return random.Next(6) == 0 ? sb.Append('\\').ToString() : sb.ToString();
    }

    [Test]
    public async Task NamedHostileStrings_RoundTripExactly_AsOneLoggedStatement()
    {
        await using var connection = await TestSettings.OpenAsync();
        Assert.That(connection.ServerRevision, Is.LessThan(54459), "this test is about the client-side literal path");
        var ids = new Dictionary<string, (string Value, string Sql)>(StringComparer.Ordinal);
        foreach (var value in Named)
        {
            var command = QueryLog.Logged(connection, "SELECT {p:String} AS v, length({p:String}) AS n");
            command.Parameters.AddWithValue("p", value);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.That(await reader.ReadAsync(), Is.True);
            Assert.That(reader.GetFieldValue<byte[]>(0), Is.EqualTo(Encoding.UTF8.GetBytes(value)), Show(value));
            Assert.That(reader.GetFieldValue<ulong>(1), Is.EqualTo((ulong)Encoding.UTF8.GetByteCount(value)));
            Assert.That(await reader.ReadAsync(), Is.False);
            ids[command.QueryId!] = (value, ParameterBinder.Bind(command.CommandText, command.Parameters, connection.ServerRevision).Sql);
        }

        var log = await QueryLog.StatementsAsync(TestServer.Endpoint, ids.Keys);
        Assert.Multiple(() =>
        {
            foreach (var (id, (value, sql)) in ids)
            {
                Assert.That(log.TryGetValue(id, out var entry), Is.True, $"no query_log row for {Show(value)}");
                Assert.That((entry.Started, entry.Finished), Is.EqualTo((1, 1)), Show(value));
                Assert.That(entry.Query, Is.EqualTo(sql), "the server logged exactly the statement we bound");
            }
        });
    }

    [Test]
    public async Task ThousandsOfRandomHostileStrings_RoundTripExactly()
    {
        var random = new Random(31337);
        await using var connection = await TestSettings.OpenAsync();
        var ids = new List<string>();
        for (var batch = 0; batch < 60; batch++)
        {
            var values = Enumerable.Range(0, 50).Select(_ => RandomHostile(random)).ToList();
            var command = QueryLog.Logged(connection, "SELECT " + string.Join(", ", values.Select((_, i) => $"{{p{i}:String}}")));
            for (var i = 0; i < values.Count; i++)
            {
                command.Parameters.AddWithValue($"p{i}", values[i]);
            }

            await using var reader = await command.ExecuteReaderAsync();
            Assert.That(await reader.ReadAsync(), Is.True);
            for (var i = 0; i < values.Count; i++)
            {
                Assert.That(reader.GetFieldValue<byte[]>(i), Is.EqualTo(Encoding.UTF8.GetBytes(values[i])), $"batch {batch} value {i}: {Show(values[i])}");
            }

            ids.Add(command.QueryId!);
        }

        var log = await QueryLog.StatementsAsync(TestServer.Endpoint, ids);
        Assert.That(ids.Select(id => log.TryGetValue(id, out var e) ? (e.Started, e.Finished) : (0, 0)), Is.All.EqualTo((1, 1)));
    }

    [Test]
    public async Task RandomBytes_IncludingInvalidUtf8_RoundTripExactly()
    {
        var random = new Random(7);
        await using var connection = await TestSettings.OpenAsync();
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            var command = connection.CreateCommand();
            command.CommandText = "SELECT {p:String}";
            command.Parameters.AddWithValue("p", bytes);
            Assert.That(await ReadBytesAsync(command), Is.EqualTo(bytes), Convert.ToHexString(bytes));
        }
    }

    private static async Task<byte[]> ReadBytesAsync(ClickHouseCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        return reader.GetFieldValue<byte[]>(0);
    }

    [Test]
    public async Task HostileIdentifiers_NameExactlyThatTableAndColumn()
    {
        string[] columns = ["a`b", "a\\", "`x` FROM t -- ", "it's", "{c:Identifier}", "`already quoted`", "é 😀"];
        var table = "t'; DROP TABLE x; --`" + Guid.NewGuid().ToString("N");
        await using var connection = await TestSettings.OpenAsync();
        var ddl = connection.CreateCommand();
        ddl.CommandText = $"CREATE TABLE {ClickHouseIdentifier.Quote(table)} ({string.Join(", ", columns.Select((c, i) => $"{ClickHouseIdentifier.Quote(c)} UInt32 DEFAULT {i}"))}, k UInt8) ENGINE = Memory";
        await ddl.ExecuteNonQueryAsync();
        try
        {
            ddl.CommandText = $"INSERT INTO {ClickHouseIdentifier.Quote(table)} (k) SELECT 1";
            await ddl.ExecuteNonQueryAsync();
            for (var i = 0; i < columns.Length; i++)
            {
                var command = QueryLog.Logged(connection, "SELECT {c:Identifier} FROM {t:Identifier}");
                command.Parameters.AddWithValue("c", columns[i]);
                command.Parameters.AddWithValue("t", table);
                Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo((uint)i), columns[i]);
            }
        }
        finally
        {
            ddl.CommandText = $"DROP TABLE IF EXISTS {ClickHouseIdentifier.Quote(table)}";
            await ddl.ExecuteNonQueryAsync();
        }
    }

    private static string Show(string s) => s.Length > 60 ? $"{s.Length} chars" : string.Concat(s.Select(c => c is >= ' ' and < '\x7F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
