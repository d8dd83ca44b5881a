using Ja4Data.Protocol;
using Ja4Data.Protocol.Packets;

namespace Ja4Data.Tests.Ado;

/// <summary>
/// The server-side parameter path (revision 54459+) cannot run against the 18.16 test server, so its wire bytes are
/// pinned here: the command's parameters become CUSTOM settings after the query text, each value a field dump
/// (quoted) of the escaped text form. The packet head is covered by ClientPacketTests; this checks the tail exactly.
/// </summary>
[TestFixture]
public sealed class ServerSideParameterPacketTests
{
    private const string Sql = "SELECT {s:String}, {n:Nullable(UInt8)}, {d:DateTime('UTC')}, {a:Array(String)} FROM {t:Identifier} WHERE {s:String} != ''";

    private static ClickHouseCommand Command()
    {
        var command = new ClickHouseCommand(Sql) { QueryId = "q1" };
        command.Parameters.AddWithValue("s", "O'Brien\\");
        command.Parameters.AddWithValue("@n", null);
        command.Parameters.AddWithValue("d", new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc));
        command.Parameters.AddWithValue("a", (string[])["x'y", "tab\t"]);
        command.Parameters.AddWithValue("t", "my`table");
        command.Parameters.AddWithValue("unused", 1);
        return command;
    }

    private static byte[] Packet(string sql, IReadOnlyDictionary<string, string>? parameters, int revision)
    {
        using var writer = new ProtocolWriter();
        QueryPacket.Write(writer, revision, TestClient.Identity, "q1", "127.0.0.1:5000", sql, null, parameters, compress: false);
        return writer.WrittenSpan.ToArray();
    }

    [TestCase(ProtocolRevision.WithParameters)]
    [TestCase(ProtocolRevision.Current)]
    public void Parameters_AreQuotedCustomSettings_AfterTheUnchangedQuery(int revision)
    {
        var request = Command().BuildRequest(revision);
        Assert.That(request.Sql, Is.EqualTo(Sql));

        var actual = Packet(request.Sql, request.Parameters, revision);
        var head = Packet(Sql, null, revision)[..^1]; // up to the (empty) parameter list's terminator
        var expected = new WireBytes().Hex(Convert.ToHexString(head))
            .Str("s").Var(2).Str(@"'O\'Brien\\\\'")              // text form O'Brien\\ (escaped format), then quoted
            .Str("n").Var(2).Str(@"'\\N'")                        // NULL is \N in the escaped format
            .Str("d").Var(2).Str("'1700000000'")                  // Unix time: no time zone can reinterpret it
            .Str("a").Var(2).Str(@"'[\'x\\\'y\', \'tab\\t\']'")   // the Array text format as is, then quoted
            .Str("t").Var(2).Str("'my`table'")                    // an Identifier verbatim: the server quotes it
            .Str("");                                             // terminator; 'unused' is not sent
        Assert.That(WireBytes.ToHex(actual), Is.EqualTo(WireBytes.ToHex(expected.ToArray())));
    }

    [Test]
    public void BelowRevision54459_TheSameCommandIsBoundClientSide()
    {
        var request = Command().BuildRequest(ProtocolRevision.WithParameters - 1);
        Assert.That(request.Parameters, Is.Null);
        Assert.That(request.Sql, Is.EqualTo(
            @"SELECT CAST('O\'Brien\\' AS String), CAST(NULL AS Nullable(UInt8)), CAST('1700000000' AS DateTime('UTC')), " +
            @"CAST('[\'x\\\'y\', \'tab\\t\']' AS Array(String)) FROM `my\`table` WHERE CAST('O\'Brien\\' AS String) != ''"));
    }

    [Test]
    public void MissingParameter_IsNamed()
    {
        var command = new ClickHouseCommand("SELECT {x:UInt8}");
        var ex = Assert.Throws<ArgumentException>(() => command.BuildRequest(ProtocolRevision.Current));
        Assert.That(ex!.Message, Does.Contain("{x:UInt8}").And.Contain("'x'"));
    }

    [Test]
    public void OneName_WithTypesNeedingDifferentText_IsRefused_ButCompatibleReuseIsFine()
    {
        var command = new ClickHouseCommand("SELECT {b:Bool}, {b:UInt8}");
        command.Parameters.AddWithValue("b", true);
        Assert.That(Assert.Throws<ArgumentException>(() => command.BuildRequest(ProtocolRevision.Current))!.Message, Does.Contain("two parameters"));

        command.CommandText = "SELECT {n:UInt8}, {n:Int64}, {n:UInt8}";
        command.Parameters.Clear();
        command.Parameters.AddWithValue("n", 7);
        Assert.That(command.BuildRequest(ProtocolRevision.Current).Parameters, Is.EqualTo(new Dictionary<string, string> { ["n"] = "7" }));
    }
}
