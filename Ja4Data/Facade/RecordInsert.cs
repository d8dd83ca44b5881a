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
                var chosen = await session.BeforeDataAsync(() => RecordMaps.InsertColumns<T>(session.Header.Columns, table), describe: null, async);
                if (!chosen.SequenceEqual(session.Header.Columns.Select(c => c.Name), StringComparer.Ordinal))
                {
                    await session.EndAsync(async, CancellationToken.None);
                    session.Dispose();
                    session = await BeginAsync(connection, chosen, async, cancellationToken);
                }

                _columns = chosen;
            }

            var header = session;
            var blocks = await session.BeforeDataAsync(() => Encode(header.Header), describe: null, async);
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
        var request = QueryRequest.Command(InsertStatement.Build(table, columns), connection.Settings.CommandTimeout);
        return InsertSession.BeginAsync(connection.Connector, request, table, async, cancellationToken);
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
