using Ja4Data.Sql;
using Ja4Data.Types.Conversion;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Types.Formats;

/// <summary>
/// The text formats whose data an <c>INSERT ... FORMAT name</c> may carry in its SQL and that the client reads itself
/// (the server gets Native blocks): TabSeparated (TSV), CSV, their WithNames variants, and JSONEachRow (JSONLines,
/// NDJSON). Names are matched without regard to case, as current servers match them. Each reader returns rows of
/// <see cref="SqlValue"/> in the order of the insert's columns, with <see cref="SqlValueKind.Missing"/> for a value
/// the data leaves out; converting them to the column types is <c>ValueConvert.FromSqlValue</c>'s job.
/// </summary>
/// <remarks>
/// As clickhouse-client does with inline data, the data ends at the first empty line; only white space may follow.
/// The readers are hand-written: ClickHouse's dialects depend on details general CSV and TSV libraries hide (whether a
/// CSV field was quoted decides between <c>\N</c> as NULL and as text, an empty field is the column default), and TSV
/// escapes are ClickHouse's own (<see cref="SqlEscapes"/>). JSON is read by System.Text.Json.
/// </remarks>
internal static class InlineFormats
{
    /// <summary>The formats this class reads, by the names ClickHouse knows them.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        ["Values", "TabSeparated", "TSV", "TabSeparatedWithNames", "TSVWithNames", "CSV", "CSVWithNames", "JSONEachRow", "JSONLines", "NDJSON"];

