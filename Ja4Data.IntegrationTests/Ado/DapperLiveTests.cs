using System.Data;
using System.Net;
using Dapper;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.IntegrationTests.Ado;

/// <summary>
/// Dapper, as a service uses it, against the live 18.16 server (revision 54412: every value goes the client-side literal
/// path, with the older-server types). Dapper's settings and type handlers are process-wide statics, so the fixture runs
/// alone and puts back what it changes.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DapperLiveTests
{
    private static readonly string[] Hostile =
    [
        "", "'", "''", "\\", "a\\", "\\'", "'; DROP TABLE {table}; --", "x' OR '1'='1", "{x:String}", "{table:Identifier}", "@x", "@@x", "?", ":x",
        "\0", "a\0b", "\n\r\t\b\f", "\x1B\x7F", "--", "/* x", "*/", "$$ $tag$", "\\N", "\\x41", "\u2018\u2019\u201C\u201D", "é", "😀", "\u2028\uFEFF",
        "SELECT 1; SELECT 2", new string('\\', 301), new string('\'', 300),
    ];

    private string _table = null!;
    private ClickHouseConnection _connection = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _table = TestSettings.UniqueTable("dapper_hits");
        _connection = await TestSettings.OpenAsync();
        await _connection.ExecuteAsync(
            $"CREATE TABLE {_table} (id UInt64, status UInt16, ja4_fingerprint String, hit_count Nullable(UInt32), seen DateTime('UTC')) ENGINE = Memory");
        await _connection.ExecuteAsync(
            $"INSERT INTO {_table} SELECT number, [200, 404, 500][number % 3 + 1], concat('t13d', toString(number)), if(number % 4 = 0, NULL, toUInt32(number * 10)), "
            + "toDateTime(1700000000 + number, 'UTC') FROM numbers(12)");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _connection.ExecuteAsync($"DROP TABLE IF EXISTS {_table}");
        await _connection.DisposeAsync();
    }

    [Test]
    public void Query_WithAnAnonymousObject_BindsAtNames()
    {
        var hits = _connection.Query<Hit>($"SELECT id, status, ja4_fingerprint AS Ja4, hit_count AS Hits FROM {_table} WHERE status = @status AND id >= @from ORDER BY id", new { status = 404, from = 4L }).ToList();
        Assert.That(hits.Select(h => (h.Id, h.Status, h.Ja4, h.Hits)), Is.EqualTo(((ulong, int, string, long?)[])[(4, 404, "t13d4", null), (7, 404, "t13d7", 70), (10, 404, "t13d10", 100)]));
    }

    [Test]
    public async Task QueryAsync_QueryFirst_ExecuteScalar_AndNullParameters()
    {
        var ids = await _connection.QueryAsync<ulong>($"SELECT id FROM {_table} WHERE ja4_fingerprint = @ja4", new { ja4 = "t13d5" });
        Assert.That(ids, Is.EqualTo((ulong[])[5]));
        Assert.That(_connection.QueryFirst<string>($"SELECT ja4_fingerprint FROM {_table} WHERE seen > @since ORDER BY id", new { since = new DateTime(2023, 11, 14, 22, 13, 29, 500, DateTimeKind.Utc) }), Is.EqualTo("t13d10"));
        Assert.That(await _connection.QueryFirstOrDefaultAsync<string>($"SELECT ja4_fingerprint FROM {_table} WHERE id = @id", new { id = 99 }), Is.Null);
        Assert.That(_connection.ExecuteScalar<ulong>($"SELECT count() FROM {_table} WHERE status != @status", new { status = (ushort)200 }), Is.EqualTo(8));
        Assert.That(_connection.ExecuteScalar<byte>("SELECT isNull(@v)", new { v = (int?)null }), Is.EqualTo(1));
        Assert.That(_connection.ExecuteScalar<byte>("SELECT isNull(@v)", new { v = (string?)null }), Is.EqualTo(1));
        Assert.That(_connection.ExecuteScalar<string>("SELECT toTypeName(@c)", new { c = DayOfWeek.Friday }), Is.EqualTo("Int32"), "Dapper passes an enum as its number");
    }

    [Test]
    public void Values_OfEveryCommonType_RoundTrip()
    {
        var guid = Guid.NewGuid();
        var when = DateTime.UnixEpoch.AddSeconds(1_700_000_000);
        var row = _connection.QuerySingle<Values>(
            "SELECT @flag AS Flag, @big AS Big, @ratio AS Ratio, @price AS Price, @text AS Text, @id AS Id, @when AS When, @day AS Day, hex(@blob) AS Blob",
            new { flag = true, big = long.MinValue, ratio = 0.1, price = 12.34m, text = "Grüße", id = guid, when, day = new DateOnly(2024, 2, 29), blob = new byte[] { 0, 0xFF, 0x27 } });
        Assert.That(
            (row.Flag, row.Big, row.Ratio, row.Price, row.Text, row.Id, row.When, row.Day, row.Blob),
            Is.EqualTo((true, long.MinValue, 0.1, 12.34m, "Grüße", guid, when, new DateOnly(2024, 2, 29), "00FF27")));
    }

    [Test]
    public void InList_FromAnyEnumerable_FiltersByItsElements()
    {
        string Ids(string op, object codes) => string.Join(",", _connection.Query<ulong>($"SELECT id FROM {_table} WHERE status {op} @codes ORDER BY id", new { codes }));

        Assert.That(Ids("IN", new List<ushort> { 200, 500 }), Is.EqualTo("0,2,3,5,6,8,9,11"));
        Assert.That(Ids("IN", new[] { 404 }), Is.EqualTo("1,4,7,10"));
        Assert.That(Ids("NOT IN", Enumerable.Range(4, 1).Select(i => i * 100 + 4)), Is.EqualTo("0,2,3,5,6,8,9,11"));
        Assert.That(Ids("IN", Array.Empty<int>()), Is.Empty);
        Assert.That(Ids("NOT IN", new List<long>()), Is.EqualTo("0,1,2,3,4,5,6,7,8,9,10,11"));
        Assert.That(
            _connection.Query<ulong>($"SELECT id FROM {_table} WHERE ja4_fingerprint IN @names ORDER BY id", new { names = new[] { "t13d1", "it's", "t13d11" } }),
            Is.EqualTo((ulong[])[1, 11]));
    }

    [Test]
    public void DynamicParameters_WithTypedPlaceholders_AndWithAtNames()
    {
        var typed = new DynamicParameters();
        typed.Add("status", 404);
        typed.Add("@prefix", "t13d1");
        Assert.That(_connection.Query<ulong>($"SELECT id FROM {_table} WHERE status = {{status:UInt16}} AND startsWith(ja4_fingerprint, {{prefix:String}}) ORDER BY id", typed), Is.EqualTo((ulong[])[1, 10]));

        var named = new DynamicParameters();
        named.Add("status", 500, DbType.UInt16);
        named.Add("ids", new[] { 2, 5, 6 });
        Assert.That(_connection.Query<ulong>($"SELECT id FROM {_table} WHERE status = @status AND id IN @ids ORDER BY id", named), Is.EqualTo((ulong[])[2, 5]));
    }

    [Test]
    public void TypedPlaceholders_WithAnAnonymousObject_FailClearly_BecauseDapperDropsMembersItCannotSee()
    {
        var ex = Assert.Throws<ArgumentException>(() => _connection.Query<ulong>($"SELECT id FROM {_table} WHERE status = {{status:UInt16}}", new { status = 404 }));
        Assert.That(ex!.Message, Does.Contain("{status:UInt16}").And.Contain("'status'"));
    }

    [Test]
    public void LiteralTokens_AreInlinedByDapper()
        => Assert.That(_connection.Query<ulong>($"SELECT id FROM {_table} ORDER BY id LIMIT {{=n}}", new { n = 2 }), Is.EqualTo((ulong[])[0, 1]));

    [Test]
    public void Execute_RunsDdl()
    {
        var other = TestSettings.UniqueTable("dapper_ddl");
        Assert.That(_connection.Execute($"CREATE TABLE {other} (k UInt8) ENGINE = Memory"), Is.Zero);
        Assert.That(_connection.ExecuteScalar<ulong>("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = @other", new { other }), Is.EqualTo(1));
        _connection.Execute($"DROP TABLE {other}");
        Assert.That(_connection.ExecuteScalar<ulong>("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = @other", new { other }), Is.Zero);
    }

    [Test]
    public async Task Execute_WithASequence_RunsOneInsertPerRow()
    {
        var rows = Enumerable.Range(100, 5).Select(i => new { Id = (ulong)i, Status = 201, Ja4 = $"row'{i}", Hits = i % 2 == 0 ? (int?)null : i, Seen = DateTime.UnixEpoch.AddDays(i) }).ToList();
        var affected = await _connection.ExecuteAsync($"INSERT INTO {_table} SELECT @Id, @Status, @Ja4, @Hits, @Seen", rows);
        Assert.That(affected, Is.EqualTo(_connection.ServerRevision >= 54420 ? 5 : 0), "servers before revision 54420 report no written rows");
        var back = _connection.Query<(ulong, string, long?, DateTime)>($"SELECT id, ja4_fingerprint, hit_count, seen FROM {_table} WHERE status = 201 ORDER BY id").ToList();
        Assert.That(back, Is.EqualTo(rows.Select(r => (r.Id, r.Ja4, (long?)r.Hits, r.Seen))));
    }

    [Test]
    public async Task Execute_ValuesWithAtNames_OneRowPerElement_CountsTheRowsWritten()
    {
        // The rows travel as data blocks on every server, so the count is known even where INSERT ... SELECT reports none.
        var rows = Enumerable.Range(200, 5).Select(i => new { Id = (ulong)i, Status = 202, Ja4 = Hostile[i % Hostile.Length], Hits = i % 2 == 0 ? (int?)null : i, Seen = DateTime.UnixEpoch.AddDays(i) }).ToList();
        Assert.That(await _connection.ExecuteAsync($"INSERT INTO {_table} VALUES (@Id, @Status, @Ja4, @Hits, @Seen)", rows), Is.EqualTo(5));
        var back = _connection.Query<(ulong, string, long?, DateTime)>($"SELECT id, ja4_fingerprint, hit_count, seen FROM {_table} WHERE status = 202 ORDER BY id").ToList();
        Assert.That(back, Is.EqualTo(rows.Select(r => (r.Id, r.Ja4, (long?)r.Hits, r.Seen))));

        // A row mixing @name values, literals and an expression over an @name value: the server evaluates the expression.
        Assert.That(_connection.Execute($"INSERT INTO {_table} (id, status, ja4_fingerprint, seen) VALUES (@Id, 203, concat(@Ja4, '!'), now()), (@Id + 1, 203, 'lit', '2024-01-02 03:04:05')", new { Id = 300UL, Ja4 = "x'); DROP TABLE t; --" }), Is.EqualTo(2));
        Assert.That(_connection.Query<string>($"SELECT ja4_fingerprint FROM {_table} WHERE status = 203 ORDER BY id"), Is.EqualTo(new[] { "x'); DROP TABLE t; --!", "lit" }));
    }

    [Test]
    public void HostileStrings_StayData()
    {
        Assert.Multiple(() =>
        {
            foreach (var value in Hostile)
            {
                Assert.That(_connection.ExecuteScalar<string>("SELECT @value", new { value }), Is.EqualTo(value), Show(value));
                Assert.That(_connection.ExecuteScalar<ulong>("SELECT length(@value)", new { value }), Is.EqualTo((ulong)System.Text.Encoding.UTF8.GetByteCount(value)), Show(value));
            }
        });

        var ids = Enumerable.Range(1000, Hostile.Length).Select(i => (ulong)i).ToList();
        _connection.Execute($"INSERT INTO {_table} SELECT @Id, 0, @Text, NULL, now()", ids.Select((id, i) => new { Id = id, Text = Hostile[i].Replace("{table}", _table, StringComparison.Ordinal) }));
        var stored = _connection.Query<string>($"SELECT ja4_fingerprint FROM {_table} WHERE id >= 1000 ORDER BY id").ToList();
        Assert.That(stored, Is.EqualTo(Hostile.Select(h => h.Replace("{table}", _table, StringComparison.Ordinal))));
        Assert.That(_connection.ExecuteScalar<ulong>($"SELECT count() FROM {_table} WHERE ja4_fingerprint IN @all", new { all = stored }), Is.EqualTo((ulong)Hostile.Length));
    }

    [Test]
    public void SnakeCaseColumns_MapToPascalCaseMembers_WithMatchNamesWithUnderscores()
    {
        var before = DefaultTypeMap.MatchNamesWithUnderscores;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        try
        {
            var hit = _connection.QuerySingle<SnakeHit>($"SELECT id, ja4_fingerprint, hit_count FROM {_table} WHERE id = @id /* snake */", new { id = 3 });
            Assert.That((hit.Id, hit.Ja4Fingerprint, hit.HitCount), Is.EqualTo((3UL, "t13d3", 30L)));
        }
        finally
        {
            DefaultTypeMap.MatchNamesWithUnderscores = before;
            SqlMapper.PurgeQueryCache();
        }
    }

    [Test]
    public void QueryMultiple_WithSeveralStatements_IsNotSupported_AndSaysSo()
    {
        var ex = Assert.Throws<NotSupportedException>(() => _connection.QueryMultiple("SELECT 1; SELECT @x", new { x = 2 }));
        Assert.That(ex!.Message, Does.Contain("more than one statement").And.Contain("QueryMultiple"));

        using var grid = _connection.QueryMultiple("SELECT @x", new { x = 2 });
        Assert.That(grid.Read<int>(), Is.EqualTo((int[])[2]));
    }

    [Test]
    public void AnAtNameWithoutAValue_IsNamed()
    {
        var ex = Assert.Throws<ArgumentException>(() => _connection.ExecuteScalar<int>("SELECT @given + @missing", new { given = 1, missing_not = 2 }));
        Assert.That(ex!.Message, Does.Contain("@missing").And.Contain("'missing'"));
    }

    [Test]
    public void Addresses_PassThroughATypeHandler_AsTheirText()
    {
        SqlMapper.AddTypeHandler(new AddressHandler());
        try
        {
            Assert.That(_connection.ExecuteScalar<string>("SELECT toString(@ip)", new { ip = IPAddress.Parse("10.1.2.3") }), Is.EqualTo("10.1.2.3"));
            Assert.That(_connection.ExecuteScalar<byte>("SELECT IPv4StringToNum(@ip) = IPv4StringToNum('10.1.2.3')", new { ip = IPAddress.Parse("10.1.2.3") }), Is.EqualTo(1));
        }
        finally
        {
            SqlMapper.ResetTypeHandlers();
        }
    }

    private static string Show(string s) => s.Length > 40 ? $"{s.Length} chars" : string.Concat(s.Select(c => c is >= ' ' and < '\x7F' ? c.ToString() : $"\\u{(int)c:X4}"));

    private sealed class Hit
    {
        public ulong Id { get; set; }

        public int Status { get; set; }

        public string Ja4 { get; set; } = string.Empty;

        public long? Hits { get; set; }
    }

    private sealed class Values
    {
        public bool Flag { get; set; }

        public long Big { get; set; }

        public double Ratio { get; set; }

        public decimal Price { get; set; }

        public string Text { get; set; } = string.Empty;

        public Guid Id { get; set; }

        public DateTime When { get; set; }

        public DateOnly Day { get; set; }

        public string Blob { get; set; } = string.Empty;
    }

    private sealed class SnakeHit
    {
        public ulong Id { get; set; }

        public string Ja4Fingerprint { get; set; } = string.Empty;

        public long? HitCount { get; set; }
    }

    // Dapper knows no IPAddress; a handler that hands the value over as it is lets Ja4Data type it (IPv4/IPv6, or text).
    private sealed class AddressHandler : SqlMapper.TypeHandler<IPAddress>
    {
        public override void SetValue(IDbDataParameter parameter, IPAddress? value) => parameter.Value = value;

        public override IPAddress? Parse(object value) => value as IPAddress ?? IPAddress.Parse((string)value);
    }
}
