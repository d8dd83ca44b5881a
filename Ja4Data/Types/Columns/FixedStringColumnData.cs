namespace Ja4Data.Types.Columns;

/// <summary>A FixedString(N) column: the wire bytes in one pooled buffer; each read copies the N bytes of a row.</summary>
internal sealed class FixedStringColumnData(byte[] pooledBytes, int count, int width) : ColumnData<byte[]>
{
    private byte[] _bytes = pooledBytes;

    public override int Count => count;

    public ReadOnlySpan<byte> GetBytes(int row)
        => (uint)row < (uint)count ? _bytes.AsSpan(row * width, width) : throw new ArgumentOutOfRangeException(nameof(row));

    public override byte[] Get(int row) => GetBytes(row).ToArray();

    protected override void ReleaseBuffers()
    {
        var bytes = Interlocked.Exchange(ref _bytes, []);
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
