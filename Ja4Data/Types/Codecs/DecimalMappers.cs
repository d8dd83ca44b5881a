using System.Numerics;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Codecs;

/// <summary>Decimal(P &lt;= 28, S) as <see cref="decimal"/>: the wire integer (Int32/Int64/Int128) is the value × 10^S.</summary>
internal readonly struct DecimalMapper<TRaw>(int precision, int scale) : IValueMapper<TRaw, decimal>
    where TRaw : unmanaged, IBinaryInteger<TRaw>
{
    public decimal Map(TRaw raw)
    {
        var value = Int128.CreateTruncating(raw);
        var magnitude = value < 0 ? (UInt128)(-value) : (UInt128)value;
        if (magnitude >> 96 != 0)
        {
            throw ValueConvert.Unrepresentable(value, "unscaled", $"Decimal({precision}, {scale})", "System.Decimal", "96 bits of digits");
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), value < 0, (byte)scale);
    }

    public TRaw Unmap(decimal value) => DecimalScaling.ToUnscaled<TRaw>(ValueConvert.ToDecimal(ClickHouseDecimal.FromDecimal(value), precision, scale), precision, scale);

    public TRaw FromObject(object value) => DecimalScaling.ToUnscaled<TRaw>(ValueConvert.ToDecimal(value, precision, scale), precision, scale);
}

/// <summary>Decimal(P &gt; 28, S) as <see cref="ClickHouseDecimal"/>, over Int128 (P &lt;= 38) or 32 raw bytes (P &lt;= 76).</summary>
internal readonly struct ExactDecimalMapper<TRaw>(int precision, int scale) : IValueMapper<TRaw, ClickHouseDecimal>
    where TRaw : unmanaged
{
    public ClickHouseDecimal Map(TRaw raw) => new(typeof(TRaw) == typeof(Int128) ? Unsafe.As<TRaw, Int128>(ref raw) : new WideIntegerMapper(false).Map(Unsafe.As<TRaw, Bytes32>(ref raw)), scale);

    public TRaw Unmap(ClickHouseDecimal value)
    {
        var unscaled = DecimalScaling.Unscaled(ValueConvert.ToDecimal(value, precision, scale), precision, scale);
        if (typeof(TRaw) == typeof(Int128))
        {
            var narrow = (Int128)unscaled;
            return Unsafe.As<Int128, TRaw>(ref narrow);
        }

        var wide = WideIntegerMapper.ToBytes(unscaled);
        return Unsafe.As<Bytes32, TRaw>(ref wide);
    }

    public TRaw FromObject(object value) => Unmap(ValueConvert.ToDecimal(value, precision, scale));
}

/// <summary>Decimal storage: the value's unscaled integer at the column's scale, within the storage width.</summary>
internal static class DecimalScaling
{
    private static readonly BigInteger Max256 = (BigInteger.One << 255) - 1;

    // Like the server, the limit is the storage integer, not 10^P: servers hold (and send) values beyond P digits,
    // and what was read must be writable again.
    public static BigInteger Unscaled(ClickHouseDecimal value, int precision, int scale)
    {
        var unscaled = value.UnscaledAt(scale);
        return BigInteger.Abs(unscaled) <= Max256
            ? unscaled
            : throw new OverflowException($"{value} does not fit Decimal({precision}, {scale}).");
    }

    public static TRaw ToUnscaled<TRaw>(ClickHouseDecimal value, int precision, int scale)
        where TRaw : IBinaryInteger<TRaw>
    {
        try
        {
            return TRaw.CreateChecked(Unscaled(value, precision, scale));
        }
        catch (OverflowException ex)
        {
            throw new OverflowException($"{value} does not fit Decimal({precision}, {scale}).", ex);
        }
    }
}
