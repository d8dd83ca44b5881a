using Ja4Data.Protocol;
using Ja4Data.Protocol.Packets;

namespace Ja4Data.Tests.Protocol.Packets;

[TestFixture]
public sealed class ClientPacketTests
{
    private static byte[] Write(Action<ProtocolWriter> write)
    {
        using var writer = new ProtocolWriter();
        write(writer);
        return writer.WrittenSpan.ToArray();
    }

    [Test]
    public void Hello_MatchesReferenceBytes_WithOurRevision()
    {
        // Reference §5.5 for revision 54460 is `... 01 00 bc a9 03 ...`; we announce 54469 (c5 a9 03).
        var actual = Write(w => ClientHello.Write(w, TestClient.Identity, database: "", user: "default", password: ""));
        var expected = new WireBytes().Hex("00 0d 43 6c 69 63 6b 48 6f 75 73 65 20 43 23 01 00 c5 a9 03 00 07 64 65 66 61 75 6c 74 00").ToArray();
        Assert.That(WireBytes.ToHex(actual), Is.EqualTo(WireBytes.ToHex(expected)));
        Assert.That(ProtocolRevision.Current, Is.EqualTo(54469));
    }

    [Test]
    public void Hello_RejectsControlCharactersInCredentials()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => Write(w => ClientHello.Write(w, TestClient.Identity, "db", "user\n", "")));
        Assert.That(ex!.Message, Does.Contain("user"));
    }

    [TestCase(54412, "")]
    [TestCase(54457, "")]
    [TestCase(54458, "00")]
    [TestCase(54469, "00")]
    public void Addendum_IsSentOnlyFrom54458(int revision, string expectedHex)
        => Assert.That(WireBytes.ToHex(Write(w => ClientHello.WriteAddendum(w, revision, ""))), Is.EqualTo(expectedHex.Replace(" ", string.Empty, StringComparison.Ordinal)));

    private static WireBytes ClientInfoPrefix(WireBytes b, bool startTime)
    {
        b.Byte(1).Str("").Str("").Str("127.0.0.1:5000");
        if (startTime)
        {
            b.UInt64(0);
        }

        return b.Byte(1).Str("svc").Str("host1").Str("ClickHouse C#").Var(1).Var(0).Var(54469);
    }

    [Test]
    public void Query_At54412_HasOldClientInfoAndBinarySettings()
    {
        var actual = Write(w => QueryPacket.Write(w, 54412, TestClient.Identity, "q1", "127.0.0.1:5000", "SELECT 1",
            new Dictionary<string, string> { ["max_threads"] = "4" }, null, compress: true));
        var expected = new WireBytes().Var(1).Str("q1");
        ClientInfoPrefix(expected, startTime: false)
            .Str("")            // quota key (>= 54060)
            .Var(3);            // version patch (>= 54401); no depth, OpenTelemetry or replica fields yet
        expected.Str("max_threads").Var(4).Str("") // binary settings: VarUInt value, then the terminator
            .Var(2).Var(1).Str("SELECT 1");        // stage Complete, compression on, query; no interserver hash, no parameters
        Assert.That(WireBytes.ToHex(actual), Is.EqualTo(WireBytes.ToHex(expected.ToArray())));
    }

    [Test]
    public void Query_At54429_SendsSettingsAsStringsWithFlags()
    {
        var actual = Write(w => QueryPacket.Write(w, 54429, TestClient.Identity, "", "127.0.0.1:5000", "SELECT 1",
            new Dictionary<string, string> { ["max_threads"] = "4" }, null, compress: false));
        var expected = new WireBytes().Var(1).Str("");
        ClientInfoPrefix(expected, startTime: false).Str("").Var(3);
        expected.Str("max_threads").Var(0).Str("4").Str("").Var(2).Var(0).Str("SELECT 1");
        Assert.That(WireBytes.ToHex(actual), Is.EqualTo(WireBytes.ToHex(expected.ToArray())));
    }

    [Test]
    public void Query_At54454_AddsStartTimeDepthTelemetryReplicasAndInterserverHash()
    {
        var actual = Write(w => QueryPacket.Write(w, 54454, TestClient.Identity, "", "127.0.0.1:5000", "SELECT 1", null, null, compress: false));
        var expected = new WireBytes().Var(1).Str("");
        ClientInfoPrefix(expected, startTime: true)
            .Str("")            // quota key
            .Var(0)             // distributed depth (>= 54448)
            .Var(3)             // version patch
            .Byte(0)            // no OpenTelemetry context (>= 54442)
            .Var(0).Var(0).Var(0); // parallel replicas (>= 54453)
        expected.Str("")        // settings terminator
            .Str("")            // interserver hash (>= 54441)
            .Var(2).Var(0).Str("SELECT 1");
        Assert.That(WireBytes.ToHex(actual), Is.EqualTo(WireBytes.ToHex(expected.ToArray())));
    }

    [Test]
    public void Query_AtCurrentRevision_SendsParametersAsQuotedCustomSettings()
    {
        var actual = Write(w => QueryPacket.Write(w, ProtocolRevision.Current, TestClient.Identity, "", "127.0.0.1:5000", "SELECT {p:String}", null,
            new Dictionary<string, string> { ["p"] = "O'Brien\\" }, compress: false));
        var expected = new WireBytes().Var(1).Str("");
        ClientInfoPrefix(expected, startTime: true).Str("").Var(0).Var(3).Byte(0).Var(0).Var(0).Var(0);
        expected.Str("").Str("").Var(2).Var(0).Str("SELECT {p:String}")
            .Str("p").Var(2).Str(@"'O\'Brien\\'") // name, CUSTOM flag, field dump of the escaped text form
            .Str("");                               // parameters terminator
        Assert.That(WireBytes.ToHex(actual), Is.EqualTo(WireBytes.ToHex(expected.ToArray())));
    }

    [Test]
    public void Query_BelowParameterRevision_RefusesServerSideParameters()
        => Assert.Throws<InvalidOperationException>(() => Write(w => QueryPacket.Write(w, 54412, TestClient.Identity, "", "0.0.0.0:0", "SELECT 1", null,
            new Dictionary<string, string> { ["p"] = "1" }, compress: false)));

    [Test]
    public void LegacySettings_UnknownSetting_IsRefusedByName()
    {
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => Write(w => QueryPacket.Write(w, 54412, TestClient.Identity, "", "0.0.0.0:0", "SELECT 1",
            new Dictionary<string, string> { ["some_new_setting"] = "1" }, null, compress: false)));
        Assert.That(ex!.Message, Does.Contain("some_new_setting").And.Contain("54429"));
    }

    [TestCase("insert_deduplicate", "true", "01")]
    [TestCase("insert_deduplicate", "0", "00")]
    [TestCase("send_logs_level", "none", "046E6F6E65")]
    [TestCase("max_block_size", "300", "AC02")]
    public void LegacySettings_EncodeByType(string name, string value, string expectedValueHex)
    {
        using var writer = new ProtocolWriter();
        LegacySettings.WriteValue(writer, name, value, 54412);
        Assert.That(WireBytes.ToHex(writer.WrittenSpan), Is.EqualTo(expectedValueHex));
    }

    [Test]
    public void LegacySettings_BadValue_NamesTheSetting()
    {
        using var writer = new ProtocolWriter();
        var ex = Assert.Throws<ClickHouseConfigurationException>(() => LegacySettings.WriteValue(writer, "max_threads", "-1", 54412));
        Assert.That(ex!.Message, Does.Contain("max_threads"));
    }
}
