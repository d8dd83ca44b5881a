namespace Ja4Data.Protocol;

/// <summary>
/// A buffered reader of protocol primitives. Every method takes <c>async</c>: the same code path serves the sync
/// API (the underlying source then blocks and every ValueTask completes synchronously) and the async one.
/// Fast paths decode straight from the buffer; the buffer only grows while bytes actually arrive, so a hostile length
/// prefix cannot make us allocate memory the peer never sent.
/// </summary>
/// <remarks>
/// The reader also keeps the books that bound decoding (docs/reliability.md, "Hostile input"): the bytes received in the
/// current block (capped by <see cref="MaxBlockBytes"/>), the memory decoders reserved against them
/// (<see cref="TryReserve"/>, <see cref="ReadArrayAsync{T}"/>), and how deep wire-driven type nesting goes.
/// </remarks>
internal abstract class ProtocolReader : IDisposable
{
    /// <summary>Upper bound for one String; larger length prefixes are corrupt or hostile input (ClickHouse's own limit).</summary>
    public const int MaxStringLength = 1 << 30;

    /// <summary>Default of <see cref="MaxBlockBytes"/>: 1 GiB, the largest String ClickHouse itself reads.</summary>
    public const long DefaultMaxBlockBytes = 1L << 30;

    /// <summary>
    /// What decoders of one block may reserve before any of its data arrived; beyond it, reservations are limited to
    /// twice the bytes received, so a count on the wire cannot make us allocate memory the peer never sent.
    /// </summary>
    public const long AllocationSlack = 1 << 20;

    private const int InitialBufferSize = 64 * 1024;

    // Keeps byte spans of one copy far from int.MaxValue, whatever the element size.
    private const int MaxCopyBytes = 1 << 30;

    private const int StagingSize = 256 * 1024;

    private readonly int _initialSize;
    private byte[]? _staging;
    private byte[] _buffer;
    private int _start;
    private int _end;

    private long _received;
    private long _blockStart;
    private long _reserved;
    private bool _inBlock;

