namespace Ja4Data.Types.Columns;

/// <summary>
/// Maps between a raw wire value and its .NET value. Implemented by structs so the JIT specialises the fixed-width
/// column classes per type and the mapping inlines (no delegate call per row).
/// </summary>
internal interface IValueMapper<TRaw, T>
    where TRaw : unmanaged
{
    T Map(TRaw raw);

    TRaw Unmap(T value);

    /// <summary>
    /// Converts any accepted .NET input (docs/types.md, "Also accepted when writing") to the raw value; throws
    /// <see cref="InvalidCastException"/> or <see cref="OverflowException"/> describing what was expected.
    /// </summary>
    TRaw FromObject(object value);
}
