namespace Ja4Data;

/// <summary>One Progress packet from the server: increments since the previous packet.</summary>
/// <param name="ReadRows">Rows read since the last packet.</param>
/// <param name="ReadBytes">Bytes read since the last packet.</param>
/// <param name="TotalRowsToRead">Increase of the estimated total rows to read.</param>
/// <param name="TotalBytesToRead">Increase of the estimated total bytes to read (revision 54463 and later).</param>
/// <param name="WrittenRows">Rows written since the last packet (revision 54420 and later).</param>
/// <param name="WrittenBytes">Bytes written since the last packet (revision 54420 and later).</param>
/// <param name="ElapsedNanoseconds">Server time since the previous packet (revision 54460 and later).</param>
public readonly record struct QueryProgress(long ReadRows, long ReadBytes, long TotalRowsToRead, long TotalBytesToRead, long WrittenRows, long WrittenBytes, long ElapsedNanoseconds);
