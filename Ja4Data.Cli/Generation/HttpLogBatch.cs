namespace Ja4Data.Cli.Generation;

/// <summary>
/// Rows of generated HTTP logs held column by column, the shape a columnar insert wants. Strings are shared
/// references into the vocabulary, so a batch costs a few pointers per row and is reused from batch to batch.
/// </summary>
internal sealed class HttpLogBatch
{
    /// <summary>Column names of the parsed http_logs shape, in <see cref="HttpLogBatch"/> order.</summary>
    public static readonly IReadOnlyList<string> ColumnNames =
        ["ts_ms", "src_ip", "src_port", "host", "method", "path", "status", "ja4", "ja4h", "user_agent", "bytes", "latency_ms"];

    /// <summary>ClickHouse types of <see cref="ColumnNames"/> (types 18.16 knows, as in the ja4 schema).</summary>
    public static readonly IReadOnlyList<string> ColumnTypes =
        ["UInt64", "String", "UInt16", "String", "String", "String", "UInt16", "String", "String", "String", "UInt64", "Float64"];

    public HttpLogBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        TimestampMs = new ulong[capacity];
        SourceIp = new string[capacity];
        SourcePort = new ushort[capacity];
        Host = new string[capacity];
        Method = new string[capacity];
        Path = new string[capacity];
        Status = new ushort[capacity];
        Ja4 = new string[capacity];
        Ja4H = new string[capacity];
        UserAgent = new string[capacity];
        Bytes = new ulong[capacity];
        LatencyMs = new double[capacity];
    }

    public int Capacity { get; }

    /// <summary>Rows filled.</summary>
    public int Count { get; set; }

    /// <summary>Index of the first row in the whole run.</summary>
    public long FirstRow { get; set; }

    public ulong[] TimestampMs { get; }

    public string[] SourceIp { get; }

    public ushort[] SourcePort { get; }

    public string[] Host { get; }

    public string[] Method { get; }

    public string[] Path { get; }

    public ushort[] Status { get; }

    public string[] Ja4 { get; }

    public string[] Ja4H { get; }

    public string[] UserAgent { get; }

    public ulong[] Bytes { get; }

    public double[] LatencyMs { get; }

    /// <summary>Row <paramref name="row"/> as boxed values in <see cref="ColumnNames"/> order (the row API's input).</summary>
    public object?[] RowValues(int row) =>
    [
        TimestampMs[row], SourceIp[row], SourcePort[row], Host[row], Method[row], Path[row], Status[row],
        Ja4[row], Ja4H[row], UserAgent[row], Bytes[row], LatencyMs[row],
    ];

    /// <summary>Native-encoding size of the filled rows: fixed widths plus, per string, its length prefix and UTF-8 bytes.</summary>
    public long PayloadBytes()
    {
        const int fixedWidth = sizeof(ulong) + sizeof(ushort) + sizeof(ushort) + sizeof(ulong) + sizeof(double);
        long total = (long)fixedWidth * Count;
        for (var i = 0; i < Count; i++)
        {
            total += NativeStringSize(SourceIp[i]) + NativeStringSize(Host[i]) + NativeStringSize(Method[i]) + NativeStringSize(Path[i])
                + NativeStringSize(Ja4[i]) + NativeStringSize(Ja4H[i]) + NativeStringSize(UserAgent[i]);
        }

        return total;
    }

    /// <summary>Bytes of a String value in Native encoding: VarUInt length, then UTF-8 (the vocabulary is ASCII).</summary>
    public static int NativeStringSize(int utf8Length) => utf8Length + (utf8Length < 0x80 ? 1 : utf8Length < 0x4000 ? 2 : 3);

    private static int NativeStringSize(string value) => NativeStringSize(value.Length);
}
