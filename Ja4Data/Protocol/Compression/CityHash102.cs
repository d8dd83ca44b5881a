using static System.Numerics.BitOperations;

namespace Ja4Data.Protocol.Compression;

/// <summary>
/// CityHash 1.0.2 (Pike and Alakuijala, Google 2011): the version ClickHouse froze as <c>CityHash_v1_0_2</c> for the
/// checksum of compressed frames and for <c>cityHash64</c>. Later CityHash releases and FarmHash changed the short-input
/// paths, so a stock library gives different values. Inputs are read as little-endian words, as on the servers.
/// </summary>
internal static class CityHash102
{
    // Primes between 2^63 and 2^64 chosen by the CityHash authors.
    private const ulong K0 = 0xc3a5c85c97cb3127UL;
    private const ulong K1 = 0xb492b66fbe98f273UL;
    private const ulong K2 = 0x9ae16a3b2f90404fUL;
    private const ulong K3 = 0xc949d7c7509e6557UL;
    private const ulong KMul = 0x9ddfea08eb382d69UL;

    /// <summary>CityHash128 of <paramref name="data"/>; the frame checksum stores the low half first.</summary>
    public static UInt128 CityHash128(ReadOnlySpan<byte> data)
    {
        // 1.0.2 seeds from the first 16 bytes and hashes the rest; 8..15-byte inputs are folded into the seed alone.
        if (data.Length >= 16)
        {
            return CityHash128WithSeed(data[16..], Fetch64(data, 0) ^ K3, Fetch64(data, 8));
        }

        if (data.Length >= 8)
        {
            return CityHash128WithSeed(
                ReadOnlySpan<byte>.Empty,
                Fetch64(data, 0) ^ ((ulong)data.Length * K0),
                Fetch64(data, data.Length - 8) ^ K1);
        }

        return CityHash128WithSeed(data, K0, K1);
    }

    /// <summary>CityHash64 of <paramref name="data"/> (ClickHouse's <c>cityHash64</c> of one string argument).</summary>
    public static ulong CityHash64(ReadOnlySpan<byte> data)
    {
        var s = data;
        var len = s.Length;
        if (len <= 16)
        {
            return HashLen0To16(s);
        }

        if (len <= 32)
        {
            return HashLen17To32(s);
        }

        if (len <= 64)
        {
            return HashLen33To64(s);
        }

        // Hash the last 64 bytes first, then the 64-byte chunks from the start (the last one overlapping that tail).
        var x = Fetch64(s, 0);
        var y = Fetch64(s, len - 16) ^ K1;
        var z = Fetch64(s, len - 56) ^ K0;
        var (v0, v1) = WeakHashLen32WithSeeds(s[(len - 64)..], (ulong)len, y);
        var (w0, w1) = WeakHashLen32WithSeeds(s[(len - 32)..], (ulong)len * K1, K0);
        z += ShiftMix(v1) * K1;
        x = RotateRight(z + x, 39) * K1;
        y = RotateRight(y, 33) * K1;

        ref var start = ref MemoryMarshal.GetReference(s);
        var chunks = (len - 1) / 64;
        for (nint offset = 0; chunks > 0; chunks--, offset += 64)
        {
            Mix64(ref Unsafe.Add(ref start, offset), ref x, ref y, ref z, ref v0, ref v1, ref w0, ref w1);
        }

        return HashLen16(HashLen16(v0, w0) + (ShiftMix(y) * K1) + z, HashLen16(v1, w1) + x);
    }

