namespace Ja4Data.Types.Columns;

/// <summary>
/// A fixed-width column: the wire bytes copied once into a pooled <typeparamref name="TRaw"/> array, mapped to
/// <typeparamref name="T"/> on access. Decoding allocates nothing per row.
/// </summary>
internal sealed class FixedColumnData<TRaw, T, TMapper> : ColumnData<T>
    where TRaw : unmanaged
    where TMapper : struct, IValueMapper<TRaw, T>
{
    private readonly TMapper _mapper;
    private TRaw[] _values;

    public FixedColumnData(TRaw[] pooledValues, int count, TMapper mapper)
    {
        _values = pooledValues;
        Count = count;
        _mapper = mapper;
    }

    public override int Count { get; }

    public ReadOnlySpan<TRaw> Raw => _values.AsSpan(0, Count);

    public override T Get(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        return _mapper.Map(_values[row]);
    }

    protected override void ReleaseBuffers()
    {
        var values = Interlocked.Exchange(ref _values, []);
        if (values.Length > 0)
        {
            ArrayPool<TRaw>.Shared.Return(values);
        }
    }
}
