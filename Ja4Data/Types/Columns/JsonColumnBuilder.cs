using System.Text.Json;
using System.Text.Json.Nodes;
using Ja4Data.Protocol;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>Builds a JSON column in its STRING serialization from JSON text, <see cref="JsonNode"/>, <see cref="JsonElement"/> or <see cref="JsonDocument"/>.</summary>
internal sealed class JsonColumnBuilder(ColumnBuilder text) : ColumnBuilder
{
    public override int Count => text.Count;

    public override void Append(object? value) => text.Append(value switch
    {
        null or DBNull => throw ValueConvert.NullNotAllowed(),
        string json => json,
        JsonNode node => node.ToJsonString(),
        JsonElement element => element.GetRawText(),
        JsonDocument document => document.RootElement.GetRawText(),
        _ => throw ValueConvert.Unsupported(value, "JSON (expected JSON text, JsonNode, JsonElement or JsonDocument)"),
    });

    public override void WritePrefix(ProtocolWriter writer) => writer.WriteUInt64(JsonCodec.StringVersion);

    public override void WriteData(ProtocolWriter writer) => text.WriteData(writer);

    public override void Clear() => text.Clear();

    public override void Truncate(int count) => text.Truncate(count);

    protected override void ReleaseBuffers() => text.Dispose();
}
