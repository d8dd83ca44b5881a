using System.ComponentModel.DataAnnotations.Schema;
using Ja4Data.Protocol;
using Ja4Data.Types;
using Ja4Data.Types.Codecs;

namespace Ja4Data.Tests.Types.Mapping;

/// <summary>Blocks for mapping tests: written with the Native format and decoded as a server's result would be.</summary>
internal static class MappingBlocks
{
    public static Block Decode(string[] names, string[] types, params object?[][] rows)
    {
        using var stream = new MemoryStream();
        NativeFormat.WriteBlock(stream, names, types, rows);
        stream.Position = 0;
        using var reader = new StreamProtocolReader(stream);
        return SyncCompletion.Result(BlockReader.ReadAsync(reader, BlockFormat.File, async: false, CancellationToken.None));
    }

    /// <summary>An insert header: the columns with no data, as the server announces them.</summary>
    public static Block Header(string[] names, string[] types)
        => new([.. names.Select((n, i) => new BlockColumn(n, ColumnCodecFactory.Get(types[i]), null))], 0);

    /// <summary>Encodes a filled buffer and decodes it again, as the server would read it.</summary>
    public static Block RoundTrip(BlockBuffer buffer)
    {
        using var writer = new ProtocolWriter();
        BlockWriter.Write(writer, BlockFormat.File, buffer.Names, buffer.Types, buffer.Builders, buffer.RowCount);
        using var stream = new MemoryStream(writer.WrittenSpan.ToArray());
        using var reader = new StreamProtocolReader(stream);
        return SyncCompletion.Result(BlockReader.ReadAsync(reader, BlockFormat.File, async: false, CancellationToken.None));
    }

    public static T[] Read<T>(Block block)
    {
        var output = new T[block.RowCount];
        global::Ja4Data.Types.Mapping.RecordMaps.Reader<T>(block.Columns).Read(block, 0, output);
        return output;
    }
}

public enum Method
{
    Get,
    Post,
    Delete,
}

public sealed record Hit(ulong TsMs, string SrcIp, ushort Status, string? Ja4, double LatencyMs);

public sealed record HitWithDefault(ulong TsMs, string Host = "none");

public sealed record Renamed([property: Column("src_ip")] string Address, int Status);

public sealed class HitClass
{
    public ulong TsMs { get; set; }

    public int Status { get; set; }

    [Column("src_ip")]
    public string Ip { get; set; } = string.Empty;

    public string NotSelected { get; set; } = "kept";

    [NotMapped]
    public string Computed => $"{Ip}:{Status}";
}

public sealed class RequiredMember
{
    public required int Id { get; init; }

    public string? Name { get; set; }
}

public readonly record struct Point(int X, int Y);

public sealed record Typed(
    int Status,
    long? Bytes,
    double? Score,
    Method Method,
    DateTime When,
    DateTimeOffset WhenOffset,
    int[] Codes,
    List<string> Tags,
    IReadOnlyList<long> Longs,
    byte?[] Flags,
    byte[] Raw,
    string Host);

public sealed record Ambiguous(string UserId);
