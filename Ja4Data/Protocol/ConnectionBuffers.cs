namespace Ja4Data.Protocol;

/// <summary>
/// The policy for the byte buffers a connection owns (reader, decompressor, writer): they come from the shared pool,
/// but one that grew past <see cref="RetainedLimit"/> for a huge value, frame or block is neither kept after the
/// statement nor parked in the shared pool; the garbage collector takes it (docs/reliability.md, "Hostile input").
/// </summary>
internal static class ConnectionBuffers
{
    /// <summary>
    /// Largest buffer kept between statements: 4 MiB covers the 1 MiB frames servers write (and their compressed
    /// form) with room, so ordinary results never re-grow a buffer.
    /// </summary>
    public const int RetainedLimit = 4 << 20;

    /// <summary>Returns <paramref name="buffer"/> to the shared pool, unless it is empty or oversized.</summary>
    public static void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= RetainedLimit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// As <see cref="Return(byte[])"/> for the arrays of column builders, which an insert of one huge value grows as
    /// far as the writer's buffer: the shared pool keeps what it is given for the life of the process.
    /// </summary>
    public static void Return<T>(T[] array)
    {
        if (array.Length > 0 && (long)array.Length * Unsafe.SizeOf<T>() <= RetainedLimit)
        {
            ArrayPool<T>.Shared.Return(array, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }
}
