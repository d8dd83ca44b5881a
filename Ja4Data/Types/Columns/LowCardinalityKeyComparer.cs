namespace Ja4Data.Types.Columns;

/// <summary>Dictionary-key equality for LowCardinality values: by value, and by content for byte arrays.</summary>
internal sealed class LowCardinalityKeyComparer : IEqualityComparer<object>
{
    public static readonly LowCardinalityKeyComparer Instance = new();

    public new bool Equals(object? x, object? y)
        => x is byte[] a && y is byte[] b ? a.AsSpan().SequenceEqual(b) : object.Equals(x, y);

    public int GetHashCode(object obj)
    {
        if (obj is byte[] bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }

        return obj.GetHashCode();
    }
}
