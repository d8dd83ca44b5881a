using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Ja4Data.Protocol;

/// <summary>
/// A buffered reader of protocol primitives. Every method takes <c>async</c>: the same code path serves the sync
/// API (the underlying source then blocks and every ValueTask completes synchronously) and the async one.
/// Fast paths decode straight from the buffer; the buffer only grows while bytes actually arrive, so a hostile length
/// prefix cannot make us allocate memory the peer never sent.
/// </summary>
internal abstract class ProtocolReader : IDisposable
{
    /// <summary>Upper bound for one String; larger length prefixes are corrupt or hostile input.</summary>
    public const int MaxStringLength = 1 << 30;

    private const int InitialBufferSize = 64 * 1024;

    private byte[] _buffer;
    private int _start;
    private int _end;

    protected ProtocolReader(int initialSize = InitialBufferSize)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

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
        var read = await ReadCoreAsync(_buffer.AsMemory(_end), async, cancellationToken);
        if (read <= 0)
        {
            return false;
        }

        _end += read;
        return true;
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
        ArrayPool<byte>.Shared.Return(_buffer);
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

    /// <summary>Copies <paramref name="count"/> fixed-width little-endian values into <paramref name="destination"/>.</summary>
    public async ValueTask ReadExactAsync<T>(T[] destination, int count, bool async, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var total = checked(count * Unsafe.SizeOf<T>());
        var done = 0;
        while (done < total)
        {
            if (_end == _start)
            {
                await FillAsync(async, cancellationToken);
            }

            var n = Math.Min(total - done, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(MemoryMarshal.AsBytes(destination.AsSpan(0, count))[done..]);
            _start += n;
            done += n;
        }
    }

    public virtual void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        GC.SuppressFinalize(this);
    }
}
