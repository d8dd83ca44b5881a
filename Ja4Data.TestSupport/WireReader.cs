using System.Buffers.Binary;
using System.Text;

namespace Ja4Data.TestSupport;

/// <summary>
/// Reads native-protocol fields from a stream for the test side of a conversation (the fake server, the raw Hello of
/// the infrastructure tests), independently of the library's reader under test.
/// </summary>
/// <remarks>
/// Hand-written because <see cref="BinaryReader"/>, which decodes the same primitives (see <see cref="WireBytes"/>),
/// only reads synchronously: a fake server must not block a thread per connection nor ignore cancellation.
/// </remarks>
internal sealed class WireReader(Stream stream, CancellationToken cancellationToken = default)
{
    /// <summary>Longer strings are refused: no test conversation carries one, and a length is untrusted input.</summary>
    public const int MaxStringBytes = 16 << 20;

    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>Bytes read from the stream but not consumed yet.</summary>
    public int Buffered => _end - _start;

    public async ValueTask<byte> ReadByteAsync()
    {
        await FillAsync(1);
        return _buffer[_start++];
    }

    public async ValueTask<ulong> ReadVarUIntAsync()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = await ReadByteAsync();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A VarUInt longer than 10 bytes.");
    }

    public async ValueTask<string> ReadStringAsync()
    {
        var length = await ReadVarUIntAsync();
        if (length > MaxStringBytes)
        {
            throw new InvalidDataException($"A string of {length} bytes; the test side accepts at most {MaxStringBytes}.");
        }

        var bytes = new byte[(int)length];
        await ReadExactlyAsync(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public async ValueTask<int> ReadInt32Async()
    {
        await FillAsync(4);
        var value = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_start, 4));
        _start += 4;
        return value;
    }

    public async ValueTask SkipAsync(long count)
    {
        while (count > 0)
        {
            await FillAsync(1);
            var step = (int)Math.Min(count, Buffered);
            _start += step;
            count -= step;
        }
    }

    public async ValueTask ReadExactlyAsync(Memory<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            await FillAsync(1);
            var step = Math.Min(destination.Length, Buffered);
            _buffer.AsMemory(_start, step).CopyTo(destination);
            _start += step;
            destination = destination[step..];
        }
    }

    /// <summary>Whether the peer closed its side: true once the stream ends with nothing left unread.</summary>
    public async ValueTask<bool> IsAtEndAsync() => Buffered == 0 && await ReadSomeAsync() == 0;

    // Makes at least `count` (at most the buffer's size) bytes available, or throws EndOfStreamException.
    private async ValueTask FillAsync(int count)
    {
        while (Buffered < count)
        {
            if (await ReadSomeAsync() == 0)
            {
                throw new EndOfStreamException($"The peer closed the connection {Buffered} bytes into a field of {count}.");
            }
        }
    }

    private async ValueTask<int> ReadSomeAsync()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, Buffered).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read;
    }
}
