using System.Data;
using System.Net;
using System.Numerics;
using NUnit.Framework;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.TestSupport;

/// <summary>
/// The .NET values we bind as parameters, one list for every engine that checks them: each case is a value, the
/// ClickHouse type it is bound as, and a check that evaluates to 1 (or true) when the engine parsed the value to what
/// was intended. <c>{v}</c> in the check stands for the parameter (<c>{p:Type}</c>) or for our client-side literal.
/// <see cref="AtNames"/> is the <c>@name</c> type inference table (docs/types.md): a parameter (its value and DbType),
/// the ClickHouse type it is bound as where server-side parameters exist, the type on older servers (the literal
/// path), and a check for each.
/// </summary>
internal static class ParameterTypeCases
{
    private static readonly DateTime Instant = new(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc); // Unix 1700000000

    private enum Color
    {
        Red = 1,
        Green = 2,
    }

    /// <summary>
    /// What ClickHouse 18.16 (the live test server) runs: every case but those marked <see cref="Newer"/>, which need
    /// types it lacks (Bool, DateTime64, Date32, Time, IPv4/IPv6, Map, Int128/256) or fail there for its own reasons.
    /// </summary>
    public static IEnumerable<TestCaseData> OnClickHouse1816() => Cases().Where(c => c.On1816).Select(c => c.Data);

    /// <summary>What a current engine (chDB) runs: every case.</summary>
    public static IEnumerable<TestCaseData> OnCurrentClickHouse() => Cases().Select(c => c.Data);

