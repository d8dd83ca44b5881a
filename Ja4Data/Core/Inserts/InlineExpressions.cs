using Ja4Data.Sql;

namespace Ja4Data.Core.Inserts;

/// <summary>
/// Evaluates the expressions of inline INSERT data on the server: <c>SELECT CAST((expr), 'Type'), ...</c>, one
/// expression per column of one result row, each cast to the type of its insert column exactly as the server's own
/// VALUES parsing casts an expression. The results come back as typed values and go into the insert's blocks; nothing
/// here imitates a ClickHouse function. Long lists are split so that no SELECT nears the server's max_query_size
/// (256 KiB by default); <c>now()</c> and the like are then evaluated once per SELECT.
/// </summary>
internal static class InlineExpressions
{
    private const int MaxSelectBytes = 200_000;
    private const int MaxPerSelect = 1_000;

    /// <summary>Fills <see cref="InlineRows.Values"/> of every expression.</summary>
    /// <exception cref="ClickHouseDataException">The server cannot evaluate an expression: names it, its row and column.</exception>
    public static async ValueTask EvaluateAsync(ClickHouseConnector connector, InlineRows rows, Func<string, QueryRequest> request, bool async, CancellationToken cancellationToken)
    {
        var pending = new List<(int Row, int Column)>();
        var bytes = 0;
        foreach (var cell in rows.Expressions)
        {
            var size = Encoding.UTF8.GetByteCount(Cast(rows, cell)) + 2;
            if (pending.Count > 0 && (pending.Count == MaxPerSelect || bytes + size > MaxSelectBytes))
            {
                await EvaluateAsync(connector, rows, pending, request, async, cancellationToken);
                pending = [];
                bytes = 0;
            }

            pending.Add(cell);
            bytes += size;
        }

        if (pending.Count > 0)
        {
            await EvaluateAsync(connector, rows, pending, request, async, cancellationToken);
        }
    }

    private static async ValueTask EvaluateAsync(
        ClickHouseConnector connector, InlineRows rows, List<(int Row, int Column)> cells, Func<string, QueryRequest> request, bool async, CancellationToken cancellationToken)
    {
        try
        {
            var values = await SelectAsync(connector, rows, cells, request, async, cancellationToken);
            for (var i = 0; i < cells.Count; i++)
            {
                rows.Values[cells[i].Row][cells[i].Column] = values[i];
            }
        }
        catch (ClickHouseServerException ex) when (cells.Count > 1 && connector.State == ConnectorState.Ready)
        {
            // Halve until the expression the server refuses is found, so the error can name it.
            var half = cells.Count / 2;
            await EvaluateAsync(connector, rows, cells[..half], request, async, cancellationToken);
            await EvaluateAsync(connector, rows, cells[half..], request, async, cancellationToken);
            throw rows.Error(cells[0].Row, cells[0].Column, null, $"the server could not evaluate the expressions of rows {cells[0].Row}..{cells[^1].Row} together: {ex.Message}", ex);
        }
        catch (ClickHouseServerException ex)
        {
            var cell = cells[0];
            throw rows.Error(cell.Row, cell.Column, rows.ExpressionText(cell), $"the server could not evaluate {rows.ExpressionText(cell)} as {rows.Columns[cell.Column].Type}: {ex.Message}", ex);
        }
    }

    private static async ValueTask<object?[]> SelectAsync(
        ClickHouseConnector connector, InlineRows rows, List<(int Row, int Column)> cells, Func<string, QueryRequest> request, bool async, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT ");
        for (var i = 0; i < cells.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(Cast(rows, cells[i]));
        }

        await connector.SendQueryAsync(request(sql.ToString()), async, cancellationToken);
        object?[]? values = null;
        while (await connector.ReadBlockAsync(async) is { } block)
        {
            using (block)
            {
                if (values is null && block.RowCount > 0 && block.ColumnCount == cells.Count)
                {
                    values = [.. block.Columns.Select(column => column.Data!.GetValue(0))];
                }
            }
        }

        return values ?? throw new ClickHouseProtocolException($"The server answered the SELECT of {cells.Count} INSERT expression(s) without a row.");
    }

    private static string Cast(InlineRows rows, (int Row, int Column) cell)
        => $"CAST(({rows.ExpressionText(cell)}), {ClickHouseLiteral.Quote(rows.Columns[cell.Column].Type.ToString())})";
}
