using System.Collections;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;

namespace Ja4Data;

/// <summary>
/// Formats parameter values: as the escaped text form a server parses for a <c>{name:Type}</c> parameter, and as a
/// typed SQL literal for servers that cannot bind parameters. Every string goes through
/// <see cref="ClickHouseLiteral"/>, the one audited escaper.
/// </summary>
internal static class ParameterFormatter
{
    private static readonly System.Buffers.SearchValues<char> TextSpecials = System.Buffers.SearchValues.Create("\\\t\n\r\0\b\f");

    /// <summary>The value as the server's escaped text format expects it for <paramref name="typeName"/>.</summary>
    public static string TextForm(object? value, string typeName, string parameterName)
    {
        if (value is null or DBNull)
        {
            return @"\N";
        }

        return value switch
        {
            string s => EscapeText(s),
            _ when IsComposite(value) => CompositeText(value, typeName, parameterName),
            _ => Scalar(value, typeName, parameterName),
        };
    }

    /// <summary>The value as a SQL literal of type <paramref name="typeName"/> (client-side binding).</summary>
    public static string Literal(object? value, string typeName, string parameterName)
    {
        if (typeName == "Identifier")
        {
            return value is string identifier
                ? ClickHouseIdentifier.Quote(identifier)
                : throw new ArgumentException($"Parameter '{parameterName}' is an Identifier placeholder and needs a string value.");
        }

        if (value is null or DBNull)
        {
            return "NULL";
        }

        if (IsComposite(value))
        {
            return CompositeText(value, typeName, parameterName);
        }

        // CAST from a quoted text form: the server parses it exactly as it would parse a bound parameter, so an
        // out-of-range or malformed value is an error, not a silently different literal.
        var text = value is string s ? s : Scalar(value, typeName, parameterName);
        return $"CAST({ClickHouseLiteral.Quote(text)} AS {typeName})";
    }

    private static bool IsComposite(object value) => value is IEnumerable and not string and not byte[];

    // Arrays are written as [a, b] with quoted elements: the Array text format, not TSV escaping.
    private static string CompositeText(object value, string typeName, string parameterName)
    {
        var elementType = typeName.StartsWith("Array(", StringComparison.Ordinal) && typeName.EndsWith(')')
            ? typeName[6..^1]
            : "String";
        var sb = new StringBuilder("[");
        var first = true;
        foreach (var item in (IEnumerable)value)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            sb.Append(item switch
            {
                null or DBNull => "NULL",
                string s => ClickHouseLiteral.Quote(s),
                _ when IsComposite(item) => CompositeText(item, elementType, parameterName),
                _ => QuoteIfNeeded(Scalar(item, elementType, parameterName), item),
            });
        }

        return sb.Append(']').ToString();
    }

    private static string QuoteIfNeeded(string text, object item)
        => item is DateTime or DateTimeOffset or DateOnly or Guid or IPAddress ? ClickHouseLiteral.Quote(text) : text;

    private static string Scalar(object value, string typeName, string parameterName) => value switch
    {
        bool b => typeName.StartsWith("Bool", StringComparison.Ordinal) ? (b ? "true" : "false") : (b ? "1" : "0"),
        float f => FormatFloat(f),
        double d => FormatFloat(d),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        sbyte or byte or short or ushort or int or uint or long or ulong or Int128 or UInt128 or BigInteger
            => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        DateTime dt => FormatDateTime(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt, typeName),
        DateTimeOffset dto => FormatDateTime(dto.UtcDateTime, typeName),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        IPAddress ip => ip.ToString(),
        Enum e => e.ToString(),
        _ => throw new ArgumentException($"Parameter '{parameterName}' has a value of type {value.GetType().Name}, which cannot be sent as {typeName}."),
    };

    private static string FormatFloat(double value) => double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    // The instant as Unix time: independent of the server's and the session's timezone.
    private static string FormatDateTime(DateTime value, string typeName)
    {
        var utc = value.ToUniversalTime();
        var ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += TimeSpan.TicksPerSecond;
        }

        return typeName.StartsWith("DateTime64", StringComparison.Ordinal) && fraction != 0
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds}.{fraction:D7}")
            : seconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes for the TSV-style "escaped" text format: the value must not end early at a tab or newline.</summary>
    private static string EscapeText(string value)
    {
        if (value.AsSpan().IndexOfAny(TextSpecials) < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '\\' => @"\\",
                '\t' => @"\t",
                '\n' => @"\n",
                '\r' => @"\r",
                '\0' => @"\0",
                '\b' => @"\b",
                '\f' => @"\f",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
