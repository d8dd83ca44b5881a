using System.Data;
using System.Net;
using System.Numerics;
using NUnit.Framework;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.TestSupport;

/// <summary>
/// The <c>@name</c> type inference table (docs/types.md), one list for every engine that checks it: a parameter (its
/// value and DbType), the ClickHouse type it is bound as where server-side parameters exist, the type on older servers
/// (the literal path), and a check for each that evaluates to 1 when the engine parsed the value to what was intended.
/// <c>{v}</c> in a check stands for the placeholder.
/// </summary>
internal static class InferredTypeCases
{
    public static readonly DateTime Instant = new(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc); // Unix 1700000000

    private enum Color
    {
        Red = 1,
        Green = 2,
    }

    /// <summary>Every case (chDB runs them all, on both paths).</summary>
    public static IEnumerable<TestCaseData> All() => Cases().Select(c => c.Data);

    /// <summary>What ClickHouse 18.16 runs: every case whose older-server type it has.</summary>
    public static IEnumerable<TestCaseData> OnClickHouse1816() => Cases().Where(c => c.On1816).Select(c => c.Data);

    private static IEnumerable<Case> Cases()
    {
        // Inferred from the value (DbType.Object, the default).
        yield return new(P((byte)255), "UInt8", "UInt8", "{v} = 255");
        yield return new(P(sbyte.MinValue), "Int8", "Int8", "{v} = -128");
        yield return new(P((short)-2), "Int16", "Int16", "{v} = -2");
        yield return new(P((ushort)65535), "UInt16", "UInt16", "{v} = 65535");
        yield return new(P(int.MinValue), "Int32", "Int32", "{v} = -2147483648");
        yield return new(P(uint.MaxValue), "UInt32", "UInt32", "{v} = 4294967295");
        yield return new(P(long.MinValue), "Int64", "Int64", "{v} = -9223372036854775808");
        yield return new(P(ulong.MaxValue), "UInt64", "UInt64", "{v} = 18446744073709551615");
        yield return new(P(Int128.MaxValue), "Int128", "Int128", "{v} = toInt128('170141183460469231731687303715884105727')", On1816: false);
        yield return new(P(UInt128.MaxValue), "UInt128", "UInt128", "{v} = toUInt128('340282366920938463463374607431768211455')", On1816: false);
        yield return new(P(BigInteger.Pow(10, 40)), "Int256", "Int256", "{v} = toInt256('10000000000000000000000000000000000000000')", On1816: false);
        yield return new(P(0.5f), "Float32", "Float32", "{v} = 0.5");
        yield return new(P((Half)0.25), "Float32", "Float32", "{v} = 0.25");
        yield return new(P(0.1), "Float64", "Float64", "{v} = 0.1");
        yield return new(P(double.NegativeInfinity), "Float64", "Float64", "isInfinite({v}) AND {v} < 0");
        yield return new(P(1.50m), "Decimal(28, 2)", "Decimal(28, 2)", "{v} = toDecimal64('1.5', 2)");
        yield return new(P(-9999999999999999999999999999m), "Decimal(28, 0)", "Decimal(28, 0)", "{v} = toDecimal128('-9999999999999999999999999999', 0)");
        yield return new(P(0.0000000000000000000000000001m), "Decimal(28, 28)", "Decimal(28, 28)", "{v} = toDecimal128('0.0000000000000000000000000001', 28)");
        yield return new(P("O'Brien\\\t\n\0 {x:String} @x '; DROP TABLE t; --"), "String", "String", "{v} = 'O\\'Brien\\\\\\t\\n\\0 {x:String} @x \\'; DROP TABLE t; --'");
        yield return new(P("é 😀"), "String", "String", "hex({v}) = 'C3A920F09F9880'");
        yield return new(P(new byte[] { 0xFF, 0x00, 0x27, 0x5C }), "String", "String", "hex({v}) = 'FF00275C'");
        yield return new(P(new[] { 'a', '\'' }), "String", "String", "{v} = 'a\\''");
        yield return new(P(true), "Bool", "UInt8", "{v} = 1");
        yield return new(P(false), "Bool", "UInt8", "{v} = 0");
        yield return new(P(Instant), "DateTime64(7, 'UTC')", "DateTime('UTC')", "toUnixTimestamp({v}) = 1700000000");
        yield return new(P(Instant.AddMilliseconds(250)), "DateTime64(7, 'UTC')", "DateTime('UTC')", "toUnixTimestamp64Milli({v}) = 1700000000250")
        {
            OlderServerCheck = "toUnixTimestamp({v}) = 1700000000", // whole seconds, as a DateTime column keeps them
        };
        yield return new(P(new DateTimeOffset(2023, 11, 15, 7, 13, 20, TimeSpan.FromHours(9))), "DateTime64(7, 'UTC')", "DateTime('UTC')", "toUnixTimestamp({v}) = 1700000000");
        yield return new(P(new DateOnly(2023, 11, 14)), "Date32", "Date", "toString({v}) = '2023-11-14'");
        yield return new(P(Guid.Parse("6f1c2a3e-0000-4000-8000-000000000001")), "UUID", "UUID", "{v} = toUUID('6f1c2a3e-0000-4000-8000-000000000001')");
        yield return new(P(IPAddress.Parse("10.1.2.3")), "IPv4", "String", "toString({v}) = '10.1.2.3'");
        yield return new(P(IPAddress.Parse("2001:db8::1")), "IPv6", "String", "toString({v}) = '2001:db8::1'");
        yield return new(P(Color.Green), "String", "String", "{v} = 'Green'");
        yield return new(P(new[] { 1, 2 }), "Array(Int32)", "Array(Int32)", "{v} = [1, 2]");
        yield return new(P(new List<string> { "a'", "\\" }), "Array(String)", "Array(String)", "{v} = ['a\\'', '\\\\']");
        yield return new(P(new int?[] { 1, null }), "Array(Nullable(Int32))", "Array(Nullable(Int32))", "{v}[1] = 1 AND isNull({v}[2])");
        yield return new(P(Enumerable.Range(1, 3).Select(i => (ushort)i)), "Array(UInt16)", "Array(UInt16)", "{v} = [1, 2, 3]");
        yield return new(P(new HashSet<long> { -1 }), "Array(Int64)", "Array(Int64)", "{v} = [-1]");
        yield return new(P(Array.Empty<ushort>()), "Array(UInt16)", "Array(UInt16)", "empty({v})");
        yield return new(P(new[] { 1.5m, 2.25m }), "Array(Decimal(28, 2))", "Array(Decimal(28, 2))", "{v}[2] = toDecimal64('2.25', 2)");
        yield return new(P(new[] { IPAddress.Parse("10.1.2.3"), IPAddress.Parse("::1") }), "Array(IPv6)", "Array(String)", "length({v}) = 2");
        yield return new(P(new[] { new[] { Instant } }), "Array(Array(DateTime64(7, 'UTC')))", "Array(Array(DateTime('UTC')))", "toUnixTimestamp({v}[1][1]) = 1700000000");
        yield return new(P(new Dictionary<string, int> { ["k"] = 1 }), "Map(String, Int32)", "Map(String, Int32)", "{v}['k'] = 1", On1816: false);
        yield return new(P(null), "Nullable(Nothing)", "Nullable(Nothing)", "isNull({v})");
        yield return new(P(DBNull.Value), "Nullable(Nothing)", "Nullable(Nothing)", "isNull({v})");

        // Named by an explicit DbType (what Dapper sets for every member of a known type).
        yield return new(P(7, DbType.UInt16), "UInt16", "UInt16", "{v} = 7");
        yield return new(P("42", DbType.Int64), "Int64", "Int64", "{v} = 42");
        yield return new(P(null, DbType.Int32), "Nullable(Int32)", "Nullable(Int32)", "isNull({v})");
        yield return new(P(DBNull.Value, DbType.String), "Nullable(String)", "Nullable(String)", "isNull({v})");
        yield return new(P(new[] { 1, 3 }, DbType.UInt16), "Array(UInt16)", "Array(UInt16)", "{v} = [1, 3]");
        yield return new(P(new string?[] { "a", null }, DbType.AnsiString), "Array(Nullable(String))", "Array(Nullable(String))", "{v}[1] = 'a' AND isNull({v}[2])");
        yield return new(P("x", DbType.StringFixedLength), "String", "String", "{v} = 'x'");
        yield return new(P(new byte[] { 1 }, DbType.Binary), "String", "String", "hex({v}) = '01'");
        yield return new(P(true, DbType.Boolean), "Bool", "UInt8", "{v} = 1");
        yield return new(P(1.5, DbType.Single), "Float32", "Float32", "{v} = 1.5");
        yield return new(P(Instant, DbType.DateTime), "DateTime64(7, 'UTC')", "DateTime('UTC')", "toUnixTimestamp({v}) = 1700000000");
        yield return new(P(Instant, DbType.DateTime2), "DateTime64(7, 'UTC')", "DateTime('UTC')", "toUnixTimestamp({v}) = 1700000000");
        yield return new(P(Instant, DbType.DateTimeOffset), "DateTime64(7, 'UTC')", "DateTime('UTC')", "toUnixTimestamp({v}) = 1700000000");
        yield return new(P(Instant, DbType.Date), "Date32", "Date", "toString({v}) = '2023-11-14'");
        yield return new(P("6f1c2a3e-0000-4000-8000-000000000001", DbType.Guid), "UUID", "UUID", "{v} = toUUID('6f1c2a3e-0000-4000-8000-000000000001')");
        yield return new(P(12.5m, DbType.Decimal), "Decimal(28, 1)", "Decimal(28, 1)", "{v} = toDecimal64('12.5', 1)");
        yield return new(P(12.5m, DbType.Decimal, precision: 10, scale: 3), "Decimal(10, 3)", "Decimal(10, 3)", "{v} = toDecimal64('12.5', 3)");
        yield return new(P(3, DbType.Decimal, scale: 2), "Decimal(28, 2)", "Decimal(28, 2)", "{v} = toDecimal64('3', 2)");
        yield return new(P(12.5m, DbType.Currency), "Decimal(19, 4)", "Decimal(19, 4)", "{v} = toDecimal64('12.5', 4)");
        yield return new(P(new[] { 1.5m, 2.125m }, DbType.Decimal), "Array(Decimal(28, 3))", "Array(Decimal(28, 3))", "{v}[2] = toDecimal64('2.125', 3)");
    }

    private static ClickHouseParameter P(object? value, DbType dbType = DbType.Object, byte precision = 0, byte scale = 0)
        => new("p", value) { DbType = dbType, Precision = precision, Scale = scale };

    private sealed record Case(ClickHouseParameter Parameter, string Type, string OlderServerType, string Check, bool On1816 = true)
    {
        public string? OlderServerCheck { get; init; }

        public TestCaseData Data => new TestCaseData(Parameter, Type, OlderServerType, Check, OlderServerCheck ?? Check)
            .SetArgDisplayNames(Parameter.DbType == DbType.Object ? Parameter.Value?.GetType().Name ?? "null" : $"DbType.{Parameter.DbType}", Type, Check);
    }
}
