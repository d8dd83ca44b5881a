using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;
using Ja4Data.Types.Codecs;

namespace Ja4Data.Tests.Conformance;

/// <summary>
/// Renders decoded .NET values the way ClickHouse's TabSeparated output renders the column type, so a decoded
/// result can be compared with the engine's own text. Driven by the codec tree (time zones, quoting inside arrays).
/// </summary>
internal static class ClickHouseText
{
    public static string Row(IReadOnlyList<ColumnCodec> codecs, object?[] row)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < row.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('\t');
            }

            Append(sb, codecs[i], row[i], nested: false);
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, ColumnCodec codec, object? value, bool nested)
    {
        if (value is null)
        {
            sb.Append(nested ? "NULL" : "\\N");
            return;
        }

        switch (codec)
        {
            case NullableCodec nullable:
                Append(sb, nullable.Nested, value, nested);
                return;
            case LowCardinalityCodec lowCardinality:
                Append(sb, lowCardinality.Inner, value, nested);
                return;
            case ArrayCodec array:
                sb.Append('[');
                var first = true;
                foreach (var item in (IEnumerable)value)
                {
                    sb.Append(first ? string.Empty : ",");
                    first = false;
                    Append(sb, array.Elements, item, nested: true);
                }

                sb.Append(']');
                return;
            case TupleCodec tuple:
                var items = (object?[])value;
                sb.Append('(');
                for (var i = 0; i < items.Length; i++)
                {
                    sb.Append(i > 0 ? "," : string.Empty);
                    Append(sb, tuple.Elements[i], items[i], nested: true);
                }

                sb.Append(')');
                return;
            case MapCodec map:
                sb.Append('{');
                var firstEntry = true;
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    sb.Append(firstEntry ? string.Empty : ",");
                    firstEntry = false;
                    Append(sb, map.Keys, entry.Key, nested: true);
                    sb.Append(':');
                    Append(sb, map.Values, entry.Value, nested: true);
                }

                sb.Append('}');
                return;
            case VariantCodec variant:
                var alternative = variant.Alternatives.FirstOrDefault(a => (Nullable.GetUnderlyingType(a.ClrType) ?? a.ClrType) == value.GetType()) ?? variant.Alternatives[0];
                Append(sb, alternative, value, nested);
                return;
            case DynamicCodec:
                AppendScalar(sb, value.GetType() == typeof(DateTime) ? "DateTime64(7, 'UTC')" : "Dynamic", value, nested);
                return;
            default:
                AppendScalar(sb, codec.TypeName, value, nested);
                return;
        }
    }

    private static void AppendScalar(StringBuilder sb, string typeName, object value, bool nested)
    {
        switch (value)
        {
            case string s:
                AppendString(sb, Encoding.UTF8.GetBytes(s), nested);
                break;
            case byte[] bytes:
                AppendString(sb, bytes, nested);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case double d:
                sb.Append(Float(d, d.ToString("R", CultureInfo.InvariantCulture)));
                break;
            case float f:
                sb.Append(Float(f, f.ToString("R", CultureInfo.InvariantCulture)));
                break;
            case decimal m:
                sb.Append(TrimZeros(m.ToString(CultureInfo.InvariantCulture)));
                break;
            case ClickHouseDecimal exact:
                sb.Append(TrimZeros(exact.ToString()));
                break;
            case DateOnly date:
                Quoted(sb, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), nested);
                break;
            case DateTime instant:
                Quoted(sb, DateTimeText(typeName, instant), nested);
                break;
            case ClickHouseDateTime64 exact:
                Quoted(sb, ExactDateTimeText(typeName, exact), nested);
                break;
            case TimeSpan time:
                Quoted(sb, TimeText(typeName, time), nested);
                break;
            case Guid guid:
                Quoted(sb, guid.ToString(), nested);
                break;
            case IPAddress address:
                Quoted(sb, address.ToString(), nested);
                break;
            case IFormattable number:
                sb.Append(number.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append(value);
                break;
        }
    }

    private static void Quoted(StringBuilder sb, string text, bool nested)
        => sb.Append(nested ? "'" + text + "'" : text);

    // TabSeparated escaping at the top level; single-quoted with backslash escapes inside composite values.
    private static void AppendString(StringBuilder sb, byte[] bytes, bool nested)
    {
        var text = new StringBuilder();
        foreach (var c in Encoding.UTF8.GetString(bytes))
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                '\b' => "\\b",
                '\f' => "\\f",
                '\0' => "\\0",
                '\'' => "\\'",
                _ => c.ToString(),
            });
        }

        sb.Append(nested ? "'" : string.Empty).Append(text).Append(nested ? "'" : string.Empty);
    }

    private static string TrimZeros(string text)
        => text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;

    // ClickHouse prints the shortest round-trip digits, in fixed notation for decimal exponents -6 .. 20 and as
    // d.ddde±x otherwise.
    private static string Float(double value, string roundTrip)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        var negative = roundTrip.StartsWith('-');
        var text = negative ? roundTrip[1..] : roundTrip;
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var pointPosition = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointPosition -= leadingZeros;
        string result;
        if (pointPosition is > -6 and <= 21)
        {
            result = pointPosition <= 0
                ? "0." + new string('0', -pointPosition) + digits
                : pointPosition >= digits.Length
                    ? digits + new string('0', pointPosition - digits.Length)
                    : digits[..pointPosition] + "." + digits[pointPosition..];
        }
        else
        {
            result = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            result += "e" + (pointPosition - 1).ToString(CultureInfo.InvariantCulture);
        }

        return negative ? "-" + result : result;
    }

    private static string DateTimeText(string typeName, DateTime instant)
    {
        var zone = ZoneOf(typeName);
        var local = zone is null ? instant : TimeZoneInfo.ConvertTimeFromUtc(instant, zone);
        var text = local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var precision = PrecisionOf(typeName);
        if (precision > 0)
        {
            var fraction = (local.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture) + "00";
            text += "." + fraction[..precision];
        }

        return text;
    }

    // The exact value's own UTC text, its whole seconds moved into the column's zone (offsets are whole seconds).
    private static string ExactDateTimeText(string typeName, ClickHouseDateTime64 value)
    {
        var utc = value.ToString();
        var zone = ZoneOf(typeName);
        if (zone is null)
        {
            return utc;
        }

        var seconds = DateTime.ParseExact(utc[..19], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return TimeZoneInfo.ConvertTimeFromUtc(seconds, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + utc[19..];
    }

    private static string TimeText(string typeName, TimeSpan time)
    {
        var sign = time < TimeSpan.Zero ? "-" : string.Empty;
        var abs = time.Duration();
        var text = sign + ((long)abs.TotalHours).ToString("D2", CultureInfo.InvariantCulture) + abs.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture);
        var precision = PrecisionOf(typeName);
        if (precision > 0)
        {
            text += "." + ((abs.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture) + "00")[..precision];
        }

        return text;
    }

    private static int PrecisionOf(string typeName)
        => (typeName.StartsWith("DateTime64(", StringComparison.Ordinal) || typeName.StartsWith("Time64(", StringComparison.Ordinal))
            ? int.Parse(typeName[(typeName.IndexOf('(', StringComparison.Ordinal) + 1)..].Split(',', ')')[0], CultureInfo.InvariantCulture)
            : 0;

    private static TimeZoneInfo? ZoneOf(string typeName)
    {
        var quote = typeName.IndexOf('\'', StringComparison.Ordinal);
        return quote < 0 ? null : TimeZoneInfo.FindSystemTimeZoneById(typeName[(quote + 1)..typeName.LastIndexOf('\'')]);
    }
}
