using System.Collections;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ja4Data.Types.Columns;

/// <summary>
/// A JSON column read in an object serialization: one column per path; a row is rendered as JSON text, nesting dotted
/// paths and leaving out paths that are NULL (absent) in that row. Keys are ordered ordinally at every level; when a
/// path is both a value and the parent of other paths in a row, the object wins.
/// </summary>
internal sealed class JsonObjectColumnData(List<(string Path, ColumnData Column)> paths, int count) : ColumnData<string>
{
    // Relaxed escaping keeps non-ASCII text as UTF-8, as ClickHouse's own JSON text does; quotes, backslashes and
    // control characters are escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>This thread's writer and buffer, reused row after row; taken out while in use, so a nested JSON value gets its own.</summary>
    [ThreadStatic]
    private static (Utf8JsonWriter Writer, ArrayBufferWriter<byte> Buffer)? _idleWriter;

    private readonly (string Path, ColumnData Column)[] _paths = [.. paths.OrderBy(p => p.Path, StringComparer.Ordinal)];
    private readonly PathNode _root = PathNode.Build(paths);

    public override int Count => count;

    public override string Get(int row)
    {
        if ((uint)row >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        var (writer, buffer) = _idleWriter ?? CreateWriter();
        _idleWriter = null;
        try
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStartObject();
            WriteMembers(writer, _root, row);
            writer.WriteEndObject();
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            _idleWriter = (writer, buffer);
        }
    }

    private static (Utf8JsonWriter, ArrayBufferWriter<byte>) CreateWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        return (new Utf8JsonWriter(buffer, WriterOptions), buffer);
    }

    private static void WriteMembers(Utf8JsonWriter writer, PathNode node, int row)
    {
        foreach (var (key, child) in node.Children)
        {
            if (child.HasChildContent(row))
            {
                writer.WritePropertyName(key);
                writer.WriteStartObject();
                WriteMembers(writer, child, row);
                writer.WriteEndObject();
            }
            else if (child.ValueColumn(row) is { } column)
            {
                writer.WritePropertyName(key);
                WriteValue(writer, column.GetValue(row));
            }
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case double or float:
                writer.WriteNullValue();
                break;
            case sbyte or byte or short or ushort or int:
                writer.WriteNumberValue(Convert.ToInt32(value, CultureInfo.InvariantCulture));
                break;
            case uint u:
                writer.WriteNumberValue(u);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case ulong ul:
                writer.WriteNumberValue(ul);
                break;
            case decimal or Int128 or UInt128 or System.Numerics.BigInteger:
                // No writer overload keeps these digits exactly as .NET formats them (decimal's trailing zeros, 128-bit).
                writer.WriteRawValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            case DateOnly date:
                WriteFormatted(writer, date, "yyyy-MM-dd");
                break;
            case DateTime time:
                WriteFormatted(writer, time, time.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.fffffff");
                break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    WriteValue(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items and not byte[]:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case byte[] bytes:
                // Decoded first: invalid UTF-8 becomes U+FFFD instead of failing the writer.
                writer.WriteStringValue(Encoding.UTF8.GetString(bytes));
                break;
            case Guid or IPAddress:
                WriteFormatted(writer, (ISpanFormattable)value, null);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }

    /// <summary>A formattable value as a JSON string, formatted on the stack.</summary>
    private static void WriteFormatted(Utf8JsonWriter writer, ISpanFormattable value, string? format)
    {
        Span<char> text = stackalloc char[64];
        if (value.TryFormat(text, out var written, format, CultureInfo.InvariantCulture))
        {
            writer.WriteStringValue(text[..written]);
        }
        else
        {
            writer.WriteStringValue(value.ToString(format, CultureInfo.InvariantCulture));
        }
    }

    protected override void ReleaseBuffers()
    {
        foreach (var (_, column) in _paths)
        {
            column.Dispose();
        }
    }

    /// <summary>One level of the dotted paths: its children in ordinal key order and the columns whose path ends here.</summary>
    private sealed class PathNode
    {
        private readonly List<ColumnData> _columns = [];
        private Dictionary<string, PathNode>? _building = new(StringComparer.Ordinal);

        /// <summary>The children, sorted once when built: rendering a row walks arrays and allocates nothing.</summary>
        public (string Key, PathNode Node)[] Children { get; private set; } = [];

        public static PathNode Build(IEnumerable<(string Path, ColumnData Column)> paths)
        {
            var root = new PathNode();
            foreach (var (path, column) in paths.OrderBy(p => p.Path, StringComparer.Ordinal))
            {
                var node = root;
                foreach (var part in path.Split('.'))
                {
                    if (!node._building!.TryGetValue(part, out var child))
                    {
                        child = new PathNode();
                        node._building[part] = child;
                    }

                    node = child;
                }

                node._columns.Add(column);
            }

            root.Freeze();
            return root;
        }

        /// <summary>The column giving this path's value in <paramref name="row"/>: the last one that is not NULL there.</summary>
        public ColumnData? ValueColumn(int row)
        {
            for (var i = _columns.Count - 1; i >= 0; i--)
            {
                if (!_columns[i].IsNull(row))
                {
                    return _columns[i];
                }
            }

            return null;
        }

        /// <summary>Whether any path below this one has a value in <paramref name="row"/> (then this path is an object).</summary>
        public bool HasChildContent(int row)
        {
            foreach (var (_, child) in Children)
            {
                if (child.ValueColumn(row) is not null || child.HasChildContent(row))
                {
                    return true;
                }
            }

            return false;
        }

        private void Freeze()
        {
            Children = [.. _building!.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value))];
            _building = null;
            foreach (var (_, child) in Children)
            {
                child.Freeze();
            }
        }
    }
}