    protected ProtocolReader(int initialSize = InitialBufferSize)
    {
        _initialSize = initialSize;
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    /// <summary>Most bytes one block may take (decompressed); more is a protocol error that names the setting.</summary>
    public long MaxBlockBytes { get; set; } = DefaultMaxBlockBytes;

    /// <summary>How many levels of type nesting the wire has opened (see <see cref="EnterNesting"/>).</summary>
    public int NestingDepth { get; private set; }

    /// <summary>Bytes the current block may still take before it exceeds <see cref="MaxBlockBytes"/>.</summary>
    protected long RemainingBlockBytes => _inBlock ? MaxBlockBytes - (_received - _blockStart) : long.MaxValue;

    /// <summary>Size of the buffers this reader holds, for tests and diagnostics.</summary>
    public int BufferCapacity => _buffer.Length + (_staging?.Length ?? 0);

    /// <summary>The bytes buffered and not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Number of bytes buffered and not yet consumed.</summary>
    public int BufferedCount => _end - _start;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_end - _start))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _start += count;
    }

    /// <summary>Makes sure at least <paramref name="count"/> bytes are buffered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValueTask EnsureAsync(int count, bool async, CancellationToken cancellationToken)
        => _end - _start >= count ? default : EnsureSlowAsync(count, async, cancellationToken);

    /// <summary>Buffers at least one more byte; throws at end of stream.</summary>
    public ValueTask FillAsync(bool async, CancellationToken cancellationToken)
        => EnsureSlowAsync(_end - _start + 1, async, cancellationToken);

    private async ValueTask EnsureSlowAsync(int count, bool async, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            if (!await TryFillAsync(count, async, cancellationToken))
            {
                throw UnexpectedEnd(count - (_end - _start));
            }
        }
    }

    /// <summary>Reads once from the source into the buffer; false at end of stream.</summary>
    public async ValueTask<bool> TryFillAsync(int wanted, bool async, CancellationToken cancellationToken)
    {
        PrepareFreeSpace(wanted);
        int read;
        if (_buffer.Length <= ConnectionBuffers.RetainedLimit)
        {
            read = await ReadCoreAsync(_buffer.AsMemory(_end), async, cancellationToken);
        }
        else
        {
            // A source may hold on to the memory of its last read (a socket keeps it in its cached event arguments):
            // an oversized buffer is filled through a small one, so that nothing but this reader refers to it and it
            // can be given back after the statement.
            _staging ??= new byte[StagingSize];
            read = await ReadCoreAsync(_staging.AsMemory(0, Math.Min(StagingSize, _buffer.Length - _end)), async, cancellationToken);
            _staging.AsSpan(0, Math.Max(read, 0)).CopyTo(_buffer.AsSpan(_end));
        }

        if (read <= 0)
        {
            return false;
        }

        _end += read;
        _received += read;
        if (_inBlock && _received - _blockStart > MaxBlockBytes)
        {
            throw BlockTooLarge(MaxBlockBytes);
        }

        return true;
    }

    /// <summary>
    /// Starts the books of one block (or of another packet that carries strings, such as an exception): bytes from here
    /// on (including those already buffered) count against <see cref="MaxBlockBytes"/>, and reservations start afresh.
    /// </summary>
    public void BeginBlock()
    {
        _inBlock = true;
        _blockStart = _received - BufferedCount;
        _reserved = 0;
    }

    /// <summary>Ends the books of the current block.</summary>
    public void EndBlock() => _inBlock = false;

    /// <summary>Reads one packet with <paramref name="read"/> inside the books of a block (see <see cref="BeginBlock"/>).</summary>
    public async ValueTask<T> ReadWithinBlockLimitAsync<T>(Func<ProtocolReader, bool, CancellationToken, ValueTask<T>> read, bool async, CancellationToken cancellationToken)
    {
        BeginBlock();
        try
        {
            return await read(this, async, cancellationToken);
        }
        finally
        {
            EndBlock();
        }
    }

    /// <summary>The error for a block above <paramref name="limit"/> bytes; it names the setting that raises it.</summary>
    public static ClickHouseProtocolException BlockTooLarge(long limit) => new(
        $"More than {limit} bytes arrived in one block (or other packet). The limit is the MaxBlockBytes setting ({ClickHouseEnvironmentVariables.MaxBlockBytes}): "
        + "raise it if the server really sends blocks that large, or make them smaller on the server (max_block_size, preferred_block_size_bytes).");

    /// <summary>
    /// Reserves <paramref name="bytes"/> of memory for a decoder ahead of the data: granted while the block's
    /// reservations stay within twice the bytes received in it plus <see cref="AllocationSlack"/>. A decoder that is
    /// refused allocates as the data arrives instead (<see cref="ReadArrayAsync{T}"/>, <see cref="Grow{T}"/>).
    /// </summary>
    public bool TryReserve(long bytes)
    {
        if (bytes > (2 * (_received - _blockStart)) + AllocationSlack - _reserved)
        {
            return false;
        }

        _reserved += bytes;
        return true;
    }

    /// <summary>Books memory proportional to bytes already consumed (say, one offset per discriminator byte read).</summary>
    public void Reserve(long bytes) => _reserved += bytes;

    /// <summary>The number of <typeparamref name="T"/> items a decoder may allocate now for <paramref name="wanted"/> items.</summary>
    public int InitialCapacity<T>(int wanted)
    {
        var size = Unsafe.SizeOf<T>();
        if (TryReserve((long)wanted * size))
        {
            return wanted;
        }

        var affordable = ((2 * (_received - _blockStart)) + AllocationSlack - _reserved) / size;
        var capacity = (int)Math.Clamp(affordable, Math.Min(wanted, 256), wanted);
        _reserved += (long)capacity * size;
        return capacity;
    }

    /// <summary>
    /// Doubles <paramref name="array"/> (pooled) so that it holds at least <paramref name="needed"/> items, keeping the
    /// first <paramref name="used"/>. Callers grow only after the items that filled it were decoded from bytes received,
    /// so this allocation follows the data.
    /// </summary>
    public void Grow<T>(ref T[] array, int used, int needed)
    {
        if (needed <= array.Length)
        {
            return;
        }

        var size = Math.Min(Math.Max((long)array.Length * 2, needed), Array.MaxLength);
        if (size < needed)
        {
            throw new ClickHouseProtocolException($"A column needs more than {Array.MaxLength} values, more than a block can hold.");
        }

        var bigger = ArrayPool<T>.Shared.Rent((int)size);
        _reserved += (long)(bigger.Length - array.Length) * Unsafe.SizeOf<T>();
        Array.Copy(array, bigger, used);
        ArrayPool<T>.Shared.Return(array, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        array = bigger;
    }

    /// <summary>
    /// Reads <paramref name="count"/> fixed-width values into a pooled array (at least <paramref name="count"/> long).
    /// The array is rented whole when <see cref="TryReserve"/> grants it, else it grows as the values arrive.
    /// </summary>
    public async ValueTask<T[]> ReadArrayAsync<T>(int count, bool async, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var array = ArrayPool<T>.Shared.Rent(Math.Max(InitialCapacity<T>(count), 1));
        try
        {
            var done = 0;
            while (done < count)
            {
                Grow(ref array, done, done + 1);
                var n = Math.Min(count, array.Length) - done;
                await ReadExactAsync(array, done, n, async, cancellationToken);
                done += n;
            }

            return array;
        }
        catch
        {
            ArrayPool<T>.Shared.Return(array);
            throw;
        }
    }

    /// <summary>
    /// Opens <paramref name="levels"/> levels of type nesting that the wire chose (Dynamic and JSON name their types in
    /// the data); fails when nesting would pass <paramref name="max"/>. Pair with <see cref="ExitNesting"/>.
    /// </summary>
    public void EnterNesting(int levels, int max, string what)
    {
        if (NestingDepth + levels > max)
        {
            throw new ClickHouseProtocolException($"{what} are nested deeper than {max} levels, more than any real schema; the data is corrupt or hostile.");
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        NestingDepth += levels;
    }

    public void ExitNesting(int levels) => NestingDepth -= levels;

    /// <summary>
    /// After a statement: a buffer that grew past <see cref="ConnectionBuffers.RetainedLimit"/> (a huge value or frame)
    /// is dropped for the garbage collector, not kept for the connection's lifetime nor parked in the shared pool.
    /// </summary>
    public virtual void ReleaseOversizedBuffer()
    {
        if (_buffer.Length <= ConnectionBuffers.RetainedLimit || _end - _start > _initialSize)
        {
            return;
        }

        _staging = null;
        var smaller = ArrayPool<byte>.Shared.Rent(_initialSize);
        Buffer.BlockCopy(_buffer, _start, smaller, 0, _end - _start);
        _buffer = smaller;
        _end -= _start;
        _start = 0;
    }

    // Compacts, and grows the buffer only when it is full: at most doubling what has really arrived.
    private void PrepareFreeSpace(int wanted)
    {
        if (_start > 0 && (_end == _buffer.Length || _start == _end))
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end < _buffer.Length)
        {
            return;
        }

        var newSize = (int)Math.Min(Math.Max(wanted, 16), Math.Min((long)_buffer.Length * 2, Array.MaxLength));
        var bigger = ArrayPool<byte>.Shared.Rent(newSize);
        Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
        ConnectionBuffers.Return(_buffer);
        _buffer = bigger;
        _end -= _start;
        _start = 0;
    }

    /// <summary>Reads up to <c>destination.Length</c> bytes from the underlying source; 0 at end of stream.</summary>
    protected abstract ValueTask<int> ReadCoreAsync(Memory<byte> destination, bool async, CancellationToken cancellationToken);

    /// <summary>The exception to raise when the source ends early.</summary>
    protected virtual Exception UnexpectedEnd(int missing)
        => new ClickHouseProtocolException($"The server closed the stream {missing} byte(s) before the end of a packet.");

    public ValueTask<byte> ReadByteAsync(bool async, CancellationToken cancellationToken)
    {
        if (_end > _start)
        {
            return new ValueTask<byte>(_buffer[_start++]);
        }

        return Slow(this, async, cancellationToken);

        static async ValueTask<byte> Slow(ProtocolReader r, bool async, CancellationToken ct)
        {
            await r.EnsureSlowAsync(1, async, ct);
            return r._buffer[r._start++];
        }
    }

    public async ValueTask<bool> ReadBoolAsync(bool async, CancellationToken cancellationToken)
        => await ReadByteAsync(async, cancellationToken) != 0;

    public ValueTask<ulong> ReadVarUIntAsync(bool async, CancellationToken cancellationToken)
    {
        var consumed = VarInt.TryRead(Buffered, out var value);
        if (consumed > 0)
        {
            _start += consumed;
            return new ValueTask<ulong>(value);
        }

        return Slow(this, async, cancellationToken);

        static async ValueTask<ulong> Slow(ProtocolReader r, bool async, CancellationToken ct)
        {
            while (true)
            {
                await r.FillAsync(async, ct);
                var n = VarInt.TryRead(r.Buffered, out var v);
                if (n > 0)
                {
                    r._start += n;
                    return v;
                }
            }
        }
    }

    /// <summary>A VarUInt that must fit a non-negative <see cref="int"/> no larger than <paramref name="max"/>.</summary>
    public async ValueTask<int> ReadCountAsync(string what, int max, bool async, CancellationToken cancellationToken)
    {
        var value = await ReadVarUIntAsync(async, cancellationToken);
        if (value > (ulong)max)
        {
            throw new ClickHouseProtocolException($"Impossible {what} on the wire: {value} (limit {max}).");
        }

        return (int)value;
    }

    public async ValueTask<int> ReadInt32Async(bool async, CancellationToken cancellationToken)
    {
        await EnsureAsync(4, async, cancellationToken);
        var value = BinaryPrimitives.ReadInt32LittleEndian(Buffered);
        _start += 4;
        return value;
    }

    public async ValueTask<ulong> ReadUInt64Async(bool async, CancellationToken cancellationToken)
    {
        await EnsureAsync(8, async, cancellationToken);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(Buffered);
        _start += 8;
        return value;
    }

    /// <summary>Reads a protocol String and decodes it as UTF-8 straight from the buffer.</summary>
    public async ValueTask<string> ReadStringAsync(bool async, CancellationToken cancellationToken)
    {
        var length = await ReadCountAsync("string length", MaxStringLength, async, cancellationToken);
        if (length == 0)
        {
            return string.Empty;
        }

        await EnsureAsync(length, async, cancellationToken);
        var text = Encoding.UTF8.GetString(_buffer, _start, length);
        _start += length;
        return text;
    }

    /// <summary>Skips a protocol String.</summary>
    public async ValueTask SkipStringAsync(bool async, CancellationToken cancellationToken)
    {
        var length = await ReadCountAsync("string length", MaxStringLength, async, cancellationToken);
        await SkipAsync(length, async, cancellationToken);
    }

    public async ValueTask SkipAsync(int count, bool async, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_end == _start)
            {
                await FillAsync(async, cancellationToken);
            }

            var n = Math.Min(count, _end - _start);
            _start += n;
            count -= n;
        }
    }

    /// <summary>
    /// Copies exactly <paramref name="destination"/>'s length into it, through the buffer, without growing the
    /// buffer (used for whole fixed-width columns).
    /// </summary>
    public async ValueTask ReadExactAsync(Memory<byte> destination, bool async, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            if (_end == _start)
            {
                await FillAsync(async, cancellationToken);
            }

            var n = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination.Span);
            _start += n;
            destination = destination[n..];
        }
    }

    /// <summary>Copies <paramref name="count"/> fixed-width little-endian values into <paramref name="destination"/> from <paramref name="start"/> on.</summary>
    public async ValueTask ReadExactAsync<T>(T[] destination, int start, int count, bool async, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var perCopy = MaxCopyBytes / Unsafe.SizeOf<T>();
        while (count > 0)
        {
            var items = Math.Min(count, perCopy);
            var total = items * Unsafe.SizeOf<T>();
            var done = 0;
            while (done < total)
            {
                if (_end == _start)
                {
                    await FillAsync(async, cancellationToken);
                }

                var n = Math.Min(total - done, _end - _start);
                _buffer.AsSpan(_start, n).CopyTo(MemoryMarshal.AsBytes(destination.AsSpan(start, items))[done..]);
                _start += n;
                done += n;
            }

            start += items;
            count -= items;
        }
    }

    public virtual void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        ConnectionBuffers.Return(buffer);
        GC.SuppressFinalize(this);
    }
}