    private static UInt128 CityHash128WithSeed(ReadOnlySpan<byte> s, ulong x, ulong y)
    {
        if (s.Length < 128)
        {
            return CityMurmur(s, x, y);
        }

        var len = s.Length;
        ref var start = ref MemoryMarshal.GetReference(s);
        var z = (ulong)len * K1;
        var v0 = (RotateRight(y ^ K1, 49) * K1) + Load64(ref start, 0);
        var v1 = (RotateRight(v0, 42) * K1) + Load64(ref start, 8);
        var w0 = (RotateRight(y + z, 35) * K1) + x;
        var w1 = RotateRight(x + Load64(ref start, 88), 53) * K1;

        // The hot loop: bounds are checked once here instead of on every word (len >= 128 guaranteed above).
        nint offset = 0;
        nint end = len - (len % 128);
        do
        {
            Mix64(ref Unsafe.Add(ref start, offset), ref x, ref y, ref z, ref v0, ref v1, ref w0, ref w1);
            Mix64(ref Unsafe.Add(ref start, offset + 64), ref x, ref y, ref z, ref v0, ref v1, ref w0, ref w1);
            offset += 128;
        }
        while (offset < end);

        y += (RotateRight(w0, 37) * K0) + z;
        x += RotateRight(v0 + z, 49) * K0;

        // Up to four 32-byte chunks counted back from the end; they may overlap bytes already mixed above.
        var tail = len - (int)end;
        for (var tailDone = 0; tailDone < tail;)
        {
            tailDone += 32;
            var chunk = len - tailDone;
            y = (RotateRight(y - x, 42) * K0) + v1;
            w0 += Fetch64(s, chunk + 16);
            x = (RotateRight(x, 49) * K0) + w0;
            w0 += v0;
            (v0, v1) = WeakHashLen32WithSeeds(s[chunk..], v0, v1);
        }

        x = HashLen16(x, v0);
        y = HashLen16(y, w0);
        return new UInt128(HashLen16(x + w1, y + v1), HashLen16(x + v1, w1) + y);
    }

    // CityHash128's routine for inputs under 128 bytes, "based on City and Murmur".
    private static UInt128 CityMurmur(ReadOnlySpan<byte> s, ulong a, ulong b)
    {
        var len = s.Length;
        ulong c;
        ulong d;
        if (len <= 16)
        {
            a = ShiftMix(a * K1) * K1;
            c = (b * K1) + HashLen0To16(s);
            d = ShiftMix(a + (len >= 8 ? Fetch64(s, 0) : c));
        }
        else
        {
            c = HashLen16(Fetch64(s, len - 8) + K1, a);
            d = HashLen16(b + (ulong)len, c + Fetch64(s, len - 16));
            a += d;
            for (var offset = 0; offset < len - 16; offset += 16)
            {
                a ^= ShiftMix(Fetch64(s, offset) * K1) * K1;
                a *= K1;
                b ^= a;
                c ^= ShiftMix(Fetch64(s, offset + 8) * K1) * K1;
                c *= K1;
                d ^= c;
            }
        }

        a = HashLen16(a, c);
        b = HashLen16(d, b);
        return new UInt128(HashLen16(b, a), a ^ b);
    }

