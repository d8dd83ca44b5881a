using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;

namespace Ja4Data.Tests.Types;

/// <summary>Encodes and decodes one column (state prefix + data) through the codec registry.</summary>
internal static class CodecHarness
{
    public static byte[] Encode(string type, params object?[] values)
    {
        using var builder = ColumnCodecFactory.Get(type).CreateBuilder();
        foreach (var value in values)
        {
            builder.Append(value);
        }

        using var writer = new ProtocolWriter();
        builder.WritePrefix(writer);
        builder.WriteData(writer);
        return writer.WrittenSpan.ToArray();
    }

    public static object?[] Decode(string type, int rows, byte[] bytes, bool trickle = false)
    {
        using var data = DecodeColumn(type, rows, bytes, trickle);
        return [.. Enumerable.Range(0, rows).Select(data.GetValue)];
    }

    /// <summary>Decodes and checks that exactly all bytes were consumed.</summary>
    public static ColumnData DecodeColumn(string type, int rows, byte[] bytes, bool trickle = false)
    {
        var codec = ColumnCodecFactory.Get(type);
        using var reader = WireBytes.Reader(bytes, trickle);
        var prefix = SyncCompletion.Result(codec.ReadPrefixAsync(reader, async: false, CancellationToken.None));
        var data = SyncCompletion.Result(codec.ReadAsync(reader, rows, prefix, async: false, CancellationToken.None));
        if (!SyncCompletion.Result(reader.IsAtEndAsync(async: false, CancellationToken.None)))
        {
            data.Dispose();
            throw new InvalidOperationException($"{type}: bytes left over after {rows} rows.");
        }

        return data;
    }

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
