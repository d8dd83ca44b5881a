using System.Net.Sockets;

namespace Ja4Data.Protocol;

/// <summary>
/// The rule at every boundary where server bytes are decoded: whatever a decoder throws on bytes it cannot make sense
/// of (an overflow, an index out of range, an invalid cast...) is a <see cref="ClickHouseProtocolException"/>, never a
/// raw runtime exception. I/O failures, cancellation and errors already classified pass through unchanged; an
/// <see cref="OutOfMemoryException"/> is never mapped, because the decoders' bounds must prevent it.
/// </summary>
internal static class DecodeFailure
{
    /// <summary>True for an exception that is a decoding failure not yet expressed as a protocol error.</summary>
    public static bool IsUnmapped(Exception ex) =>
        ex is not (ClickHouseException or OperationCanceledException or IOException or SocketException
            or ObjectDisposedException or OutOfMemoryException);

    /// <summary>Text from the wire for a message: a hostile name can be a gigabyte long, so only its start is shown.</summary>
    public static string Excerpt(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "...");

    /// <summary>The protocol error for <paramref name="ex"/>, raised while decoding <paramref name="what"/>.</summary>
    public static ClickHouseProtocolException ToProtocolError(Exception ex, string what) =>
        new($"Cannot decode {what} ({ex.GetType().Name}: {ex.Message}); the bytes are corrupt or not ClickHouse's.", ex);
}