    private static IEnumerable<Case> Cases()
    {
        yield return new((byte)255, "UInt8", "{v} = 255");
        yield return new(sbyte.MinValue, "Int8", "{v} = -128");
        yield return new(ulong.MaxValue, "UInt64", "{v} = 18446744073709551615");
        yield return new(long.MinValue, "Int64", "{v} = -9223372036854775808");
        yield return new(Color.Green, "UInt16", "{v} = 2");
        yield return new(true, "UInt8", "{v} = 1");
        yield return new(0.1f, "Float32", "{v} = toFloat32(0.1)");
        yield return new(0.1, "Float64", "{v} = 0.1");
        yield return new(double.MaxValue, "Float64", "{v} = 1.7976931348623157e308");
        yield return new(double.NaN, "Float64", "isNaN({v})");
        yield return new(double.NegativeInfinity, "Float64", "isInfinite({v}) AND {v} < 0");
        yield return new(1.5m, "Decimal(18, 4)", "{v} = toDecimal64('1.5', 4)");
        yield return new(-79228162514264337593543950335m, "Decimal(38, 0)", "{v} = toDecimal128('-79228162514264337593543950335', 0)");
        yield return new("O'Brien\\\t\n\0", "String", "{v} = 'O\\'Brien\\\\\\t\\n\\0'");
        yield return new(new byte[] { 0xFF, 0x00, 0x27, 0x5C }, "String", "hex({v}) = 'FF00275C'");
        yield return new('x', "FixedString(2)", "{v} = toFixedString('x', 2)");
        yield return new(Instant, "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return new(Instant, "DateTime('Asia/Tokyo')", "toString({v}) = '2023-11-15 07:13:20'");
        yield return new(DateTime.SpecifyKind(Instant, DateTimeKind.Unspecified), "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return new(Instant.ToLocalTime(), "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return new(new DateTimeOffset(2023, 11, 15, 7, 13, 20, TimeSpan.FromHours(9)), "DateTime", "toUnixTimestamp({v}) = 1700000000");
        yield return new(DateTime.UnixEpoch.AddDays(1), "DateTime", "toUnixTimestamp({v}) = 86400");
        yield return new(DateTime.UnixEpoch.AddSeconds(1), "DateTime", "toUnixTimestamp({v}) = 1");
        yield return new(new DateOnly(2023, 11, 14), "Date", "{v} = toDate('2023-11-14')");
        yield return new(new DateTime(2023, 11, 14, 23, 30, 0, DateTimeKind.Local), "Date", "{v} = toDate('2023-11-14')");
        yield return new(new DateOnly(2023, 11, 14), "DateTime('UTC')", "toUnixTimestamp({v}) = 1699920000");
        yield return new(Guid.Parse("6f1c2a3e-0000-4000-8000-000000000001"), "UUID", "{v} = toUUID('6f1c2a3e-0000-4000-8000-000000000001')");
        yield return new(IPAddress.Parse("10.1.2.3"), "String", "{v} = '10.1.2.3'");
        yield return new(Color.Green, "Enum8('Red' = 1, 'Green' = 2)", "toString({v}) = 'Green'");
        yield return new("it's", "Enum8('a' = 1, 'it''s' = 2)", "toInt8({v}) = 2");
        yield return new(null, "Nullable(String)", "isNull({v})");
        yield return new(DBNull.Value, "Nullable(UInt32)", "isNull({v})");
        yield return new(new[] { "a'b\\", null, "\t" }, "Array(Nullable(String))", "{v} = ['a\\'b\\\\', NULL, '\\t']");
        yield return new(new[] { new[] { 1 }, new[] { 2, 3 } }, "Array(Array(Int32))", "{v} = [[1], [2, 3]]");
        yield return new(new List<ulong> { 1, ulong.MaxValue }, "Array(UInt64)", "{v} = [1, 18446744073709551615]");
        yield return new(Array.Empty<string>(), "Array(String)", "empty({v})");
        yield return new(new[] { Instant }, "Array(DateTime)", "arrayMap(x -> toUnixTimestamp(x), {v}) = [1700000000]");
        yield return new(new[] { double.NaN, 1.5 }, "Array(Float64)", "isNaN({v}[1]) AND {v}[2] = 1.5");
        yield return new((1, "x'"), "Tuple(UInt8, String)", "{v} = tuple(1, 'x\\'')");
        yield return new("12", "UInt8", "{v} = 12");
        yield return new(-5L, "Int64", "{v} = -5");
        yield return new(Color.Green, "Int32", "{v} = 2");
        yield return new(-0.0000000001m, "Decimal(38, 10)", "{v} = toDecimal128('-0.0000000001', 10)");
        yield return new(1e-30, "Decimal(38, 30)", "{v} = toDecimal128('0.000000000000000000000000000001', 30)");
        yield return new("O'Brien\\\t\n\0'", "String", "{v} = 'O\\'Brien\\\\\\t\\n\\0\\''");
        yield return new("x", "FixedString(3)", "{v} = 'x\\0\\0'");
        yield return new(Instant, "DateTime('UTC')", "{v} = toDateTime(1700000000, 'UTC')");
        yield return new(DateTime.UnixEpoch, "DateTime('UTC')", "toUnixTimestamp({v}) = 0");
        yield return new(DateTime.UnixEpoch.AddDays(1), "DateTime('UTC')", "toUnixTimestamp({v}) = 86400");
        yield return new(new DateOnly(2023, 11, 14), "DateTime('UTC')", "{v} = toDateTime('2023-11-14 00:00:00', 'UTC')");
        yield return new(new DateOnly(2149, 6, 6), "Date", "{v} = toDate('2149-06-06')");
        yield return new(new[] { Instant }, "Array(DateTime('UTC'))", "{v} = [toDateTime(1700000000, 'UTC')]");
        yield return new(new[] { new byte[] { 0xFF } }, "Array(String)", "hex({v}[1]) = 'FF'");
        yield return new((1, "x'", new[] { 2 }), "Tuple(a UInt8, b String, c Array(UInt8))", "{v} = tuple(1, 'x\\'', [2])");
        yield return new(ClickHouseDateTime64.Parse("2023-11-14 22:13:20.999999999"), "DateTime('UTC')", "toUnixTimestamp({v}) = 1700000000");
        yield return new(ClickHouseDateTime64.Parse("2023-11-14 23:59:59.999999999"), "Date", "{v} = toDate('2023-11-14')");

        // Types 18.16 lacks, or a check it cannot parse (the literal 5e-324); LowCardinality parameters it mishandles.
        yield return Newer(Int128.MinValue, "Int128", "{v} = toInt128('-170141183460469231731687303715884105728')");
        yield return Newer((BigInteger.One << 256) - 1, "UInt256", "{v} = toUInt256('115792089237316195423570985008687907853269984665640564039457584007913129639935')");
        yield return Newer(double.Epsilon, "Float64", "{v} = 5e-324 AND {v} > 0");
        yield return Newer(true, "Bool", "{v} = true");
        yield return Newer("x", "LowCardinality(Nullable(String))", "{v} = 'x'");
        yield return Newer(Instant.AddTicks(1_234_567), "DateTime64(3, 'UTC')", "{v} = toDateTime64('2023-11-14 22:13:20.123', 3, 'UTC')");
        yield return Newer(Instant.AddTicks(1_234_567), "DateTime64(9, 'UTC')", "{v} = toDateTime64('2023-11-14 22:13:20.1234567', 9, 'UTC')");
        yield return Newer(DateTime.UnixEpoch.AddSeconds(-1.5), "DateTime64(3, 'UTC')", "{v} = toDateTime64('1969-12-31 23:59:58.5', 3, 'UTC')");
        yield return Newer(DateTime.UnixEpoch.AddTicks(-1), "DateTime64(0, 'UTC')", "{v} = toDateTime64('1969-12-31 23:59:59', 0, 'UTC')");
        yield return Newer(DateTime.UnixEpoch.AddTicks(-10_010_000), "DateTime64(3, 'UTC')", "{v} = toDateTime64('1969-12-31 23:59:58.999', 3, 'UTC')");
        yield return Newer(new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc), "DateTime64(0, 'UTC')", "{v} = toDateTime64('1900-01-01 00:00:00', 0, 'UTC')");
        yield return Newer(ClickHouseDateTime64.Parse("1960-01-01 00:00:00.123456789"), "DateTime64(9, 'UTC')", "{v} = toDateTime64('1960-01-01 00:00:00.123456789', 9, 'UTC')");
        yield return Newer(ClickHouseDateTime64.Parse("2262-04-11 23:47:16.854775807"), "DateTime64(9, 'UTC')", "{v} = toDateTime64('2262-04-11 23:47:16.854775807', 9, 'UTC')");
        yield return Newer(new DateTime(2299, 12, 31, 23, 59, 59, DateTimeKind.Utc), "DateTime64(0, 'UTC')", "{v} = toDateTime64('2299-12-31 23:59:59', 0, 'UTC')");
        yield return Newer(ClickHouseDateTime64.Parse("2299-12-31 23:59:59.99999999"), "DateTime64(8, 'UTC')", "{v} = toDateTime64('2299-12-31 23:59:59.99999999', 8, 'UTC')");
        yield return Newer(ClickHouseDateTime64.Parse("1900-01-01 00:00:00.00000001"), "DateTime64(8, 'Asia/Tokyo')", "{v} = toDateTime64('1900-01-01 09:00:00.00000001', 8, 'Asia/Tokyo')");
        yield return Newer(ClickHouseDateTime64.Parse("1960-01-01 00:00:00.123456789"), "DateTime64(3, 'UTC')", "{v} = toDateTime64('1960-01-01 00:00:00.123', 3, 'UTC')");
        yield return Newer(new[] { ClickHouseDateTime64.Parse("1969-12-31 23:59:58.000000001"), ClickHouseDateTime64.Parse("2023-11-14 22:13:20.123456789") }, "Array(DateTime64(9, 'UTC'))",
            "{v} = [toDateTime64('1969-12-31 23:59:58.000000001', 9, 'UTC'), toDateTime64('2023-11-14 22:13:20.123456789', 9, 'UTC')]");
        yield return Newer(new DateOnly(1969, 12, 31), "Date32", "{v} = toDate32('1969-12-31')");
        yield return Newer(new TimeSpan(0, 12, 34, 56), "Time", "toString({v}) = '12:34:56'");
        yield return Newer(TimeSpan.FromSeconds(-1.5), "Time64(3)", "toString({v}) = '-00:00:01.500'");
        yield return Newer(IPAddress.Parse("127.0.0.1"), "IPv4", "{v} = toIPv4('127.0.0.1')");
        yield return Newer(IPAddress.Parse("127.0.0.1"), "IPv6", "{v} = toIPv6('::ffff:127.0.0.1')");
        yield return Newer(IPAddress.Parse("2001:db8::1"), "IPv6", "{v} = toIPv6('2001:db8::1')");
        yield return Newer(null, "LowCardinality(Nullable(String))", "isNull({v})");
        yield return Newer(new Dictionary<string, string?[]> { ["k'"] = ["x", null] }, "Map(String, Array(Nullable(String)))", "{v} = map('k\\'', ['x', NULL])");
        yield return Newer(new[] { DateTime.UnixEpoch.AddSeconds(-1.5), Instant }, "Array(DateTime64(3, 'UTC'))",
            "{v} = [toDateTime64('1969-12-31 23:59:58.5', 3, 'UTC'), toDateTime64('2023-11-14 22:13:20', 3, 'UTC')]");
        yield return Newer((DateTime.UnixEpoch.AddSeconds(-1.5), "x"), "Tuple(DateTime64(3, 'UTC'), String)", "{v} = tuple(toDateTime64('1969-12-31 23:59:58.5', 3, 'UTC'), 'x')");
        yield return Newer(new[] { new Dictionary<string, int> { ["a"] = 1 } }, "Array(Map(String, UInt8))", "{v} = [map('a', 1)]");
        yield return Newer(new Dictionary<string, int>(), "Map(String, UInt8)", "empty({v})");
    }

    private static Case Newer(object? value, string type, string check) => new(value, type, check, On1816: false);

    private sealed record Case(object? Value, string Type, string Check, bool On1816 = true)
    {
        public TestCaseData Data => new TestCaseData(Value, Type, Check).SetArgDisplayNames(Type, Check);
    }

    /// <summary>Every <c>@name</c> case (chDB runs them all, on both paths).</summary>
    public static IEnumerable<TestCaseData> AtNames() => AtNameCases().Select(c => c.Data);

    /// <summary>The <c>@name</c> cases ClickHouse 18.16 runs: those whose older-server type it has.</summary>
    public static IEnumerable<TestCaseData> AtNamesOnClickHouse1816() => AtNameCases().Where(c => c.On1816).Select(c => c.Data);

    private static IEnumerable<AtNameCase> AtNameCases()
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

    private sealed record AtNameCase(ClickHouseParameter Parameter, string Type, string OlderServerType, string Check, bool On1816 = true)
    {
        public string? OlderServerCheck { get; init; }

        public TestCaseData Data => new TestCaseData(Parameter, Type, OlderServerType, Check, OlderServerCheck ?? Check)
            .SetArgDisplayNames(Parameter.DbType == DbType.Object ? Parameter.Value?.GetType().Name ?? "null" : $"DbType.{Parameter.DbType}", Type, Check);
    }
}
