using Ja4Data.Sql;
using Ja4Data.Types.Conversion;
using Ja4Data.Types.Formats;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Core.Inserts;

/// <summary>
/// An INSERT whose rows are written in its SQL (<c>VALUES (...)</c>, <c>FORMAT TSV/CSV/JSONEachRow</c> + data), run as
/// clickhouse-client runs it on every server: the statement up to its data is sent, the server answers with the
/// columns it expects, the client reads the data itself and sends it as Native blocks through the one
/// <see cref="InsertSession"/>. Servers before ClickHouse 21 ignore data written in the SQL on the native protocol;
/// newer ones would parse it themselves, but with their own tolerance (wrapping -1 into UInt32, NULL as 0), no
/// parameters, and rows stored block by block as they parse; this path gives the same rows and errors everywhere.
/// </summary>
/// <remarks>
/// <para>
/// Values that are expressions (<c>now()</c>, <c>1 + 2</c>, <c>toDate('2024-01-01') + 1</c>) are evaluated by the
/// server, never imitated: after the header told the column types, the insert is ended without data, the expressions
/// are evaluated in <c>SELECT CAST(expr, 'Type'), ...</c> (<see cref="InlineExpressions"/>), and the insert starts again
/// with every row - literal and evaluated - in the statement's order. A column given as <c>DEFAULT</c> in every row
/// (or, in JSONEachRow and the WithNames formats, absent from every row) is left out of the insert's column list so
/// the server computes its default.
/// </para>
/// <para>
/// Atomicity: every value of every row is parsed, evaluated and converted before the first block leaves; any failure
/// before that stores nothing. The rows then go as one INSERT in blocks of InsertBlockSize rows; a failure after a
/// block left is <see cref="ClickHouseInsertOutcomeUnknownException"/>, as for every insert.
/// </para>
/// </remarks>
internal static class InlineInsertRunner
{
    /// <summary>
    /// Runs the insert of <paramref name="sql"/>'s data; returns its summary, whose written rows are the rows the server
    /// acknowledged. <paramref name="request"/> builds the request for SQL text the runner sends (the head, the
    /// expressions' SELECT), binding its placeholders; of <paramref name="placeholders"/> (all of the SQL's) those inside
    /// the data are values, which <paramref name="placeholderValue"/> gives.
    /// </summary>
    public static async ValueTask<QuerySummary> RunAsync(
        ClickHouseConnector connector,
        string sql,
        InlineInsert inline,
        IReadOnlyList<Placeholder> placeholders,
        Func<string, QueryRequest> request,
        Func<Placeholder, object?> placeholderValue,
        int blockSize,
        bool async,
        CancellationToken cancellationToken)
    {
        var target = inline.Target(sql);
        InsertSession? session = await InsertSession.BeginAsync(connector, request(inline.Head(sql)), target, async, cancellationToken);
        try
        {
            var columns = session!.Header.Columns.Select(c => (c.Name, c.Codec.Type)).ToList();
            InlineRows data;
            try
            {
                data = new InlineRows(sql, columns, ReadRows(sql, inline, placeholders, columns));
                data.Convert(new LiteralContext(ValueConvert.TimeZone(connector.ServerTimezone), i => placeholderValue(placeholders[i])));
            }
            catch
            {
                // Ending the insert before any data block leaves the table untouched and the connection clean.
                await session.EndAsync(async, CancellationToken.None);
                throw;
            }

            if (data.Expressions.Count == 0 && data.Omitted.Count == 0)
            {
                return await session.WriteAllAsync(data.Values, blockSize, data.Describe, async, cancellationToken);
            }

            // The types are known now: end this insert without data, evaluate, and insert again with the final columns.
            await session.EndAsync(async, CancellationToken.None);
            session.Dispose();
            session = null;
            await InlineExpressions.EvaluateAsync(connector, data, request, async, cancellationToken);
            var kept = Enumerable.Range(0, columns.Count).Where(c => !data.Omitted.Contains(c)).ToList();
            var head = data.Omitted.Count == 0 ? inline.Head(sql) : inline.HeadWithColumns(sql, kept.Select(c => ClickHouseIdentifier.Quote(columns[c].Name)));
            session = await InsertSession.BeginAsync(connector, request(head), target, async, cancellationToken);
            var announced = session.Header.Columns.Select(c => (c.Name, c.Codec.Type)).ToList();
            if (!announced.SequenceEqual(kept.Select(c => columns[c])))
            {
                await session.EndAsync(async, CancellationToken.None);
                throw new InvalidOperationException(
                    $"The columns of {target} changed while the INSERT's expressions were evaluated ({string.Join(", ", announced.Select(c => $"{c.Name} {c.Type}"))}); nothing was inserted, run it again.");
            }

            return await session.WriteAllAsync(data.Project(kept), blockSize, data.Describe, async, cancellationToken);
        }
        finally
        {
            session?.Dispose();
        }
    }

    /// <summary>The rows of the data, one value per column (the errors as <see cref="ClickHouseDataException"/>).</summary>
    internal static List<SqlValue[]> ReadRows(string sql, InlineInsert inline, IReadOnlyList<Placeholder> placeholders, List<(string Name, TypeNode Type)> columns)
    {
        try
        {
            if (!inline.IsValues)
            {
                return InlineFormats.ReadRows(inline.Format, sql, inline.DataStart, columns);
            }

            var rows = ValuesParser.ParseRows(sql, inline.DataStart, placeholders);
            for (var r = 0; r < rows.Count; r++)
            {
                if (rows[r].Length != columns.Count)
                {
                    throw new InlineDataException(r, -1, rows[r][0].Start, $"Row {r} has {rows[r].Length} values but the insert has {columns.Count} columns "
                        + $"({string.Join(", ", columns.Select(c => c.Name))}); the row starts at {ValuesParser.Describe(sql, rows[r][0].Start)}.");
                }
            }

            return rows;
        }
        catch (InlineDataException ex)
        {
            var column = ex.Value >= 0 && ex.Value < columns.Count ? columns[ex.Value] : default;
            throw new ClickHouseDataException(
                column.Name ?? "(row)", column.Type?.ToString() ?? $"{columns.Count} columns", Math.Max(ex.Row, 0), null, $"the {inline.Format} data does not parse: {ex.Message}", ex);
        }
    }
}
