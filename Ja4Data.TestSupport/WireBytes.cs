using System.Diagnostics.CodeAnalysis;
using System.Text;
using Ja4Data.Protocol;

namespace Ja4Data.TestSupport;

/// <summary>
/// Builds native-protocol bytes field by field, for expected client bytes and for what a fake server sends.
/// </summary>
/// <remarks>
/// Deliberately not the library's <c>ProtocolWriter</c>: a test that compares the client's bytes with these must not
/// share the encoder under test. <see cref="BinaryWriter"/> writes exactly the native protocol's primitives: its 7-bit
/// encoded integers are ClickHouse's VarUInt (LEB128), its strings are a VarUInt byte length and UTF-8, and its
/// fixed-width numbers are little-endian.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "A MemoryStream and a BinaryWriter over it hold nothing that disposing releases.")]
internal sealed class WireBytes
{
    private readonly MemoryStream _bytes = new();
    private readonly BinaryWriter _writer;

    public WireBytes()
    {
        // Encoding.UTF8 replaces a lone surrogate as ClickHouse clients do, where BinaryWriter's default would throw.
        _writer = new BinaryWriter(_bytes, Encoding.UTF8);
    }

    /// <summary>Raw bytes written as hex; spaces are ignored.</summary>
    public WireBytes Hex(string hex) => With(w => w.Write(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal))));

    public WireBytes Bytes(byte[] bytes) => With(w => w.Write(bytes));

    /// <summary>A VarUInt: 7 bits a byte, low bits first, high bit set on all but the last byte.</summary>
    public WireBytes Var(ulong value) => With(w => w.Write7BitEncodedInt64(unchecked((long)value)));

    /// <summary>A String: its UTF-8 byte length as a VarUInt, then the bytes.</summary>
    public WireBytes Str(string value) => With(w => w.Write(value));

    public WireBytes Byte(byte value) => With(w => w.Write(value));

    public WireBytes Int32(int value) => With(w => w.Write(value));

    public WireBytes UInt64(ulong value) => With(w => w.Write(value));

    public byte[] ToArray()
    {
        _writer.Flush();
        return _bytes.ToArray();
    }

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    /// <summary>The library's reader over <paramref name="bytes"/>, optionally one byte per read.</summary>
    public static StreamProtocolReader Reader(byte[] bytes, bool trickle = false)
        => new(trickle ? new TrickleStream(bytes) : new MemoryStream(bytes));

    private WireBytes With(Action<BinaryWriter> write)
    {
        write(_writer);
        return this;
    }
}
