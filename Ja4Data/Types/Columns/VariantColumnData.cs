namespace Ja4Data.Types.Columns;

/// <summary>A Variant (or flattened Dynamic) column: per row the alternative and the row within its dense column.</summary>
internal sealed class VariantColumnData(byte[] pooledDiscriminators, int[] pooledOffsets, int count, ColumnData[] alternatives) : ColumnData
{
    private byte[] _discriminators = pooledDiscriminators;
    private readonly int[] _offsets = pooledOffsets;

    public override int Count => count;

    /// <summary>The alternative of <paramref name="row"/>, or -1 for NULL.</summary>
    public int AlternativeAt(int row)
    {
        if ((uint)row >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        return _offsets[row] < 0 ? -1 : _discriminators[row];
    }

    public override bool IsNull(int row)
    {
        var alternative = AlternativeAt(row);
        return alternative < 0 || alternatives[alternative].IsNull(_offsets[row]);
    }

    public override object? GetValue(int row)
    {
        var alternative = AlternativeAt(row);
        return alternative < 0 ? null : alternatives[alternative].GetValue(_offsets[row]);
    }

    public override (ColumnData Column, int Row)? Resolve(int row)
    {
        var alternative = AlternativeAt(row);
        return alternative < 0 ? null : alternatives[alternative].Resolve(_offsets[row]);
    }

    protected override void ReleaseBuffers()
    {
        var discriminators = Interlocked.Exchange(ref _discriminators, []);
        if (discriminators.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(discriminators);
            ArrayPool<int>.Shared.Return(_offsets);
        }

        foreach (var alternative in alternatives)
        {
            alternative.Dispose();
        }
    }
}
