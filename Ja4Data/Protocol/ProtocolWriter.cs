namespace Ja4Data.Protocol;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over pooled memory with the protocol's primitives. Packets and column data are
/// written synchronously into it; only <see cref="FlushAsync"/> touches the socket.
/// </summary>
internal sealed class ProtocolWriter : IBufferWriter<byte>, IDisposable
{
    private readonly int _initialSize;
    private const int StagingSize = 256 * 1024;

    private readonly int _chunkSize;
    private readonly ChunkSink? _sink;
    private byte[] _buffer;
    private int _length;

    public ProtocolWriter(int initialSize = 64 * 1024)
    {
        _initialSize = initialSize;
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    /// <summary>
    /// A writer that stays within about two chunks however much is written (it starts small and grows like any other
    /// up to there): instead of growing further, it hands every whole <paramref name="chunkSize"/>-byte chunk written
    /// so far to <paramref name="sink"/> (in order) and keeps only the remainder. What is still held at the end is
    /// <see cref="WrittenSpan"/>. Writers that stream through it must never go back to bytes they advanced over.
    /// </summary>
    public ProtocolWriter(int chunkSize, ChunkSink sink)
        : this(Math.Min(chunkSize, 64 * 1024))
    {
        _chunkSize = chunkSize;
        _sink = sink;
    }

    /// <summary>Takes one whole chunk of a chunking writer; the span is only valid during the call.</summary>
    public delegate void ChunkSink(ReadOnlySpan<byte> chunk);

    /// <summary>Size of the buffer this writer holds, for tests and diagnostics.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>
    /// When nothing is pending, drops a buffer that grew past <see cref="ConnectionBuffers.RetainedLimit"/> (a huge
    /// block) for the garbage collector, instead of keeping it for the connection's lifetime.
    /// </summary>
    public void ReleaseOversizedBuffer()
    {
        if (_length == 0 && _buffer.Length > ConnectionBuffers.RetainedLimit)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(_initialSize);
        }
    }

    /// <summary>Bytes written and not yet flushed.</summary>
    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>The bytes written so far, for an asynchronous consumer; valid until the next write, Clear or Dispose.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Drops what was written after the first <paramref name="length"/> bytes (a packet abandoned half-way).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)_length, nameof(length));
        _length = length;
    }

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _length))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (_buffer.Length - _length < Math.Max(sizeHint, 1))
        {
            Grow(sizeHint);
        }

        return _buffer.AsSpan(_length);
    }

    private void Reserve(int sizeHint)
    {
        if (_buffer.Length - _length < Math.Max(sizeHint, 1))
        {
            Grow(sizeHint);
        }
    }

    private void Grow(int sizeHint)
    {
        if (_sink is not null && _length >= _chunkSize)
        {
            // Hand off the whole chunks instead of growing: the buffer stops at about two chunks.
            var whole = _length / _chunkSize * _chunkSize;
            for (var offset = 0; offset < whole; offset += _chunkSize)
            {
                _sink(_buffer.AsSpan(offset, _chunkSize));
            }

            _buffer.AsSpan(whole, _length - whole).CopyTo(_buffer);
            _length -= whole;
            if (_buffer.Length - _length >= Math.Max(sizeHint, 1))
            {
                return;
            }
        }

        var needed = (long)_length + Math.Max(sizeHint, 1);
        var newSize = (int)Math.Min(Math.Max(needed, (long)_buffer.Length * 2), Array.MaxLength);
        if (newSize < needed)
        {
            throw new InvalidOperationException($"A single protocol write of {needed} bytes exceeds the 2 GiB buffer limit; insert smaller blocks.");
        }

        var bigger = ArrayPool<byte>.Shared.Rent(newSize);
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
        ConnectionBuffers.Return(_buffer);
        _buffer = bigger;
    }

    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        _length++;
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteVarUInt(ulong value)
    {
        var span = GetSpan(VarInt.MaxLength);
        _length += VarInt.Write(span, value);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(GetSpan(4), value);
        _length += 4;
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(GetSpan(8), value);
        _length += 8;
    }

    public void WriteFixed<T>(T value)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        MemoryMarshal.Write(GetSpan(size), in value);
        _length += size;
    }

    /// <summary>Writes a protocol String (VarUInt byte length, UTF-8 bytes), encoding straight into the buffer.</summary>
    public void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var span = GetSpan(byteCount + VarInt.MaxLength);
        var prefix = VarInt.Write(span, (ulong)byteCount);
        _length += prefix + Encoding.UTF8.GetBytes(value, span[prefix..]);
    }

    /// <summary>Writes raw bytes as a protocol String.</summary>
    public void WriteString(ReadOnlySpan<byte> value)
    {
        WriteVarUInt((ulong)value.Length);
        WriteBytes(value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(GetSpan(value.Length));
        _length += value.Length;
    }

    /// <summary>Sends everything written so far and empties the buffer.</summary>
    public async ValueTask FlushAsync(Stream stream, bool async, CancellationToken cancellationToken)
    {
        if (_length == 0)
        {
            return;
        }

        if (async && _buffer.Length > ConnectionBuffers.RetainedLimit)
        {
            // A socket keeps a reference to the memory of its last asynchronous send: an oversized buffer goes out
            // through a small staging buffer, so that it can go to the garbage collector when the statement ends.
            var staging = ArrayPool<byte>.Shared.Rent(StagingSize);
            try
            {
                for (var sent = 0; sent < _length;)
                {
                    var count = Math.Min(StagingSize, _length - sent);
                    _buffer.AsSpan(sent, count).CopyTo(staging);
                    await stream.WriteAsync(staging.AsMemory(0, count), cancellationToken);
                    sent += count;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(staging);
            }

            await stream.FlushAsync(cancellationToken);
        }
        else if (async)
        {
            await stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        else
        {
            stream.Write(_buffer, 0, _length);
            stream.Flush();
        }

        _length = 0;
    }

    public void Dispose() => ConnectionBuffers.Return(Interlocked.Exchange(ref _buffer, []));
}
