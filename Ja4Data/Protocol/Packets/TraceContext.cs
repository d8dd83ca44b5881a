using System.Diagnostics;

namespace Ja4Data.Protocol.Packets;

/// <summary>
/// The W3C trace context (trace id, parent span id, tracestate, flags) the Query packet's client info carries from
/// protocol revision 54442, so the server's own spans (<c>system.opentelemetry_span_log</c>) and its query log join the
/// caller's trace. Layout (docs/protocol.md, "Query packet"): a byte 1, the 128-bit trace id as two UInt64
/// little-endian (the high half, the first 16 hex digits, first), the span id as one UInt64 little-endian, tracestate
/// as a String, the flags as one byte. Without a context the field is the single byte 0.
/// </summary>
internal readonly record struct TraceContext(ActivityTraceId TraceId, ActivitySpanId SpanId, string TraceState, ActivityTraceFlags Flags)
{
    /// <summary>The context of <paramref name="activity"/> (the span the statement runs in), or null without a W3C one.</summary>
    public static TraceContext? From(Activity? activity)
        => activity is { IdFormat: ActivityIdFormat.W3C } a
            ? new TraceContext(a.TraceId, a.SpanId, a.TraceStateString ?? string.Empty, a.ActivityTraceFlags)
            : null;

    /// <summary>Writes the client-info field: <c>0</c>, or <c>1</c> and the context.</summary>
    public static void Write(ProtocolWriter writer, TraceContext? context)
    {
        if (context is not { } trace)
        {
            writer.WriteByte(0);
            return;
        }

        writer.WriteByte(1);
        // ActivityTraceId/SpanId copy out in text order (big-endian); the server reads each 64-bit half as a
        // little-endian integer whose hex form is that half of the text.
        Span<byte> traceId = stackalloc byte[16];
        trace.TraceId.CopyTo(traceId);
        writer.WriteUInt64(BinaryPrimitives.ReadUInt64BigEndian(traceId));
        writer.WriteUInt64(BinaryPrimitives.ReadUInt64BigEndian(traceId[8..]));
        Span<byte> spanId = stackalloc byte[8];
        trace.SpanId.CopyTo(spanId);
        writer.WriteUInt64(BinaryPrimitives.ReadUInt64BigEndian(spanId));
        writer.WriteString(trace.TraceState);
        writer.WriteByte((byte)trace.Flags);
    }
}
