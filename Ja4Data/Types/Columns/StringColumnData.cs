using System.Buffers;
using System.Text;

namespace Ja4Data.Types.Columns;

/// <summary>
/// A String column kept as the wire bytes (one pooled buffer plus end offsets); values are decoded to .NET strings
/// only when read, and raw bytes are available without decoding.
/// </summary>
internal sealed class StringColumnData : ColumnData<string>
{
    private byte[] _bytes;
    private readonly int[] _ends;

    public StringColumnData(byte[] pooledBytes, int[] pooledEnds, int count)
    {
        _bytes = pooledBytes;
        _ends = pooledEnds;
        Count = count;
    }

    public override int Count { get; }

    public ReadOnlySpan<byte> GetBytes(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        var start = row == 0 ? 0 : _ends[row - 1];
        return _bytes.AsSpan(start, _ends[row] - start);
    }

    public override string Get(int row) => Encoding.UTF8.GetString(GetBytes(row));

    protected override void ReleaseBuffers()
    {
        var bytes = Interlocked.Exchange(ref _bytes, []);
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<int>.Shared.Return(_ends);
        }
    }
}
