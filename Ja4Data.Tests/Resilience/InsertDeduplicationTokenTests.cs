using System.Net;
using Ja4Data.Core.Resilience;
using Ja4Data.Protocol.Packets;

namespace Ja4Data.Tests.Resilience;

[TestFixture]
public sealed class InsertDeduplicationTokenTests
{
    private static readonly string[] Columns = ["ts", "ja4", "ip", "hits", "tags"];

    private static List<IReadOnlyList<object?>> Batch() =>
    [
        [new DateTime(2026, 8, 1, 12, 0, 0, DateTimeKind.Utc), "t13d1516h2_8daaf6152771_e5627efa2ab1", IPAddress.Parse("10.0.0.1"), 42UL, new[] { "a", "b" }],
        [new DateTime(2026, 8, 1, 12, 0, 1, DateTimeKind.Utc), "t13d1516h2_8daaf6152771_02713d6af862", IPAddress.Parse("::1"), 7UL, Array.Empty<string>()],
        [new DateTime(2026, 8, 1, 12, 0, 2, DateTimeKind.Utc), null, IPAddress.Parse("10.0.0.2"), 0UL, new List<string> { "c" }],
    ];

    private static string Token(IReadOnlyList<IReadOnlyList<object?>> rows, string table = "ja4_logs.http", IReadOnlyList<string>? columns = null, int blockSize = 65536)
        => InsertDeduplicationToken.Compute(table, columns ?? Columns, blockSize, rows);

    [Test]
    public void Compute_SameRowsBuiltTwice_GivesTheSameToken()
    {
        var first = Token(Batch());
        var second = Token(Batch().Select(r => (IReadOnlyList<object?>)r.ToList()).ToList());

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Compute_KnownBatch_MatchesTheCheckedInValue()
        => Assert.That(Token(Batch()), Is.EqualTo(GoldenToken), "the token must not depend on process, machine or culture");

    [Test]
    public void Compute_Format_IsPrefixedLowercaseSha256Hex()
        => Assert.That(Token(Batch()), Does.Match("^ja4data-[0-9a-f]{64}$"));

    private static IEnumerable<TestCaseData> Changes()
    {
        yield return Change("a string value", rows => rows[0] = [rows[0][0], "other", rows[0][2], rows[0][3], rows[0][4]]);
        yield return Change("a number", rows => rows[1] = [rows[1][0], rows[1][1], rows[1][2], 8UL, rows[1][4]]);
        yield return Change("a number's type (UInt64 to Int64)", rows => rows[1] = [rows[1][0], rows[1][1], rows[1][2], 7L, rows[1][4]]);
        yield return Change("null to empty string", rows => rows[2] = [rows[2][0], string.Empty, rows[2][2], rows[2][3], rows[2][4]]);
        yield return Change("a timestamp by one tick", rows => rows[0] = [((DateTime)rows[0][0]!).AddTicks(1), rows[0][1], rows[0][2], rows[0][3], rows[0][4]]);
        yield return Change("an address", rows => rows[0] = [rows[0][0], rows[0][1], IPAddress.Parse("10.0.0.9"), rows[0][3], rows[0][4]]);
        yield return Change("an array element", rows => rows[0] = [rows[0][0], rows[0][1], rows[0][2], rows[0][3], new List<string> { "a", "c" }]);
        yield return Change("the row order", rows => (rows[0], rows[1]) = (rows[1], rows[0]));
        yield return Change("a row removed", rows => rows.RemoveAt(2));
        yield return Change("a row duplicated", rows => rows.Add(rows[0]));
        yield return Change("a value moved between rows", rows =>
        {
            rows[0] = [rows[0][0], rows[0][1], rows[0][2], 7UL, rows[0][4]];
            rows[1] = [rows[1][0], rows[1][1], rows[1][2], 42UL, rows[1][4]];
        });

        static TestCaseData Change(string what, Action<List<IReadOnlyList<object?>>> change) => new TestCaseData(change).SetArgDisplayNames(what);
    }

    [TestCaseSource(nameof(Changes))]
    public void Compute_AnyChangeToTheRows_GivesAnotherToken(Action<List<IReadOnlyList<object?>>> change)
    {
        var changed = Batch();
        change(changed);

        Assert.That(Token(changed), Is.Not.EqualTo(Token(Batch())));
    }

    [Test]
    public void Compute_OtherTableColumnsOrBlockSize_GiveOtherTokens()
    {
        var tokens = new[]
        {
            Token(Batch()),
            Token(Batch(), table: "ja4_logs.tls"),
            Token(Batch(), columns: ["ts", "ja4", "ip", "tags", "hits"]),
            Token(Batch(), blockSize: 1000),
            InsertDeduplicationToken.Compute("ja4_logs.http", null, 65536, Batch()),
        };

        Assert.That(tokens, Is.Unique);
    }

    [Test]
    public void Compute_ValueWithoutDefinedContent_IsRefusedNamingRowAndType()
    {
        List<IReadOnlyList<object?>> rows = [[1, new object()]];

        Assert.That(
            () => InsertDeduplicationToken.Compute("t", null, 10, rows),
            Throws.ArgumentException.With.Message.Contains("Row 0, value 1").And.Message.Contains("System.Object"));
    }

    [Test]
    public void Compute_EveryScalarKind_IsAccepted()
    {
        List<IReadOnlyList<object?>> rows =
        [[
            true, (sbyte)-1, (byte)1, (short)-2, (ushort)2, -3, 3u, -4L, 4UL, 1.5f, 2.5, 3.5m, (Half)1, 'x', Int128.MaxValue, UInt128.One,
            new System.Numerics.BigInteger(12345), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)), new DateOnly(2026, 1, 1),
            new TimeOnly(1, 2, 3), TimeSpan.FromSeconds(1), Guid.Empty, new byte[] { 1, 2 }, new ReadOnlyMemory<byte>([3]), DayOfWeek.Monday,
            new Dictionary<string, int> { ["a"] = 1 }, (1, "x"), DBNull.Value,
        ]];

        Assert.That(InsertDeduplicationToken.Compute("t", null, 10, rows), Does.StartWith("ja4data-"));
    }

    [TestCase(18, 16, false)]
    [TestCase(21, 12, false)]
    [TestCase(22, 1, false)]
    [TestCase(22, 2, true)]
    [TestCase(23, 1, true)]
    [TestCase(26, 7, true)]
    public void IsSupportedBy_ServerVersion_From22Point2(int major, int minor, bool supported)
        => Assert.That(InsertDeduplicationToken.IsSupportedBy(new ServerHello("ClickHouse", major, minor, 1, 54469, "UTC", "x")), Is.EqualTo(supported));

    private const string GoldenToken = "ja4data-7a55ea31666e2cb9807813a7f3420872e0bd28c516e496f25e9c24df7e2453ef";
}