    // One 64-byte step shared by CityHash64 and CityHash128 (the reference swaps z and x at its end).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mix64(
        ref byte chunk, ref ulong x, ref ulong y, ref ulong z, ref ulong v0, ref ulong v1, ref ulong w0, ref ulong w1)
    {
        var p0 = Load64(ref chunk, 0);
        var p1 = Load64(ref chunk, 8);
        var p2 = Load64(ref chunk, 16);
        var p3 = Load64(ref chunk, 24);
        var p4 = Load64(ref chunk, 32);
        var p5 = Load64(ref chunk, 40);
        var p6 = Load64(ref chunk, 48);
        var p7 = Load64(ref chunk, 56);

        var nx = RotateRight(x + y + v0 + p2, 37) * K1;
        var ny = RotateRight(y + v1 + p6, 42) * K1;
        nx ^= w1;
        ny ^= v0;
        var nz = RotateRight(z ^ w0, 33);
        (v0, v1) = WeakHashLen32WithSeeds(p0, p1, p2, p3, v1 * K1, nx + w0);
        (w0, w1) = WeakHashLen32WithSeeds(p4, p5, p6, p7, nz + w1, ny);
        x = nz;
        y = ny;
        z = nx;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong First, ulong Second) WeakHashLen32WithSeeds(
        ulong w, ulong x, ulong y, ulong z, ulong a, ulong b)
    {
        a += w;
        b = RotateRight(b + a + z, 21);
        var c = a;
        a += x;
        a += y;
        b += RotateRight(a, 44);
        return (a + z, b + c);
    }

    private static (ulong First, ulong Second) WeakHashLen32WithSeeds(ReadOnlySpan<byte> s, ulong a, ulong b) =>
        WeakHashLen32WithSeeds(Fetch64(s, 0), Fetch64(s, 8), Fetch64(s, 16), Fetch64(s, 24), a, b);

    private static ulong HashLen0To16(ReadOnlySpan<byte> s)
    {
        var len = s.Length;
        if (len > 8)
        {
            var a = Fetch64(s, 0);
            var b = Fetch64(s, len - 8);
            return HashLen16(a, RotateRight(b + (ulong)len, len)) ^ b;
        }

        if (len >= 4)
        {
            ulong a = BinaryPrimitives.ReadUInt32LittleEndian(s);
            return HashLen16((ulong)len + (a << 3), BinaryPrimitives.ReadUInt32LittleEndian(s[(len - 4)..]));
        }

        if (len > 0)
        {
            var y = s[0] + ((uint)s[len >> 1] << 8);
            var z = (uint)len + ((uint)s[len - 1] << 2);
            return ShiftMix((y * K2) ^ (z * K3)) * K2;
        }

        return K2;
    }

    private static ulong HashLen17To32(ReadOnlySpan<byte> s)
    {
        var len = s.Length;
        var a = Fetch64(s, 0) * K1;
        var b = Fetch64(s, 8);
        var c = Fetch64(s, len - 8) * K2;
        var d = Fetch64(s, len - 16) * K0;
        return HashLen16(
            RotateRight(a - b, 43) + RotateRight(c, 30) + d,
            a + RotateRight(b ^ K3, 20) - c + (ulong)len);
    }

    private static ulong HashLen33To64(ReadOnlySpan<byte> s)
    {
        var len = s.Length;
        var z = Fetch64(s, 24);
        var a = Fetch64(s, 0) + (((ulong)len + Fetch64(s, len - 16)) * K0);
        var b = RotateRight(a + z, 52);
        var c = RotateRight(a, 37);
        a += Fetch64(s, 8);
        c += RotateRight(a, 7);
        a += Fetch64(s, 16);
        var vf = a + z;
        var vs = b + RotateRight(a, 31) + c;
        a = Fetch64(s, 16) + Fetch64(s, len - 32);
        z = Fetch64(s, len - 8);
        b = RotateRight(a + z, 52);
        c = RotateRight(a, 37);
        a += Fetch64(s, len - 24);
        c += RotateRight(a, 7);
        a += Fetch64(s, len - 16);
        var wf = a + z;
        var ws = b + RotateRight(a, 31) + c;
        var r = ShiftMix(((vf + ws) * K2) + ((wf + vs) * K0));
        return ShiftMix((r * K0) + vs) * K2;
    }

    // Hash128to64 of CityHash's city.h: a Murmur-inspired 128 -> 64 bit mix.
    private static ulong HashLen16(ulong u, ulong v)
    {
        var a = (u ^ v) * KMul;
        a ^= a >> 47;
        var b = (v ^ a) * KMul;
        b ^= b >> 47;
        return b * KMul;
    }

    private static ulong ShiftMix(ulong value) => value ^ (value >> 47);

    private static ulong Fetch64(ReadOnlySpan<byte> s, int offset) =>
        BinaryPrimitives.ReadUInt64LittleEndian(s[offset..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load64(ref byte start, nint offset)
    {
        var value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }
}
