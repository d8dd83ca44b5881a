using System.Collections.ObjectModel;
using System.Data;
using System.Data.Common;

namespace Ja4Data;

public sealed partial class ClickHouseDataReader : IDbColumnSchemaGenerator
{
    /// <summary>Column metadata: name, ordinal, .NET type, ClickHouse type name and nullability.</summary>
    public ReadOnlyCollection<DbColumn> GetColumnSchema()
        => Array.AsReadOnly(Array.ConvertAll(_schema, c => (DbColumn)new ClickHouseDbColumn(c.Name, Array.IndexOf(_schema, c), c.Codec)));

    /// <inheritdoc />
    public override DataTable GetSchemaTable()
    {
        var table = new DataTable("SchemaTable") { Locale = System.Globalization.CultureInfo.InvariantCulture };
        table.Columns.Add(SchemaTableColumn.ColumnName, typeof(string));
        table.Columns.Add(SchemaTableColumn.ColumnOrdinal, typeof(int));
        table.Columns.Add(SchemaTableColumn.ColumnSize, typeof(int));
        table.Columns.Add(SchemaTableColumn.DataType, typeof(Type));
        table.Columns.Add(SchemaTableColumn.AllowDBNull, typeof(bool));
        table.Columns.Add(SchemaTableColumn.ProviderType, typeof(string));
        table.Columns.Add("DataTypeName", typeof(string));
        foreach (var column in GetColumnSchema())
        {
            table.Rows.Add(column.ColumnName, column.ColumnOrdinal, -1, column.DataType, column.AllowDBNull, column.DataTypeName, column.DataTypeName);
        }

        return table;
    }

    private sealed class ClickHouseDbColumn : DbColumn
    {
        public ClickHouseDbColumn(string name, int ordinal, Types.Codecs.ColumnCodec codec)
        {
            var clr = codec.ClrType;
            ColumnName = name;
            ColumnOrdinal = ordinal;
            DataTypeName = codec.TypeName;
            DataType = Nullable.GetUnderlyingType(clr) ?? clr;
            AllowDBNull = codec is Types.Codecs.NullableCodec || codec.TypeName.StartsWith("LowCardinality(Nullable(", StringComparison.Ordinal);
            IsReadOnly = true;
        }
    }
}
