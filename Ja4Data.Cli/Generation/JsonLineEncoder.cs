using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ja4Data.Cli.Generation;

/// <summary>
/// Encodes a batch as the JSON lines collectors ship into <c>http_logs_raw.raw</c>, straight to UTF-8 in one reused
/// buffer: the insert then appends the lines as byte slices, so no string is allocated per row.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The Utf8JsonWriter writes into a managed ArrayBufferWriter, is flushed after every block and holds nothing to release.")]
internal sealed class JsonLineEncoder
{
    // Relaxed escaping writes non-ASCII text as UTF-8, as collectors do, instead of \uXXXX; it escapes quotes,
    // backslashes and control characters, which is all JSON requires and what the raw-log views unescape.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static readonly JsonEncodedText Ts = Name("ts");
    private static readonly JsonEncodedText SourceIp = Name("src_ip");
    private static readonly JsonEncodedText SourcePort = Name("src_port");
    private static readonly JsonEncodedText Host = Name("host");
    private static readonly JsonEncodedText Method = Name("method");
    private static readonly JsonEncodedText Path = Name("path");
    private static readonly JsonEncodedText Status = Name("status");
    private static readonly JsonEncodedText Ja4 = Name("ja4");
    private static readonly JsonEncodedText Ja4H = Name("ja4h");
    private static readonly JsonEncodedText UserAgent = Name("user_agent");
    private static readonly JsonEncodedText Bytes = Name("bytes");
    private static readonly JsonEncodedText LatencyMs = Name("latency_ms");

    /// <summary>Slots of the encoded-text cache (a power of two; the default vocabulary has about 2,600 texts).</summary>
    private const int TextSlots = 4096;

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly string?[] _texts = new string?[TextSlots];
    private readonly JsonEncodedText[] _encodedTexts = new JsonEncodedText[TextSlots];
    private readonly byte[] _number = new byte[32];
    private readonly Utf8JsonWriter _writer;
    private long[] _starts = new long[1024];
    private long[] _ends = new long[1024];
    private ReadOnlyMemory<byte>[] _lines = new ReadOnlyMemory<byte>[1024];
    private int _count;

    public JsonLineEncoder() => _writer = new Utf8JsonWriter(_buffer, Options);

    /// <summary>The lines of the last <see cref="Encode"/>, one UTF-8 slice per row; valid until the next call.</summary>
    public ReadOnlyMemory<ReadOnlyMemory<byte>> Lines => _lines.AsMemory(0, _count);

    /// <summary>Native-encoding size of <see cref="Lines"/> as a String column (length prefixes included).</summary>
    public long PayloadBytes { get; private set; }

    /// <summary>Encodes rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of <paramref name="batch"/> into <see cref="Lines"/>.</summary>
    public void Encode(HttpLogBatch batch, int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, batch.Count);
        if (_ends.Length < count)
        {
            _starts = new long[count];
            _ends = new long[count];
            _lines = new ReadOnlyMemory<byte>[count];
        }

        _buffer.ResetWrittenCount();

        // One allocation sized from a generous average line, instead of doubling through garbage.
        var estimate = (long)count * 448;
        if (estimate < Array.MaxLength)
        {
            _buffer.GetSpan((int)estimate);
        }

        // The rows go out as consecutive top-level values of one writer; it puts a comma between them, which no line
        // includes: each line runs from its '{' to its '}'.
        var w = _writer;
        w.Reset(_buffer);
        for (var i = 0; i < count; i++)
        {
            w.WriteStartObject();
            _starts[i] = w.BytesCommitted + w.BytesPending - 1;
            WriteMembers(batch, start + i);
            w.WriteEndObject();
            _ends[i] = w.BytesCommitted + w.BytesPending;
        }

        w.Flush();

        // Slices are cut after encoding: the buffer may have grown (moved) while rows were written.
        var written = _buffer.WrittenMemory;
        long payload = 0;
        for (var i = 0; i < count; i++)
        {
            _lines[i] = written[(int)_starts[i]..(int)_ends[i]];
            payload += HttpLogBatch.NativeStringSize((int)(_ends[i] - _starts[i]));
        }

