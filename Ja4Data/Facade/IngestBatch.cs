using Ja4Data.Core.Resilience;
using Ja4Data.Protocol;
using Ja4Data.Types;
using Ja4Data.Types.Codecs;

namespace Ja4Data.Facade;

/// <summary>
/// One batch of an ingest buffer across its attempts: its rows encoded once into one Native block for the insert's
/// columns and the connection's block framing, and sent as these same bytes by every attempt, so that a table that
/// drops repeated blocks recognises a repeat and the deduplication token (derived from the bytes) stays the same.
/// It is encoded again only when an attempt finds other column types or another framing (an ALTER, a failover to
/// another server version) and no earlier attempt may have stored it.
/// </summary>
/// <param name="table">The target table.</param>
/// <param name="number">The batch's number within its buffer.</param>
/// <param name="rows">Rows in the batch.</param>
/// <param name="fill">Appends the batch's rows to an empty block of the given columns (used to encode again).</param>
internal sealed class IngestBatch(string table, long number, int rows, Action<Block, BlockBuffer> fill) : IDisposable
{
    private ProtocolWriter? _bytes;
    private string? _token;

    public string Table { get; } = table;

    public long Number { get; } = number;

    public int RowCount { get; } = rows;

    /// <summary>The columns of the block, which the INSERT names.</summary>
    public IReadOnlyList<string> Columns { get; private set; } = [];

    public IReadOnlyList<string> Types { get; private set; } = [];

    public BlockFormat Format { get; private set; }

    public ReadOnlyMemory<byte> Bytes => _bytes?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty;

    public long ByteCount => _bytes?.Length ?? 0;

    /// <summary>INSERT statements sent for this batch.</summary>
    public int Attempts { get; set; }

    /// <summary>Set once an attempt's data left without an acknowledgement: from then on the bytes must not change.</summary>
    public bool MaybeStored { get; set; }

    /// <summary>The <c>insert_deduplication_token</c> of these bytes.</summary>
    public string DeduplicationToken => _token ??= InsertDeduplicationToken.ForEncodedBlock(Table, Columns, Types, Bytes.Span);

    /// <summary>Encodes <paramref name="filled"/> (this batch's rows) in <paramref name="format"/>.</summary>
    public void Encode(BlockBuffer filled, BlockFormat format)
    {
        var writer = new ProtocolWriter(Math.Max(4096, (int)Math.Min(ByteCount, int.MaxValue)));
        try
        {
            BlockWriter.Write(writer, format, filled.Names, filled.Types, filled.Builders, filled.RowCount);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        _bytes?.Dispose();
        _bytes = writer;
        Columns = filled.Names;
        Types = filled.Types;
        Format = format;
        _token = null;
    }

    /// <summary>True when the bytes are what an INSERT announcing <paramref name="header"/> over <paramref name="format"/> takes.</summary>
    public bool Fits(Block header, BlockFormat format)
        => format == Format
            && header.Columns.Count == Columns.Count
            && header.Columns.Select(c => c.Name).SequenceEqual(Columns, StringComparer.Ordinal)
            && header.Columns.Select(c => c.TypeName).SequenceEqual(Types, StringComparer.Ordinal);

    /// <summary>True once an attempt found other columns or framing and the rows were encoded again.</summary>
    public bool EncodedAgain { get; private set; }

    /// <summary>Encodes the rows again for <paramref name="header"/>; a value that no longer fits throws <see cref="ClickHouseDataException"/>.</summary>
    public void Encode(Block header, BlockFormat format)
    {
        using var buffer = new BlockBuffer(header);
        fill(header, buffer);
        Encode(buffer, format);
        EncodedAgain = true;
    }

    /// <summary>Writes the rows as one block of a Native file (no TCP framing), in the columns and types they were encoded for.</summary>
    public void WriteNativeFile(Stream stream)
    {
        var header = new Block([.. Columns.Select((name, i) => new BlockColumn(name, ColumnCodecFactory.Get(Types[i]), null))], 0);
        using var buffer = new BlockBuffer(header);
        fill(header, buffer);
        NativeFormat.WriteBlock(stream, buffer);
    }

    public void Dispose()
    {
        _bytes?.Dispose();
        _bytes = null;
    }
}
