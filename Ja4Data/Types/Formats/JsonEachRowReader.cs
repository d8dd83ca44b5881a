using System.Text.Json;
using Ja4Data.Sql;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Formats;

/// <summary>
/// JSONEachRow data: one JSON object per row (whitespace-separated, or as one JSON array of objects), keys naming the
/// insert's columns. A key absent from a row leaves that value <see cref="SqlValueKind.Missing"/>; a key that names no
/// column is an error rather than silently dropped data. Numbers keep their text (no double rounding on the way to a
/// Decimal or Int64 column), objects become maps (or, in a JSON column, their JSON text).
/// </summary>
internal static class JsonEachRowReader
{
    private const int MaxDepth = 64;

    /// <exception cref="InlineDataException">Not JSON objects, or keys that are not columns.</exception>
    public static List<SqlValue[]> ReadRows(string sql, int start, int end, IReadOnlyList<(string Name, TypeNode Type)> columns)
    {
        var text = sql.AsSpan(start, end - start).TrimEnd();
        text = text.EndsWith(";") ? text[..^1] : text; // the statement's own terminator
        var utf8 = Encoding.UTF8.GetBytes(text.ToString());
        var names = columns.Select(c => c.Name).ToList();
        var rows = new List<SqlValue[]>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            var inArray = false;
            while (reader.Read())
            {
                if (!inArray && rows.Count == 0 && reader.TokenType == JsonTokenType.StartArray)
                {
                    inArray = true;
                    continue;
                }

                if (inArray && reader.TokenType == JsonTokenType.EndArray)
                {
                    inArray = false;
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new InlineDataException(rows.Count, -1, start, $"Row {rows.Count} is a JSON {reader.TokenType}, not an object of column values.");
                }

                using var row = JsonDocument.ParseValue(ref reader);
                rows.Add(Row(row.RootElement, columns, names, rows.Count, start));
            }
        }
        catch (JsonException ex)
        {
            throw new InlineDataException(rows.Count, -1, start, $"Row {rows.Count} is not valid JSON: {ex.Message}");
        }

        return rows.Count > 0 ? rows : throw new InlineDataException(0, -1, start, "The inline data holds no rows.");
    }

    private static SqlValue[] Row(JsonElement row, IReadOnlyList<(string Name, TypeNode Type)> columns, List<string> names, int index, int start)
    {
        var values = new SqlValue[columns.Count];
        Array.Fill(values, SqlValue.Missing());
        foreach (var property in row.EnumerateObject())
        {
            var column = InlineFormats.IndexOf(names, property.Name);
            if (column < 0)
            {
                throw new InlineDataException(index, -1, start, $"Row {index} has the key \"{property.Name}\", which is not a column of the insert ({string.Join(", ", names)}).");
            }

            if (values[column].Kind != SqlValueKind.Missing)
            {
                throw new InlineDataException(index, column, start, $"Row {index} has the key \"{property.Name}\" twice.");
            }

            values[column] = IsJsonColumn(columns[column].Type) && property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                ? SqlValue.FromString(property.Value.GetRawText(), -1, 0)
                : Value(property.Value);
        }

        return values;
    }

    private static bool IsJsonColumn(TypeNode type)
        => type.Name is "JSON" or "Object" || (type.Name is "Nullable" or "LowCardinality" && IsJsonColumn(type.TypeArgument(0)));

    private static SqlValue Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => SqlValue.Null(-1, 0),
        JsonValueKind.True => SqlValue.FromBool(true, -1, 0),
        JsonValueKind.False => SqlValue.FromBool(false, -1, 0),
        JsonValueKind.String => SqlValue.FromString(element.GetString()!, -1, 0),
        JsonValueKind.Number => Number(element.GetRawText()),
        JsonValueKind.Array => SqlValue.Composite(SqlValueKind.Array, [.. element.EnumerateArray().Select(Value)], -1, 0),
        _ => SqlValue.Composite(
            SqlValueKind.Map,
            [.. element.EnumerateObject().SelectMany(p => new[] { SqlValue.FromString(p.Name, -1, 0), Value(p.Value) })],
            -1,
            0),
    };

    private static SqlValue Number(string text)
        => SqlValue.FromNumber(text, text.AsSpan().IndexOfAny(".eE") >= 0 ? SqlNumberForm.Real : SqlNumberForm.Integer, -1, 0);
}
