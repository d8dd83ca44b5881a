namespace Ja4Data.Types.Conversion;

/// <summary>
/// Converts between .NET's 100 ns ticks and ClickHouse's 10^-P second units (DateTime64(P), Time64(P)). Both ways round
/// toward negative infinity, so instants before 1970 and negative durations stay ordered; P above 7 loses the digits
/// .NET cannot hold on read.
/// </summary>
internal readonly struct TickScale
{
    private readonly long _factor;

    public TickScale(int precision)
    {
        Precision = precision;
        _factor = Pow10(Math.Abs(7 - precision));
        UnitsPerSecond = Pow10(precision);
    }

    /// <summary>P: the number of decimal places of a second.</summary>
    public int Precision { get; }

    /// <summary>10^P.</summary>
    public long UnitsPerSecond { get; }

    /// <exception cref="OverflowException">The ticks do not fit 64-bit units (only far beyond any ClickHouse range).</exception>
    public long ToUnits(long ticks) => Precision >= 7 ? checked(ticks * _factor) : FloorDivide(ticks, _factor);

    /// <exception cref="OverflowException">The units do not fit 64-bit ticks.</exception>
    public long ToTicks(long units) => Precision <= 7 ? checked(units * _factor) : FloorDivide(units, _factor);

    /// <summary>As <see cref="ToTicks"/>; false where the ticks do not fit 64 bits (a count the server sent).</summary>
    public bool TryToTicks(long units, out long ticks)
    {
        if (Precision > 7)
        {
            ticks = FloorDivide(units, _factor);
            return true;
        }

        ticks = units * _factor;
        return units >= long.MinValue / _factor && units <= long.MaxValue / _factor;
    }

    /// <summary>The quotient rounded toward negative infinity (for a positive divisor).</summary>
    public static T FloorDivide<T>(T value, T divisor)
        where T : System.Numerics.IBinaryInteger<T>
    {
        var (quotient, rest) = T.DivRem(value, divisor);
        return T.IsNegative(rest) ? quotient - T.One : quotient;
    }

    private static long Pow10(int exponent)
    {
        var result = 1L;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
