using System.Diagnostics;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Packets;

namespace Ja4Data.Tests.Protocol.Packets;

/// <summary>The W3C trace context in the Query packet's client info: byte-exact, and only where the revision has the field.</summary>
[TestFixture]
public sealed class TraceContextTests
{
    // The W3C specification's example: traceparent 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01.
    private static readonly TraceContext Example = new(
        ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c"),
        ActivitySpanId.CreateFromString("b7ad6b7169203331"),
        "congo=t61rcWkgMzE",
        ActivityTraceFlags.Recorded);

    // What the server reads for Example: each 64-bit half of the trace id, then the span id, as little-endian integers.
    private const string ExampleIdsHex = "DD43CD161965F70A" + "9C31801C21EB4884" + "31332069716BADB7";

    private static byte[] Write(int revision, TraceContext? trace)
    {
        using var writer = new ProtocolWriter();
        QueryPacket.Write(writer, revision, TestClient.Identity, "", "127.0.0.1:5000", "SELECT 1", null, null, compress: false, trace);
        return writer.WrittenSpan.ToArray();
    }

    [Test]
    public void Write_W3CExample_IsByteExact()
    {
        using var writer = new ProtocolWriter();
        TraceContext.Write(writer, Example);
        var expected = new WireBytes().Byte(1).Hex(ExampleIdsHex).Str("congo=t61rcWkgMzE").Byte(1).ToArray();
        Assert.That(WireBytes.ToHex(writer.WrittenSpan), Is.EqualTo(WireBytes.ToHex(expected)));
    }

    [Test]
    public void Query_At54442WithContext_CarriesItBetweenVersionPatchAndSettings()
    {
        var expected = new WireBytes().Var(1).Str("")
            .Byte(1).Str("").Str("").Str("127.0.0.1:5000")
            .Byte(1).Str("svc").Str("host1").Str("ClickHouse C#").Var(1).Var(0).Var((ulong)ProtocolRevision.Current)
            .Str("")   // quota key
            .Var(3)    // version patch
            .Byte(1).Hex(ExampleIdsHex)
            .Str("congo=t61rcWkgMzE").Byte(1)
            .Str("")   // settings terminator
            .Str("")   // interserver hash (>= 54441)
            .Var(2).Var(0).Str("SELECT 1");
        Assert.That(WireBytes.ToHex(Write(ProtocolRevision.WithOpenTelemetry, Example)), Is.EqualTo(WireBytes.ToHex(expected.ToArray())));
    }

    [TestCase(ProtocolRevision.Oldest)]
    [TestCase(ProtocolRevision.WithOpenTelemetry - 1)]
    public void Query_BelowTheOpenTelemetryRevision_SendsNothingOfTheContext(int revision)
        => Assert.That(WireBytes.ToHex(Write(revision, Example)), Is.EqualTo(WireBytes.ToHex(Write(revision, trace: null))));

    [Test]
    public void From_HierarchicalActivity_HasNoW3CContext()
    {
        using var activity = new Activity("legacy").SetIdFormat(ActivityIdFormat.Hierarchical).Start();
        Assert.That(TraceContext.From(activity), Is.Null);
        Assert.That(TraceContext.From(null), Is.Null);
    }

    [Test]
    public async Task Execute_ServerAt54442_ReceivesTheCurrentSpanAsParent()
    {
        var received = await RunOneStatementAsync(ProtocolRevision.WithOpenTelemetry, "rojo=00f067aa0ba902b7", out var activity);
        var traceHex = activity.TraceId.ToHexString();
        var spanHex = activity.SpanId.ToHexString();
        var expected = new WireBytes().Byte(1)
            .Hex(LittleEndian(traceHex[..16])).Hex(LittleEndian(traceHex[16..])).Hex(LittleEndian(spanHex))
            .Str("rojo=00f067aa0ba902b7").Byte((byte)activity.ActivityTraceFlags).ToArray();
        Assert.That(activity.ActivityTraceFlags.HasFlag(ActivityTraceFlags.Recorded), Is.True);
        Assert.That(WireBytes.ToHex(received!), Is.EqualTo(WireBytes.ToHex(expected)));
    }

    [Test]
    public async Task Execute_WithJa4DataListened_SendsTheCommandSpanAsParentInTheCallersTrace()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Ja4DataTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var received = await RunOneStatementAsync(ProtocolRevision.Current, "rojo=1", out var caller);

        var span = spans.Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.TraceId, Is.EqualTo(caller.TraceId));
            Assert.That(span.ParentSpanId, Is.EqualTo(caller.SpanId));
            var traceHex = span.TraceId.ToHexString();
            Assert.That(
                WireBytes.ToHex(received.AsSpan(1, 24)),
                Is.EqualTo(LittleEndian(traceHex[..16]) + LittleEndian(traceHex[16..]) + LittleEndian(span.SpanId.ToHexString())));
        });
    }

    [Test]
    public async Task Execute_ServerAt54412_GetsNoTraceField()
    {
        // The fake reads the packet field by field at 54412: any trace byte would shift everything after it.
        var received = await RunOneStatementAsync(ProtocolRevision.Oldest, "rojo=1", out _);
        Assert.That(received, Is.Null);
    }

    [Test]
    public async Task Execute_WithoutAnySpan_SendsTheEmptyField()
    {
        Assert.That(Activity.Current, Is.Null);
        byte[]? received = null;
        await using var server = new FakeNativeServer(async client =>
        {
            await client.HandshakeAsync(ProtocolRevision.Current, "25.8.3");
            await client.ReadQueryAsync();
            received = client.TraceContextField;
            await client.SendAsync(new byte[] { (byte)ServerPacketType.EndOfStream });
        });
        await using (var connection = new ClickHouseConnection(server.Settings()))
        {
            await connection.OpenAsync();
            await new ClickHouseCommand("SELECT 1", connection).ExecuteNonQueryAsync();
        }

        await server.Conversation;
        Assert.That(received, Is.EqualTo(new byte[] { 0 }));
    }

    // "0af7651916cd43dd" -> "DD43CD161965F70A": the bytes of the integer the hex digits spell, least significant first.
    private static string LittleEndian(string hex) => Convert.ToHexString(Convert.FromHexString(hex).Reverse().ToArray());

    private static Task<byte[]?> RunOneStatementAsync(int serverRevision, string traceState, out Activity activity)
    {
        activity = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C);
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        activity.TraceStateString = traceState;
        return RunAsync(serverRevision, activity);
    }

    private static async Task<byte[]?> RunAsync(int serverRevision, Activity activity)
    {
        byte[]? received = [0xEE];
        await using var server = new FakeNativeServer(async client =>
        {
            await client.HandshakeAsync(serverRevision, serverRevision >= ProtocolRevision.WithOpenTelemetry ? "21.3.1" : "18.16.1");
            await client.ReadQueryAsync();
            received = client.TraceContextField;
            await client.SendAsync(new byte[] { (byte)ServerPacketType.EndOfStream });
        });
        await using (var connection = new ClickHouseConnection(server.Settings()))
        {
            await connection.OpenAsync();
            activity.Start();
            try
            {
                await new ClickHouseCommand("SELECT 1", connection).ExecuteNonQueryAsync();
            }
            finally
            {
                activity.Stop();
            }
        }

        await server.Conversation;
        return received;
    }
}
