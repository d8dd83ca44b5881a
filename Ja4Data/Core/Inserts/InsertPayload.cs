using Ja4Data.Protocol;
using Ja4Data.Types;

namespace Ja4Data.Core.Inserts;

/// <summary>
/// The rows of one insert, converted against the header the server announced and encoded as Native data blocks of
/// <c>blockSize</c> rows, once: a repeat of the insert sends the very same bytes (same rows, same order, same block
/// boundaries), which is what lets a deduplicating table (Replicated*MergeTree) recognise and drop blocks an earlier
/// attempt already stored.
/// </summary>
/// <remarks>
/// Why bytes rather than encoding again: the bytes are what the server hashes, and converting the same values again
/// need not give the same bytes when the next attempt reaches another server (a DateTime without a zone takes the
/// server's zone, for one). Keeping the bytes also frees each block's column builders as soon as it is encoded.
/// </remarks>
internal sealed class InsertPayload : IDisposable
{
    private readonly IEnumerable<IReadOnlyList<object?>> _rows;
    private readonly int _blockSize;
    private readonly List<(ProtocolWriter Bytes, int Rows)> _blocks = [];
    private Shape? _shape;

    /// <param name="rows">Read when the blocks are encoded: once, unless a later attempt meets another header (pass a list then).</param>
    /// <param name="blockSize">Rows per data block.</param>
    public InsertPayload(IEnumerable<IReadOnlyList<object?>> rows, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _rows = rows;
        _blockSize = blockSize;
    }

    /// <summary>Rows in the encoded blocks.</summary>
    public long RowCount { get; private set; }

    public int BlockCount => _blocks.Count;

    /// <summary>Set once an attempt may have stored blocks: from then on only the same bytes may be sent.</summary>
    public bool RequiresSameBlocks { get; private set; }

    /// <summary>From now on the blocks must go out unchanged, or not at all (see <see cref="Prepare"/>).</summary>
    public void RequireSameBlocks() => RequiresSameBlocks = true;

    /// <summary>
    /// Makes the blocks fit <paramref name="session"/>'s header and framing. The first time, every row is converted
    /// and encoded (a value that does not fit throws <see cref="ClickHouseDataException"/> before anything is sent);
    /// later the blocks are kept when header and framing are unchanged, and encoded again from the rows otherwise,
    /// unless <see cref="RequireSameBlocks"/> was called: then <see cref="InsertBlocksChangedException"/>.
    /// </summary>
    public void Prepare(InsertSession session)
    {
        var shape = Shape.Of(session);
        if (_shape is { } encoded)
        {
            if (encoded.Equals(shape))
            {
                return;
            }

            if (RequiresSameBlocks)
            {
                throw new InsertBlocksChangedException(encoded, shape);
            }

            Release();
        }

        Encode(session);
        _shape = shape;
    }

    /// <summary>Sends every block on <paramref name="session"/> (after <see cref="Prepare"/>).</summary>
    public async ValueTask SendAsync(InsertSession session, bool async, CancellationToken cancellationToken)
    {
        foreach (var (bytes, rows) in _blocks)
        {
            await session.SendAsync(bytes.WrittenMemory, rows, async, cancellationToken);
        }
    }

    public void Dispose() => Release();

    private void Encode(InsertSession session)
    {
        using var buffer = new BlockBuffer(session.Header);
        long index = 0;
        try
        {
            foreach (var row in _rows)
            {
                buffer.AppendRow(row, index++);
                if (buffer.RowCount == _blockSize)
                {
                    Seal(buffer, session.Format);
                }
            }

            if (buffer.RowCount > 0)
            {
                Seal(buffer, session.Format);
            }
        }
        catch
        {
            Release();
            throw;
        }
    }

    private void Seal(BlockBuffer buffer, BlockFormat format)
    {
        var bytes = new ProtocolWriter();
        _blocks.Add((bytes, buffer.RowCount));
        BlockWriter.Write(bytes, format, buffer.Names, buffer.Types, buffer.Builders, buffer.RowCount);
        RowCount += buffer.RowCount;
        buffer.Clear();
    }

    private void Release()
    {
        foreach (var (bytes, _) in _blocks)
        {
            bytes.Dispose();
        }

        _blocks.Clear();
        RowCount = 0;
        _shape = null;
    }

    /// <summary>What the bytes of a block depend on besides the values: the columns, their types and the framing.</summary>
    internal sealed record Shape(bool WithBlockInfo, bool WithCustomSerialization, string Columns)
    {
        public static Shape Of(InsertSession session) =>
            new(
                session.Format.WithBlockInfo,
                session.Format.WithCustomSerialization,
                string.Join(", ", session.Header.Columns.Select(c => c.Name + " " + c.TypeName)));

        public override string ToString() => Columns;
    }
}

/// <summary>
/// An insert whose earlier attempt may have stored blocks reached a server that announced other columns, types or
/// framing, so the same bytes cannot be sent and new ones would not be recognised as a repeat. The facade then
/// surfaces the earlier attempt's unknown outcome instead of repeating the insert; it never reaches callers.
/// </summary>
internal sealed class InsertBlocksChangedException : InvalidOperationException
{
    public InsertBlocksChangedException(InsertPayload.Shape encoded, InsertPayload.Shape announced)
        : base($"The blocks were encoded for ({encoded}) but the server announced ({announced}).")
    {
    }
}