        _count = count;
        PayloadBytes = payload;
    }

    /// <summary>Row <paramref name="row"/> as a string (the row API's input), reusing this encoder's buffer.</summary>
    public string ToJson(HttpLogBatch batch, int row)
    {
        _buffer.ResetWrittenCount();
        _count = 0;
        var w = _writer;
        w.Reset(_buffer);
        w.WriteStartObject();
        WriteMembers(batch, row);
        w.WriteEndObject();
        w.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private void WriteMembers(HttpLogBatch b, int i)
    {
        var w = _writer;
        w.WriteNumber(Ts, b.TimestampMs[i]);
        w.WriteString(SourceIp, b.SourceIp[i]);
        w.WriteNumber(SourcePort, b.SourcePort[i]);
        Text(Host, b.Host[i]);
        Text(Method, b.Method[i]);
        Text(Path, b.Path[i]);
        w.WriteNumber(Status, b.Status[i]);
        Text(Ja4, b.Ja4[i]);
        Text(Ja4H, b.Ja4H[i]);
        Text(UserAgent, b.UserAgent[i]);
        w.WriteNumber(Bytes, b.Bytes[i]);
        w.WritePropertyName(LatencyMs);
        var latency = _number.AsSpan();
        w.WriteRawValue(latency[..FormatMilliseconds(b.LatencyMs[i], latency)], skipInputValidation: true);
    }

    /// <summary>
    /// Writes a text member. The generator draws hosts, methods, paths, fingerprints and user agents from a fixed
    /// vocabulary, so the same string objects come back row after row: their escaped UTF-8 form is kept in a cache
    /// keyed by reference, which saves the escape scan and the transcoding (client addresses, drawn from tens of
    /// thousands, are written directly). A slot is filled once and never replaced, so the cache allocates at most
    /// <see cref="TextSlots"/> times per encoder whatever the strings; a string whose slot is taken is written as usual.
    /// </summary>
    private void Text(JsonEncodedText name, string value)
    {
        var slot = RuntimeHelpers.GetHashCode(value) & (TextSlots - 1);
        var cached = _texts[slot];
        if (ReferenceEquals(cached, value))
        {
            _writer.WriteString(name, _encodedTexts[slot]);
        }
        else if (cached is null)
        {
            _encodedTexts[slot] = JsonEncodedText.Encode(value, Options.Encoder);
            _texts[slot] = value;
            _writer.WriteString(name, _encodedTexts[slot]);
        }
        else
        {
            _writer.WriteString(name, value);
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> as JSON in the digits of <see cref="double.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/>
    /// (the shortest that round-trips). The generator rounds latencies to 3 decimals; for such a value below 10^12 the
    /// shortest digits are the integer and up to 3 decimals, which this writes about five times faster than the
    /// general algorithm. Any other value takes the general algorithm.
    /// </summary>
    internal static int FormatMilliseconds(double value, Span<byte> destination)
    {
        var thousandths = Math.Round(value * 1000);
        if (value is >= 0 and < 1e12 && thousandths / 1000 == value && !double.IsNegative(value))
        {
            var whole = (ulong)thousandths / 1000;
            var fraction = (int)((ulong)thousandths % 1000);
            whole.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
            if (fraction != 0)
            {
                destination[written++] = (byte)'.';
                destination[written++] = (byte)('0' + (fraction / 100));
                fraction %= 100;
                if (fraction != 0)
                {
                    destination[written++] = (byte)('0' + (fraction / 10));
                    fraction %= 10;
                    if (fraction != 0)
                    {
                        destination[written++] = (byte)('0' + fraction);
                    }
                }
            }

            return written;
        }

        return value.TryFormat(destination, out var general, default, CultureInfo.InvariantCulture)
            ? general
            : throw new InvalidOperationException($"Cannot format {value} as JSON.");
    }

    private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, Options.Encoder);
}
