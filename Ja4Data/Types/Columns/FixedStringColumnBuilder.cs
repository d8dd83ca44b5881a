using Ja4Data.Protocol;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>Builds FixedString(N) from byte[] or string (UTF-8) of at most N bytes, NUL-padded.</summary>
internal sealed class FixedStringColumnBuilder(int width) : ColumnBuilder, IColumnAppender<byte[]>, IColumnAppender<string>
{
    private PooledList<byte> _bytes;

    private int _rows;

    public override int Count => _rows;

    public void Append(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Append(value.AsSpan());
    }

    public void Append(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        Append(bytes.AsSpan());
    }

    public override void Append(object? value)
    {
        switch (value)
        {
            case byte[] b: Append(b); break;
            case string s: Append(s); break;
            case ReadOnlyMemory<byte> m: Append(m.Span); break;
            case null: throw ValueConvert.NullNotAllowed();
            default: throw ValueConvert.Unsupported(value, $"FixedString({width}) (expected byte[] or string)");
        }
    }

    private void Append(ReadOnlySpan<byte> value)
    {
        if (value.Length > width)
        {
            throw new OverflowException($"{value.Length} bytes do not fit FixedString({width}).");
        }

        var slot = _bytes.AppendSpan(width);
        value.CopyTo(slot);
        slot[value.Length..].Clear();
        _rows++;
    }

    public override void WriteData(ProtocolWriter writer) => writer.WriteBytes(_bytes.Span);

    public override void Clear()
    {
        _bytes.Clear();
        _rows = 0;
    }

    public override void Truncate(int count)
    {
        _bytes.Truncate(count * width);
        _rows = Math.Min(_rows, count);
    }

    protected override void ReleaseBuffers() => _bytes.Dispose();
}
