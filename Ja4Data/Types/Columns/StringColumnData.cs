using System.Numerics;

namespace Ja4Data.Types.Columns;

/// <summary>
/// A String column kept as the wire bytes (one pooled buffer plus end offsets); values are decoded to .NET strings
/// only when read, and raw bytes are available without decoding.
/// </summary>
/// <remarks>
/// Values of a String column tend to repeat (hosts, methods, user agents, fingerprints), so a small direct-mapped cache
/// of the strings already made from this block hands out the same instance again for the same bytes instead of
/// decoding and allocating once more; for a caller that keeps the values (a whole result) that is also memory saved.
/// A block whose values do not repeat turns the cache off after a probe of <see cref="ProbeLookups"/> values. Not
/// thread-safe, like the reader that owns the block.
/// </remarks>
internal sealed class StringColumnData : ColumnData<string>
{
    /// <summary>Cache slots: 1024.</summary>
    internal const int CacheSlots = 1 << CacheBits;

    private const int CacheBits = 10;

    /// <summary>Lookups after which a cache with fewer than a quarter hits is dropped for the rest of the block.</summary>
    internal const int ProbeLookups = 1024;

    // Longer values are decoded every time: they rarely repeat, and comparing them costs what decoding does.
    private const int MaxCachedBytes = 256;

    private byte[] _bytes;
    private readonly int[] _ends;
    private int[]? _cachedRows;
    private string[]? _cachedStrings;
    private int _lookups;
    private int _hits;

    public StringColumnData(byte[] pooledBytes, int[] pooledEnds, int count)
    {
        _bytes = pooledBytes;
        _ends = pooledEnds;
        Count = count;
    }

    public override int Count { get; }

    public ReadOnlySpan<byte> GetBytes(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        var start = row == 0 ? 0 : _ends[row - 1];
        return _bytes.AsSpan(start, _ends[row] - start);
    }

    public override string Get(int row)
    {
        var bytes = GetBytes(row);
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (bytes.Length > MaxCachedBytes || _lookups < 0)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        return Cached(bytes, row);
    }

    /// <summary>True while the block's cache is on (for tests).</summary>
    internal bool IsCaching => _lookups >= 0;

    private string Cached(ReadOnlySpan<byte> bytes, int row)
    {
        if (_cachedRows is null)
        {
            _cachedRows = ArrayPool<int>.Shared.Rent(CacheSlots);
            _cachedRows.AsSpan(0, CacheSlots).Fill(-1);
            _cachedStrings = ArrayPool<string>.Shared.Rent(CacheSlots);
        }

        var slot = Slot(bytes);
        var cachedRow = _cachedRows[slot];
        if (cachedRow >= 0 && GetBytes(cachedRow).SequenceEqual(bytes))
        {
            var hit = _cachedStrings![slot];
            _hits++;
            Probe();
            return hit;
        }

        var value = Encoding.UTF8.GetString(bytes);
        _cachedRows[slot] = row;
        _cachedStrings![slot] = value;
        Probe();
        return value;
    }

    private void Probe()
    {
        if (++_lookups == ProbeLookups && _hits < ProbeLookups / 4)
        {
            _lookups = -1;
            ReturnCache();
        }
    }

    // Length, the first and the last 8 bytes: cheap, and a collision only costs a comparison and a decode.
    internal static int Slot(ReadOnlySpan<byte> bytes)
    {
        ulong head, tail;
        if (bytes.Length >= sizeof(ulong))
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(bytes[^sizeof(ulong)..]);
        }
        else
        {
            head = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                head = (head << 8) | bytes[i];
            }

            tail = 0;
        }

        var hash = ((head * 0x9E3779B97F4A7C15UL) ^ BitOperations.RotateLeft(tail * 0xC2B2AE3D27D4EB4FUL, 31) ^ (ulong)bytes.Length) * 0x165667B19E3779F9UL;
        return (int)(hash >> (64 - CacheBits));
    }

    private void ReturnCache()
    {
        if (_cachedRows is { } rows)
        {
            ArrayPool<int>.Shared.Return(rows);
            ArrayPool<string>.Shared.Return(_cachedStrings!, clearArray: true);
            _cachedRows = null;
            _cachedStrings = null;
        }
    }

    protected override void ReleaseBuffers()
    {
        var bytes = Interlocked.Exchange(ref _bytes, []);
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<int>.Shared.Return(_ends);
        }

        ReturnCache();
    }
}
