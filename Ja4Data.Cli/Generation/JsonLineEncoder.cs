using System.Buffers;
using System.Globalization;
using System.Text;

namespace Ja4Data.Cli.Generation;

/// <summary>
/// Encodes a batch as the JSON lines collectors ship into <c>http_logs_raw.raw</c>, straight to UTF-8 in one reused
/// buffer: the insert then appends the lines as byte slices, so no string is allocated per row.
/// </summary>
internal sealed class JsonLineEncoder
{
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create("\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private byte[] _buffer = new byte[64 * 1024];
    private int[] _ends = new int[1024];
    private ReadOnlyMemory<byte>[] _lines = new ReadOnlyMemory<byte>[1024];
    private int _used;
    private int _count;

    /// <summary>The lines of the last <see cref="Encode"/>, one UTF-8 slice per row; valid until the next call.</summary>
    public ReadOnlyMemory<ReadOnlyMemory<byte>> Lines => _lines.AsMemory(0, _count);

    /// <summary>Native-encoding size of <see cref="Lines"/> as a String column (length prefixes included).</summary>
    public long PayloadBytes { get; private set; }

    /// <summary>Encodes rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of <paramref name="batch"/> into <see cref="Lines"/>.</summary>
    public void Encode(HttpLogBatch batch, int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, batch.Count);

        // One allocation sized from a generous average line, instead of doubling through garbage.
        var estimate = (long)count * 448;
        if (_buffer.Length < estimate && estimate < Array.MaxLength)
        {
            _buffer = new byte[estimate];
        }

        if (_ends.Length < count)
        {
            _ends = new int[count];
            _lines = new ReadOnlyMemory<byte>[count];
        }

        _used = 0;
        for (var i = 0; i < count; i++)
        {
            WriteRow(batch, start + i);
            _ends[i] = _used;
        }

        // Slices are cut after encoding: the buffer may have grown (moved) while rows were written.
        var lineStart = 0;
        long payload = 0;
        for (var i = 0; i < count; i++)
        {
            _lines[i] = new ReadOnlyMemory<byte>(_buffer, lineStart, _ends[i] - lineStart);
            payload += HttpLogBatch.NativeStringSize(_ends[i] - lineStart);
            lineStart = _ends[i];
        }

        _count = count;
        PayloadBytes = payload;
    }

    /// <summary>Row <paramref name="row"/> as a string (the row API's input), reusing this encoder's buffer.</summary>
    public string ToJson(HttpLogBatch batch, int row)
    {
        _used = 0;
        _count = 0;
        WriteRow(batch, row);
        return Encoding.UTF8.GetString(_buffer, 0, _used);
    }

    private void WriteRow(HttpLogBatch b, int i)
    {
        Raw("{\"ts\":"u8);
        Number(b.TimestampMs[i]);
        Raw(",\"src_ip\":"u8);
        Text(b.SourceIp[i]);
        Raw(",\"src_port\":"u8);
        Number(b.SourcePort[i]);
        Raw(",\"host\":"u8);
        Text(b.Host[i]);
        Raw(",\"method\":"u8);
        Text(b.Method[i]);
        Raw(",\"path\":"u8);
        Text(b.Path[i]);
        Raw(",\"status\":"u8);
        Number(b.Status[i]);
        Raw(",\"ja4\":"u8);
        Text(b.Ja4[i]);
        Raw(",\"ja4h\":"u8);
        Text(b.Ja4H[i]);
        Raw(",\"user_agent\":"u8);
        Text(b.UserAgent[i]);
        Raw(",\"bytes\":"u8);
        Number(b.Bytes[i]);
        Raw(",\"latency_ms\":"u8);
        Number(b.LatencyMs[i]);
        Raw("}"u8);
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _used += bytes.Length;
    }

    private void Number<T>(T value)
        where T : IUtf8SpanFormattable
    {
        if (!value.TryFormat(Reserve(32), out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"Cannot format {value} as JSON.");
        }

        _used += written;
    }

    private void Text(string value)
    {
        if (value.AsSpan().IndexOfAny(NeedsEscape) >= 0)
        {
            value = Escape(value);
        }

        var span = Reserve(Encoding.UTF8.GetMaxByteCount(value.Length) + 2);
        span[0] = (byte)'"';
        var written = Encoding.UTF8.GetBytes(value, span[1..]);
        span[written + 1] = (byte)'"';
        _used += written + 2;
    }

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                < ' ' => sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    private Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _used < size)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + size));
        }

        return _buffer.AsSpan(_used);
    }
}
