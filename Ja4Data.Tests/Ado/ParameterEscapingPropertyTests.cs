using System.Text;
using Ja4Data.Ado.Binding;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Packets;

namespace Ja4Data.Tests.Ado;

/// <summary>
/// Property tests for reliability.md test 20: hostile strings must come back byte for byte through every encoding we
/// produce, read by <see cref="ClickHouseTextReference"/> (the server's rules, written independently of the encoder),
/// and a client-side literal must end exactly where it should, so nothing of a value can become SQL.
/// </summary>
[TestFixture]
public sealed class ParameterEscapingPropertyTests
{
    private const int Seed = 20_260_605;
    private const int StringCases = 100_000;
    private const int CollectionCases = 20_000;

    private static readonly string[] Nasty =
    [
        "\\", "'", "''", "\"", "`", "\0", "\n", "\t", "\r", "\b", "\f", "\x1B", "\x7F", "{p:String}", "{p:Identifier}", "?",
        "@x", "$1", "$$", "$tag$", "--", "/*", "*/", "#", "# ", "//", ";", "\u2018", "\u2019", "\u201C", "\u201D", "\uFF07",
        "\\'", "\\\\'", "\\x41", "\\N", "\\n", "')", "') UNION ALL SELECT 1,2,3 --", "a\\' OR 1=1 --", "é", "😀", "\u0085",
        "\u2028", "\uFEFF", "\uD800", "\uDC00", "\uDBFF\uDFFF",
    ];

    private static readonly ClientIdentity Client = new("t", 1, 0, 0, "u", "h");

    private static string RandomString(Random random)
    {
        var sb = new StringBuilder();
        var pieces = random.Next(0, 12);
        for (var i = 0; i < pieces; i++)
        {
            switch (random.Next(4))
            {
                case 0:
                case 1:
                    sb.Append(Nasty[random.Next(Nasty.Length)]);
                    break;
                case 2:
                    sb.Append((char)random.Next(0, 128));
                    break;
                default:
                    sb.Append((char)random.Next(0, 0x10000)); // any UTF-16 unit, lone surrogates included
                    break;
            }
        }

        // A trailing backslash is the classic way to eat a closing quote.
        return random.Next(8) == 0 ? sb.Append('\\').ToString() : sb.ToString();
    }

    private static bool IsWellFormed(string s)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(s);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static ClickHouseParameterCollection One(object? value) => [new ClickHouseParameter("p", value)];

    /// <summary>Binds client-side (18.16) and reads the literal back from between the fixed prefix and suffix.</summary>
    private static byte[] ThroughLiteral(object value, string type, char quote = '\'')
    {
        var (sql, server) = ParameterBinder.Bind($"SELECT {{p:{type}}} FROM t", One(value), ProtocolRevision.Oldest);
        Assert.That(server, Is.Null);
        var bytes = ClickHouseTextReference.Utf8(sql);
        var prefix = quote == '`' ? "SELECT " : "SELECT CAST(";
        var suffix = quote == '`' ? " FROM t" : $" AS {type}) FROM t";
        if (!sql.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new FormatException($"Unexpected SQL: {sql}");
        }

        var (decoded, end) = ClickHouseTextReference.ReadQuoted(bytes, Encoding.UTF8.GetByteCount(prefix), sqlStyle: true, quote);
        return Encoding.UTF8.GetString(bytes, end, bytes.Length - end) == suffix
            ? decoded
            : throw new FormatException($"The literal did not end where expected: {sql}");
    }

    /// <summary>Binds server-side, writes the Query packet and reads the parameter back through the field dump.</summary>
    private static byte[] ThroughPacket(object value, string type)
    {
        var sql = $"SELECT {{p:{type}}}";
        var (boundSql, parameters) = ParameterBinder.Bind(sql, One(value), ProtocolRevision.Current);
        Assert.That(boundSql, Is.EqualTo(sql));
        var withParameters = Packet(sql, parameters);
        var prefix = Packet(sql, null).AsSpan(..^1); // everything up to the empty parameter list's terminator
        Assert.That(withParameters.AsSpan(0, prefix.Length).SequenceEqual(prefix), Is.True);

        var reader = WireBytesReader(withParameters, prefix.Length);
        Assert.That(Encoding.UTF8.GetString(reader.String()), Is.EqualTo("p"));
        Assert.That(reader.VarUInt(), Is.EqualTo(2UL), "the CUSTOM setting flag");
        var dump = reader.String();
        Assert.That(reader.String(), Is.Empty, "the parameter list terminator");
        Assert.That(reader.AtEnd, Is.True);

        // Field::restoreFromDump, then the query-parameter parse of the escaped text form.
        var (textForm, end) = ClickHouseTextReference.ReadQuoted(dump, 0, sqlStyle: false);
        Assert.That(end, Is.EqualTo(dump.Length), "the field dump is exactly one quoted string");
        return textForm;
    }

    private static byte[] Packet(string sql, IReadOnlyDictionary<string, string>? parameters)
    {
        using var writer = new ProtocolWriter();
        QueryPacket.Write(writer, ProtocolRevision.Current, Client, "q", "127.0.0.1:1", sql, null, parameters, compress: false);
        return writer.WrittenSpan.ToArray();
    }

    private static PacketCursor WireBytesReader(byte[] bytes, int offset) => new(bytes, offset);

