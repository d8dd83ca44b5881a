using Ja4Data.Protocol;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>Builds a Nothing column: only NULLs, written as the placeholder byte <c>'0'</c> that servers send.</summary>
internal sealed class NothingColumnBuilder : ColumnBuilder
{
    private int _count;

    public override int Count => _count;

    public override void Append(object? value)
    {
        if (value is not (null or DBNull))
        {
            throw ValueConvert.Unsupported(value, "Nothing (only NULL)");
        }

        _count++;
    }

    public override void WriteData(ProtocolWriter writer)
    {
        for (var i = 0; i < _count; i++)
        {
            writer.WriteByte((byte)'0');
        }
    }

    public override void Clear() => _count = 0;

    public override void Truncate(int count) => _count = Math.Min(_count, count);
}