    /// <summary>True when <paramref name="format"/> is one of <see cref="Supported"/> (any case).</summary>
    public static bool IsSupported(string format) => Supported.Contains(format, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The rows of <paramref name="sql"/>'s data from <paramref name="dataStart"/> in <paramref name="format"/> (any
    /// supported one but Values, which is SQL), one value per column of <paramref name="columns"/>.
    /// </summary>
    /// <exception cref="InlineDataException">The data does not read as rows of the format or does not fit the columns.</exception>
    public static List<SqlValue[]> ReadRows(string format, string sql, int dataStart, IReadOnlyList<(string Name, TypeNode Type)> columns)
    {
        var end = DataEnd(sql, dataStart);
        switch (format.ToUpperInvariant())
        {
            case "TABSEPARATED" or "TSV":
                return Delimited(sql, dataStart, end, columns, withNames: false, csv: false);
            case "TABSEPARATEDWITHNAMES" or "TSVWITHNAMES":
                return Delimited(sql, dataStart, end, columns, withNames: true, csv: false);
            case "CSV":
                return Delimited(sql, dataStart, end, columns, withNames: false, csv: true);
            case "CSVWITHNAMES":
                return Delimited(sql, dataStart, end, columns, withNames: true, csv: true);
            case "JSONEACHROW" or "JSONLINES" or "NDJSON":
                return JsonEachRowReader.ReadRows(sql, dataStart, end, columns);
            default:
                throw new NotSupportedException($"The format {format} is not read by the client.");
        }
    }

    // Up to the first empty line (clickhouse-client's end of inline data); what follows must be white space.
    private static int DataEnd(string sql, int start)
    {
        for (var i = sql.IndexOf('\n', start); i >= 0; i = sql.IndexOf('\n', i + 1))
        {
            var next = i + 1 < sql.Length && sql[i + 1] == '\r' ? i + 2 : i + 1;
            if (next < sql.Length && sql[next] == '\n')
            {
                if (!string.IsNullOrWhiteSpace(sql[next..]))
                {
                    throw new InlineDataException(-1, -1, next, $"The inline data ends at the empty line at {ValuesParser.Describe(sql, next)}, but text follows it; one statement per command.");
                }

                return i;
            }
        }

        return sql.Length;
    }

    private static List<SqlValue[]> Delimited(string sql, int start, int end, IReadOnlyList<(string Name, TypeNode Type)> types, bool withNames, bool csv)
    {
        var columns = types.Select(c => c.Name).ToList();
        var rows = new List<SqlValue[]>();
        var position = start;
        int[]? order = null;
        // White space after the last line break ends the data.
        while (position < end && !sql.AsSpan(position, end - position).IsWhiteSpace())
        {
            var line = ReadLine(sql, ref position, end, rows.Count, csv);

            if (withNames && order is null)
            {
                order = MapNames(csv ? line : [.. line.Select(f => Unescaped(sql, f))], columns, rows.Count);
                continue;
            }

            var row = order is null ? Positional(line, columns, rows.Count) : ByName(line, order, columns.Count, rows.Count);
            for (var c = 0; c < row.Length && !csv; c++)
            {
                row[c] = TsvValue(sql, row[c], types[c].Type, rows.Count, c);
            }

            rows.Add(row);
        }

        return rows.Count > 0 ? rows : throw new InlineDataException(0, -1, start, "The inline data holds no rows.");
    }

    // One line of fields; a line break inside a quoted CSV field belongs to the field.
    private static List<SqlValue> ReadLine(string sql, ref int position, int end, int row, bool csv)
    {
        var fields = new List<SqlValue>();
        while (true)
        {
            var field = csv ? CsvField(sql, ref position, end, row, fields.Count) : TsvField(sql, ref position, end);
            fields.Add(field);
            var separator = position < end ? sql[position] : '\n';
            position++;
            if (separator == '\r' && position < end && sql[position] == '\n')
            {
                position++;
                separator = '\n';
            }

            if (separator is '\n' or '\r')
            {
                return fields;
            }
        }
    }

    private static SqlValue TsvField(string sql, ref int position, int end)
    {
        var start = position;
        while (position < end && sql[position] is not ('\t' or '\n'))
        {
            position += sql[position] == '\\' && position + 1 < end ? 2 : 1;
        }

        // The field as written: TsvValue decodes it once the column's type is known.
        var stop = position > start && sql[position - 1] == '\r' && (position == end || sql[position] == '\n') ? position - 1 : position;
        return SqlValue.FromString(sql[start..stop], start, stop - start);
    }

    // \N is NULL; an array, tuple or map is read from the field as written, its strings quoted with their own escapes
    // (as the server reads such fields); any other value is the field with its escapes decoded.
    private static SqlValue TsvValue(string sql, SqlValue field, TypeNode type, int row, int column)
    {
        if (field.Kind != SqlValueKind.String)
        {
            return field;
        }

        if (field.Text == @"\N")
        {
            return SqlValue.Null(field.Start, field.Length);
        }

        if (!ValueConvert.IsComposite(type))
        {
            return Unescaped(sql, field);
        }

        try
        {
            return ValuesParser.ParseLiteral(field.Text!);
        }
        catch (InlineDataException ex)
        {
            throw new InlineDataException(row, column, field.Start, $"The field at {ValuesParser.Describe(sql, field.Start)} is not a {type} value: {ex.Message}");
        }
    }

    private static SqlValue Unescaped(string sql, SqlValue field)
        => SqlValue.FromString(SqlEscapes.Decode(sql.AsSpan(field.Start, field.Length), '\0'), field.Start, field.Length);

    // "quoted" ("" is a quote), or unquoted up to the next ',' or line break with spaces and tabs around trimmed;
    // unquoted \N is NULL and an unquoted empty field the column's default.
    private static SqlValue CsvField(string sql, ref int position, int end, int row, int column)
    {
        while (position < end && sql[position] is ' ' or '\t')
        {
            position++;
        }

        var start = position;
        if (position < end && sql[position] == '"')
        {
            var sb = new System.Text.StringBuilder();
            position++;
            while (true)
            {
                var close = sql.IndexOf('"', position, end - position);
                if (close < 0)
                {
                    throw new InlineDataException(row, column, start, $"A quoted CSV field is not closed: add the closing \" (a doubled \"\" stands for one) after {ValuesParser.Describe(sql, start)}.");
                }

                sb.Append(sql, position, close - position);
                position = close + 1;
                if (position < end && sql[position] == '"')
                {
                    sb.Append('"');
                    position++;
                    continue;
                }

                break;
            }

            while (position < end && sql[position] is ' ' or '\t')
            {
                position++;
            }

            return position >= end || sql[position] is ',' or '\n' or '\r'
                ? SqlValue.FromString(sb.ToString(), start, position - start)
                : throw new InlineDataException(row, column, position, $"Expected ',' or a line break after a quoted CSV field at {ValuesParser.Describe(sql, position)}.");
        }

        while (position < end && sql[position] is not (',' or '\n' or '\r'))
        {
            position++;
        }

        var text = sql.AsSpan(start, position - start).TrimEnd(" \t");
        return text.Length == 0 ? SqlValue.Missing()
            : text.SequenceEqual(@"\N") ? SqlValue.Null(start, 2)
            : SqlValue.FromString(text.ToString(), start, text.Length);
    }

    private static SqlValue[] Positional(List<SqlValue> fields, List<string> columns, int row)
        => fields.Count == columns.Count
            ? [.. fields]
            : throw new InlineDataException(row, -1, fields[0].Start, $"Row {row} has {fields.Count} fields but the insert has {columns.Count} columns ({string.Join(", ", columns)}).");

    private static int[] MapNames(List<SqlValue> header, List<string> columns, int row)
    {
        var order = new int[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Text ?? string.Empty;
            order[i] = IndexOf(columns, name);
            if (order[i] < 0 || Array.IndexOf(order, order[i], 0, i) >= 0)
            {
                throw new InlineDataException(row, i, header[i].Start, order[i] < 0
                    ? $"The header names '{name}', which is not a column of the insert ({string.Join(", ", columns)})."
                    : $"The header names '{name}' twice.");
            }
        }

        return order;
    }

    private static SqlValue[] ByName(List<SqlValue> fields, int[] order, int columns, int row)
    {
        if (fields.Count != order.Length)
        {
            throw new InlineDataException(row, -1, fields[0].Start, $"Row {row} has {fields.Count} fields but the header names {order.Length}.");
        }

        var values = new SqlValue[columns];
        Array.Fill(values, SqlValue.Missing());
        for (var i = 0; i < order.Length; i++)
        {
            values[order[i]] = fields[i];
        }

        return values;
    }

    /// <summary>The column named <paramref name="name"/> (exactly), or -1.</summary>
    public static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