    private static void RunCases(int count, Func<Random, string?> check)
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        for (var i = 0; i < count && failures.Count < 5; i++)
        {
            if (check(random) is { } failure)
            {
                failures.Add(failure);
            }
        }

        Assert.That(failures, Is.Empty, $"seed {Seed}");
    }

    private static string Show(string s) => string.Concat(s.Select(c => c is >= ' ' and < '\x7F' ? c.ToString() : $"\\u{(int)c:X4}"));

    [Test]
    public void ClientSideLiteral_ReadsBackAsTheInput_AndEndsWhereItShould()
    {
        var refused = 0;
        RunCases(StringCases, random =>
        {
            var s = RandomString(random);
            if (!IsWellFormed(s))
            {
                refused++;
                return Assert.Throws<ArgumentException>(() => ThroughLiteral(s, "String")) is null ? $"accepted {Show(s)}" : null;
            }

            return ThroughLiteral(s, "String").AsSpan().SequenceEqual(ClickHouseTextReference.Utf8(s)) ? null : $"changed {Show(s)}";
        });
        Assert.That(refused, Is.GreaterThan(100), "the generator must produce unpaired surrogates too");
    }

    [Test]
    public void ServerSideTextForm_ThroughFieldDumpAndEscapedFormat_ReadsBackAsTheInput()
        => RunCases(StringCases, random =>
        {
            var s = RandomString(random);
            if (!IsWellFormed(s))
            {
                return Assert.Throws<ArgumentException>(() => ThroughPacket(s, "String")) is null ? $"accepted {Show(s)}" : null;
            }

            var value = ClickHouseTextReference.ReadEscaped(ThroughPacket(s, "String"));
            return value.AsSpan().SequenceEqual(ClickHouseTextReference.Utf8(s)) ? null : $"changed {Show(s)}";
        });

    [Test]
    public void Bytes_IncludingInvalidUtf8_RoundTripOnBothPaths()
        => RunCases(CollectionCases, random =>
        {
            var bytes = new byte[random.Next(0, 24)];
            random.NextBytes(bytes);
            var literal = ThroughLiteral(bytes, "String");
            var text = ClickHouseTextReference.ReadEscaped(ThroughPacket(bytes, "String"));
            return literal.AsSpan().SequenceEqual(bytes) && text.AsSpan().SequenceEqual(bytes) ? null : $"changed {Convert.ToHexString(bytes)}";
        });

    [Test]
    public void ArrayAndMapElements_RoundTripOnBothPaths()
        => RunCases(CollectionCases, random =>
        {
            var items = Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomString(random)).Where(IsWellFormed).ToArray();
            var expected = items.Select(ClickHouseTextReference.Utf8).ToList();
            var array = ClickHouseTextReference.ReadStringCollection(ThroughLiteral(items, "Array(String)"));
            // Composite types parse their text form as it is: no escaped-format layer (SimpleTextSerialization).
            var arrayServer = ClickHouseTextReference.ReadStringCollection(ThroughPacket(items, "Array(String)"));
            var map = items.Distinct(StringComparer.Ordinal).ToDictionary(k => k, k => k + "'", StringComparer.Ordinal);
            var mapExpected = map.SelectMany(p => new[] { p.Key, p.Value }).Select(ClickHouseTextReference.Utf8).ToList();
            var mapServer = ClickHouseTextReference.ReadStringCollection(ThroughPacket(map, "Map(String, String)"));
            bool Same(List<byte[]> a, List<byte[]> b) => a.Count == b.Count && a.Zip(b).All(x => x.First.AsSpan().SequenceEqual(x.Second));
            return Same(array, expected) && Same(arrayServer, expected) && Same(mapServer, mapExpected) ? null : $"changed [{string.Join(", ", items.Select(Show))}]";
        });

    [Test]
    public void IdentifierNames_AreQuotedClientSide_AndVerbatimServerSide()
        => RunCases(CollectionCases, random =>
        {
            var name = RandomString(random);
            if (name.Length == 0 || !IsWellFormed(name))
            {
                return null;
            }

            var quoted = ThroughLiteral(name, "Identifier", quote: '`');
            var verbatim = ThroughPacket(name, "Identifier");
            var expected = ClickHouseTextReference.Utf8(name);
            return quoted.AsSpan().SequenceEqual(expected) && verbatim.AsSpan().SequenceEqual(expected) ? null : $"changed {Show(name)}";
        });

    [TestCase("a`b")]
    [TestCase("a\\")]
    [TestCase("`x` FROM t -- ")]
    [TestCase("`already quoted`")]
    public void IdentifierNames_NeverPassThroughAsAlreadyQuoted(string name)
        => Assert.That(Encoding.UTF8.GetString(ThroughLiteral(name, "Identifier", quote: '`')), Is.EqualTo(name));

    /// <summary>Reads the length-prefixed fields of a packet tail, independently of our protocol reader.</summary>
    private sealed class PacketCursor(byte[] bytes, int offset)
    {
        private int _offset = offset;

        public bool AtEnd => _offset == bytes.Length;

        public ulong VarUInt()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = bytes[_offset++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }

        public byte[] String()
        {
            var length = (int)VarUInt();
            var value = bytes.AsSpan(_offset, length).ToArray();
            _offset += length;
            return value;
        }
    }
}
