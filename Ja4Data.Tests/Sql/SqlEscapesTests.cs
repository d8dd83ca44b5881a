using System.Text;
using Ja4Data.Sql;

namespace Ja4Data.Tests.Sql;

/// <summary>The one escape decoder against ClickHouse's rules (parseComplexEscapeSequence, readQuotedStringWithSQLStyle).</summary>
[TestFixture]
public sealed class SqlEscapesTests
{
    [TestCase(@"'plain'", "plain")]
    [TestCase(@"'a\\b'", @"a\b")]
    [TestCase(@"'it\'s'", "it's")]
    [TestCase("'it''s'", "it's")]
    [TestCase(@"'\n\t\r\0\b\f\a\v\e'", "\n\t\r\0\b\f\a\v\x1B")]
    [TestCase(@"'\x41\x7f'", "A\x7F")]
    [TestCase(@"'\xCE\xB1'", "α")]
    [TestCase(@"'q\""q'", "q\"q")]
    [TestCase(@"'\`\/\='", "`/=")]
    [TestCase(@"'a\Nb'", "ab")]
    [TestCase(@"'\d\%\x'", @"\d\%\x")]
    [TestCase(@"'\xZZ'", @"\xZZ")] // servers turn a broken \x escape into an arbitrary byte; kept as written here
    [TestCase("'multi\nline'", "multi\nline")]
    [TestCase("\"dq\"\"name\"", "dq\"name")]
    [TestCase("`back``tick`", "back`tick")]
    [TestCase(@"`a\`b`", "a`b")]
    [TestCase("\u2018no \\escapes\u2019", "no \\escapes")]
    [TestCase("\u201Cname\u201D", "name")]
    [TestCase("$$he'llo \\n$$", "he'llo \\n")]
    [TestCase("$tag$a $$ b$tag$", "a $$ b")]
    [TestCase("x'4142'", "AB")]
    [TestCase("X'414'", "\u0004\u0014")]
    [TestCase("b'01000001'", "A")]
    [TestCase("B'1'", "\u0001")]
    [TestCase("''", "")]
    public void DecodeToken_EveryClickHouseEscape(string token, string expected)
        => Assert.That(SqlEscapes.DecodeToken(token), Is.EqualTo(expected));

    [Test]
    public void DecodeToken_BytesThatAreNotUtf8_StayBytes()
    {
        Assert.That(SqlEscapes.DecodeToken(@"'a\xFFb'"), Is.EqualTo(new byte[] { 0x61, 0xFF, 0x62 }));
        Assert.That(SqlEscapes.DecodeToken("x'FF00'"), Is.EqualTo(new byte[] { 0xFF, 0x00 }));
        Assert.That(SqlEscapes.DecodeText(@"\xFF", '\''), Is.EqualTo("\uFFFD"), "names are text");
    }

    [Test]
    public void DecodeToken_MixesRawBytesAndText_InOrder()
        => Assert.That(SqlEscapes.DecodeToken(@"'é\xC3\xA9\n😀'"), Is.EqualTo("éé\n😀"));

    [TestCase("'open")]
    [TestCase("x'41")]
    [TestCase("$$open")]
    [TestCase("word")]
    public void DecodeToken_Unclosed_IsAFormatException(string token)
        => Assert.Throws<FormatException>(() => SqlEscapes.DecodeToken(token));

    [Test]
    public void Decode_EscapedTextField_HasNoQuoteRule()
        => Assert.That(SqlEscapes.Decode(@"tab\there''", '\0'), Is.EqualTo("tab\there''"));

    [Test]
    public void DecodeToken_EveryByte_RoundTripsThroughTheLiteralEscaper()
    {
        var all = new StringBuilder();
        for (var c = 0; c < 0x300; c++)
        {
            all.Append((char)c);
        }

        all.Append("😀\u2028");
        Assert.That(SqlEscapes.DecodeToken(ClickHouseLiteral.Quote(all.ToString())), Is.EqualTo(all.ToString()));
    }
}
