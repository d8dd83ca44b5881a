namespace Ja4Data.IntegrationTests.Types;

/// <summary>
/// What 18.16 has of the exact-instant and typed-array work: it has no DateTime64, so <see cref="ClickHouseDateTime64"/>
/// values go into its DateTime and Date columns (whole seconds and days, truncated toward the past); and Array columns
/// filled from typed arrays, lists and memory (the unboxed path) must store what object elements store.
/// </summary>
[TestFixture]
public sealed class ExactInstantsAndTypedArraysLiveTests
{
    private static readonly string Table = TestSettings.UniqueTable("exact_typed");

    private const string Columns = "id UInt32, dt DateTime('UTC'), d Date, a Array(UInt32), an Array(Nullable(UInt32)), s Array(String), aa Array(Array(UInt32))";

    [TearDown]
    public Task DropAsync() => ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {Table}");

    [Test]
    public async Task Insert_TypedArraysAndExactInstants_ReadBackAsObjectElementsWould()
    {
        object?[][] typed =
        [
            [
                1u, ClickHouseDateTime64.Parse("2023-11-14 22:13:20.999999999"), ClickHouseDateTime64.Parse("2023-11-14 23:59:59.999999999"),
                new uint[] { 0, uint.MaxValue }, new uint?[] { null, 7 }, new List<string> { "a", "ü" }, new[] { new uint[] { 1 }, [] },
            ],
            [
                2u, ClickHouseDateTime64.Parse("1970-01-01 00:00:00.000000001"), ClickHouseDateTime64.Parse("2149-06-06 00:00:00"),
                new ReadOnlyMemory<uint>([9, 8, 7], 1, 2), new List<uint?> { 3 }, Array.Empty<string>(), new List<uint[]> { new uint[] { 2, 3 } },
            ],
        ];

        await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"CREATE TABLE {Table} ({Columns}) ENGINE = Memory");
        await using var connection = await TestSettings.OpenAsync();
        Assert.That(await connection.InsertAsync(Table, typed), Is.EqualTo(2));

        await using var command = new ClickHouseCommand($"SELECT * FROM {Table} ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        object?[][] expected =
        [
            [
                1u, new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), new DateOnly(2023, 11, 14),
                new uint[] { 0, uint.MaxValue }, new uint?[] { null, 7 }, new[] { "a", "ü" }, new[] { new uint[] { 1 }, [] },
            ],
            [
                2u, DateTime.UnixEpoch, new DateOnly(2149, 6, 6), new uint[] { 8, 7 }, new uint?[] { 3 }, Array.Empty<string>(), new[] { new uint[] { 2, 3 } },
            ],
        ];
        Assert.That(rows, Is.EqualTo(expected));
    }
}
