using Ja4Data.Protocol;
using Ja4Data.Types.Columns;

namespace Ja4Data.Types;

/// <summary>Encodes Native blocks (docs/protocol.md, "Blocks").</summary>
internal static class BlockWriter
{
    /// <summary>The block that ends external tables and insert data: no columns, no rows.</summary>
    public static void WriteEmpty(ProtocolWriter writer, BlockFormat format) => WriteHeader(writer, format, 0, 0);

    public static void Write(ProtocolWriter writer, BlockFormat format, IReadOnlyList<string> names, IReadOnlyList<string> types, IReadOnlyList<ColumnBuilder> columns, int rows)
    {
        WriteHeader(writer, format, columns.Count, rows);
        for (var i = 0; i < columns.Count; i++)
        {
            writer.WriteString(names[i]);
            writer.WriteString(types[i]);
            if (format.WithCustomSerialization)
            {
                writer.WriteByte(0); // default serialization: we never send sparse columns
            }

            if (rows > 0)
            {
                columns[i].WritePrefix(writer);
                columns[i].WriteData(writer);
            }
        }
    }

    private static void WriteHeader(ProtocolWriter writer, BlockFormat format, int columnCount, int rows)
    {
        if (format.WithBlockInfo)
        {
            writer.WriteVarUInt(1);
            writer.WriteBool(false);
            writer.WriteVarUInt(2);
            writer.WriteInt32(-1);
            writer.WriteVarUInt(0);
        }

        writer.WriteVarUInt((ulong)columnCount);
        writer.WriteVarUInt((ulong)rows);
    }
}
