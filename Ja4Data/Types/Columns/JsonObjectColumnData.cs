using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;

namespace Ja4Data.Types.Columns;

/// <summary>
/// A JSON column read in an object serialization: one column per path; a row is rendered as JSON text, nesting dotted
/// paths and leaving out paths that are NULL (absent) in that row.
/// </summary>
internal sealed class JsonObjectColumnData(List<(string Path, ColumnData Column)> paths, int count) : ColumnData<string>
{
    private readonly (string Path, ColumnData Column)[] _paths = [.. paths.OrderBy(p => p.Path, StringComparer.Ordinal)];

    public override int Count => count;

    public override string Get(int row)
    {
        if ((uint)row >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        var root = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (path, column) in _paths)
        {
            if (column.IsNull(row))
            {
                continue;
            }

            var node = root;
            var parts = path.Split('.');
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (!node.TryGetValue(parts[i], out var child) || child is not SortedDictionary<string, object?> next)
                {
                    next = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                    node[parts[i]] = next;
                }

                node = next;
            }

            node[parts[^1]] = column.GetValue(row);
        }

        var sb = new StringBuilder();
        Append(sb, root);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case SortedDictionary<string, object?> node:
                sb.Append('{');
                var first = true;
                foreach (var (key, child) in node)
                {
                    sb.Append(first ? string.Empty : ",");
                    first = false;
                    AppendString(sb, key);
                    sb.Append(':');
                    Append(sb, child);
                }

                sb.Append('}');
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case string s:
                AppendString(sb, s);
                break;
            case double d when double.IsFinite(d):
                sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case float f when float.IsFinite(f):
                sb.Append(f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case double or float:
                sb.Append("null");
                break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or decimal or Int128 or UInt128 or System.Numerics.BigInteger:
                sb.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                break;
            case DateOnly date:
                AppendString(sb, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                AppendString(sb, time.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
                break;
            case IDictionary map:
                sb.Append('{');
                var firstEntry = true;
                foreach (DictionaryEntry entry in map)
                {
                    sb.Append(firstEntry ? string.Empty : ",");
                    firstEntry = false;
                    AppendString(sb, Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    sb.Append(':');
                    Append(sb, entry.Value);
                }

                sb.Append('}');
                break;
            case IEnumerable items and not byte[]:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in items)
                {
                    sb.Append(firstItem ? string.Empty : ",");
                    firstItem = false;
                    Append(sb, item);
                }

                sb.Append(']');
                break;
            case byte[] bytes:
                AppendString(sb, Encoding.UTF8.GetString(bytes));
                break;
            case Guid or IPAddress:
                AppendString(sb, value.ToString()!);
                break;
            default:
                AppendString(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }

    private static void AppendString(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }

    protected override void ReleaseBuffers()
    {
        foreach (var (_, column) in _paths)
        {
            column.Dispose();
        }
    }
}
