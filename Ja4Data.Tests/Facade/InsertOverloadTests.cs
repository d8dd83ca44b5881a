using System.Diagnostics.CodeAnalysis;

namespace Ja4Data.Tests.Facade;

/// <summary>
/// Positional rows written as they were before typed inserts existed must still compile to the positional overload.
/// The fake's typed members throw, so a call the compiler sent to <c>InsertAsync&lt;T&gt;</c> fails here.
/// </summary>
[TestFixture]
public sealed class InsertOverloadTests
{
    private static readonly string[] Columns = ["id", "ja4"];

    [Test]
    public async Task InsertAsync_PositionalRowShapes_ResolveToThePositionalOverload()
    {
        using var fake = new FakeClickHouseClient();

        await InsertPositionalRows(fake);

        Assert.That(fake.Inserts.SelectMany(i => i.Rows).Select(r => r[0]), Is.EqualTo(Enumerable.Range(1, 8).Select(i => (object?)(ulong)i)));
    }

    [Test]
    public void InsertAsync_Records_ResolveToTheTypedOverload()
    {
        using var fake = new FakeClickHouseClient();

        Assert.That(() => InsertRecords(fake), Throws.InstanceOf<NotSupportedException>());
        Assert.That(fake.Inserts, Is.Empty);
    }

    // Through the interface, as services call it: overload resolution on the interface is what is under test.
    [SuppressMessage("Performance", "CA1859", Justification = "The interface is the subject of the test.")]
    private static async Task InsertPositionalRows(IClickHouseClient client)
    {
        await client.InsertAsync("t", new[] { new object?[] { 1UL, "a" } }, Columns);
        await client.InsertAsync("t", new List<object?[]> { new object?[] { 2UL, "b" } });
        await client.InsertAsync("t", new IReadOnlyList<object?>[] { new object?[] { 3UL, "c" } });
        await client.InsertAsync("t", Enumerable.Range(4, 2).Select(i => new object?[] { (ulong)i, "d" }), cancellationToken: CancellationToken.None);
        await client.InsertAsync("t", [[6UL, "e"]], Columns);
        client.Insert("t", new[] { new object?[] { 7UL, "f" } });
        client.Insert("t", new List<IReadOnlyList<object?>> { new object?[] { 8UL, "g" } }, Columns);
    }

    [SuppressMessage("Performance", "CA1859", Justification = "The interface is the subject of the test.")]
    private static Task<long> InsertRecords(IClickHouseClient client) => client.InsertAsync("t", new[] { new Types.Mapping.Hit(1, "ip", 200, null, 0) });
}
