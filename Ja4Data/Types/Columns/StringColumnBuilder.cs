using Ja4Data.Protocol;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>Builds a String column: values encoded to UTF-8 once, into one pooled buffer.</summary>
internal sealed class StringColumnBuilder : ColumnBuilder, IColumnAppender<string>, IColumnAppender<byte[]>, IColumnAppender<ReadOnlyMemory<byte>>
{
    private PooledList<byte> _bytes;
    private PooledList<int> _ends;

    public override int Count => _ends.Count;

    public void Append(string value)
    {
        ArgumentNullException.ThrowIfNull(value, nameof(value));
        var span = _bytes.AppendSpan(Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, span);
        _bytes.Truncate(_bytes.Count - span.Length + written);
        _ends.Add(_bytes.Count);
    }

    public void Append(byte[] value) => Append(new ReadOnlyMemory<byte>(value));

    public void Append(ReadOnlyMemory<byte> value)
    {
        _bytes.AddRange(value.Span);
        _ends.Add(_bytes.Count);
    }

    public override void Append(object? value)
    {
        switch (value)
        {
            case string s: Append(s); break;
            case byte[] b: Append(b); break;
            case ReadOnlyMemory<byte> m: Append(m); break;
            case char[] c: Append(new string(c)); break;
            case Enum e: Append(e.ToString()); break;
            case null: throw ValueConvert.NullNotAllowed();
            default: throw ValueConvert.Unsupported(value, "String", "a string, byte[] or enum");
        }
    }

    public override void WriteData(ProtocolWriter writer)
    {
        var bytes = _bytes.Span;
        var start = 0;
        foreach (var end in _ends.Span)
        {
            writer.WriteString(bytes[start..end]);
            start = end;
        }
    }

    public override void Clear()
    {
        _bytes.Clear();
        _ends.Clear();
    }

    public override void Truncate(int count)
    {
        if (count < _ends.Count)
        {
            _bytes.Truncate(count == 0 ? 0 : _ends[count - 1]);
            _ends.Truncate(count);
        }
    }

    protected override void ReleaseBuffers()
    {
        _bytes.Dispose();
        _ends.Dispose();
    }
}
