using Ja4Data.Core;
using Ja4Data.Core.Inserts;
using Ja4Data.Types;
using Ja4Data.Types.Mapping;

namespace Ja4Data.Facade;

/// <summary>
/// One facade insert of typed records, across its attempts. The first attempt asks the server for the table's columns
/// (<c>INSERT INTO t VALUES</c> announces them) and keeps those <typeparamref name="T"/> fills; when that leaves some
/// out, it ends that statement without data (which stores nothing) and inserts into the chosen columns, so the others
/// get their defaults. Every row is converted into blocks before the first block is sent, so a bad value fails the
/// call with nothing written; a retry sends the same encoded blocks again unless the server's columns changed.
/// </summary>
internal sealed class RecordInsert<T>(string table, IReadOnlyList<T> rows, int blockSize) : IDisposable
{
    private IReadOnlyList<string>? _columns;
    private List<BlockBuffer>? _blocks;

    public async ValueTask<long> RunAsync(ClickHouseConnection connection, bool async, CancellationToken cancellationToken)
    {
        var session = await BeginAsync(connection, _columns, async, cancellationToken);
        try
        {
            if (_columns is null)
            {
                var chosen = await BeforeDataAsync(session, () => RecordMaps.InsertColumns<T>(session.Header.Columns, table), async);
                if (!chosen.SequenceEqual(session.Header.Columns.Select(c => c.Name), StringComparer.Ordinal))
                {
                    await session.EndAsync(async, CancellationToken.None);
                    session.Dispose();
                    session = await BeginAsync(connection, chosen, async, cancellationToken);
                }

                _columns = chosen;
            }

            var header = session;
            var blocks = await BeforeDataAsync(session, () => Encode(header.Header), async);
            foreach (var block in blocks)
            {
                await session.SendAsync(block, async, cancellationToken);
            }

            await session.EndAsync(async, cancellationToken);
            return session.RowsSent;
        }
        finally
        {
            session.Dispose();
        }
    }

    public void Dispose() => DisposeBlocks();

    private ValueTask<InsertSession> BeginAsync(ClickHouseConnection connection, IReadOnlyList<string>? columns, bool async, CancellationToken cancellationToken)
    {
        // A one-shot insert is a command: CommandTimeout bounds it, as for positional rows.
        var timeout = connection.Settings.CommandTimeout;
        var request = new QueryRequest(InsertStatement.Build(table, columns)) { Timeout = timeout > TimeSpan.Zero ? timeout : Timeout.InfiniteTimeSpan };
        return InsertSession.BeginAsync(connection.Connector, request, table, async, cancellationToken);
    }

    // Mapping and conversion failures come before any data block: ending the statement then stores nothing and leaves
    // the connection ready.
    private static async ValueTask<TResult> BeforeDataAsync<TResult>(InsertSession session, Func<TResult> step, bool async)
    {
        try
        {
            return step();
        }
        catch
        {
            await session.EndAsync(async, CancellationToken.None);
            throw;
        }
    }

    private List<BlockBuffer> Encode(Block header)
    {
        var writer = RecordMaps.Writer<T>(header.Columns);
        if (_blocks is [var first, ..] && first.Names.SequenceEqual(writer.Names, StringComparer.Ordinal) && first.Types.SequenceEqual(writer.Types, StringComparer.Ordinal))
        {
            return _blocks;
        }

        DisposeBlocks();
        var blocks = new List<BlockBuffer>();
        try
        {
            var current = new BlockBuffer(header);
            blocks.Add(current);
            for (var i = 0; i < rows.Count; i++)
            {
                if (current.RowCount == blockSize)
                {
                    current = new BlockBuffer(header);
                    blocks.Add(current);
                }

                current.AppendRecord(writer, rows[i], i);
            }
        }
        catch
        {
            blocks.ForEach(b => b.Dispose());
            throw;
        }

        _blocks = blocks;
        return blocks;
    }

    private void DisposeBlocks()
    {
        _blocks?.ForEach(b => b.Dispose());
        _blocks = null;
    }
}
