using System.Text.Json;
using System.Text.RegularExpressions;
using Ja4Data.Cli.Generation;

namespace Ja4Data.Tests.Cli;

[TestFixture]
public sealed partial class HttpLogGeneratorTests
{
    private static readonly string[] LoginHost = ["login.shop.example"];
    private static readonly ushort[] KnownStatuses = [200, 201, 204, 302, 304, 400, 401, 403, 404, 429, 500, 502, 503, 504];

    private const long Start = 1_700_000_000_000;
    private const int Rows = 20_000;

    [GeneratedRegex("^[tqd](12|13)[di][0-9]{2}[0-9]{2}(h1|h2|00)_[0-9a-f]{12}_[0-9a-f]{12}$")]
    private static partial Regex Ja4Pattern();

    [GeneratedRegex("^(ge|po|pu|de|he)(11|20)[cn][rn][0-9]{2}[a-z0-9]{4}_[0-9a-f]{12}_[0-9a-f]{12}_[0-9a-f]{12}$")]
    private static partial Regex Ja4HPattern();

    private static HttpLogBatch Generate(long batchIndex = 0, long firstRow = 0, int count = Rows, ulong seed = 7)
    {
        var batch = new HttpLogBatch(count);
        new HttpLogGenerator(seed, Start, TimeSpan.FromHours(1), Rows).Fill(batch, batchIndex, firstRow, count);
        return batch;
    }

    [Test]
    public void Fill_SameSeedAndBatch_SameRows()
    {
        var a = Generate();
        var b = Generate();

        Assert.That(Enumerable.Range(0, Rows).All(i => a.RowValues(i).SequenceEqual(b.RowValues(i))), Is.True);
    }

    [Test]
    public void Fill_OtherSeedOrBatch_OtherRows()
    {
        var a = Generate();

        Assert.Multiple(() =>
        {
            Assert.That(Generate(seed: 8).SourceIp, Is.Not.EqualTo(a.SourceIp));
            Assert.That(Generate(batchIndex: 1).SourceIp, Is.Not.EqualTo(a.SourceIp));
        });
    }

    [Test]
    public void Fill_EveryFingerprint_HasTheJa4AndJa4HLayout()
    {
        var batch = Generate();

        Assert.Multiple(() =>
        {
            Assert.That(batch.Ja4.Distinct().Where(j => !Ja4Pattern().IsMatch(j)), Is.Empty);
            Assert.That(batch.Ja4H.Distinct().Where(j => !Ja4HPattern().IsMatch(j)), Is.Empty);
            Assert.That(batch.Ja4.Distinct().Count(), Is.GreaterThan(100), "a long tail of fingerprints");
        });
    }

    [Test]
    public void Fill_Timestamps_SpreadOverTheWindowInRowOrder()
    {
        var first = Generate(count: 1000);
        var last = Generate(batchIndex: 19, firstRow: Rows - 1000, count: 1000);

        Assert.Multiple(() =>
        {
            Assert.That(first.TimestampMs[0], Is.InRange(Start, Start + 50));
            Assert.That(last.TimestampMs[999], Is.InRange(Start + 3_599_000, Start + 3_600_000));
            Assert.That(first.TimestampMs[500], Is.LessThan(last.TimestampMs[0]));
        });
    }

    [Test]
    public void Fill_Values_AreInRealisticRanges()
    {
        var batch = Generate();
        var statuses = batch.Status.ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.SubsetOf(KnownStatuses));
            Assert.That(batch.Status.Count(s => s == 200) / (double)Rows, Is.InRange(0.6, 0.9));
            Assert.That(batch.SourcePort, Is.All.GreaterThanOrEqualTo(1024));
            Assert.That(batch.LatencyMs, Is.All.InRange(0.0, 60_000.0));
            Assert.That(batch.Method.Distinct(), Is.SubsetOf(HttpLogVocabulary.Methods));
            Assert.That(batch.SourceIp.All(ip => System.Net.IPAddress.TryParse(ip, out _)), Is.True);
        });
    }

    [Test]
    public void Fill_CredentialStuffer_RotatesBrowserAgentsOverOneFingerprintAndMostlyFails()
    {
        var stuffer = HttpLogVocabulary.Default.Profiles.Single(p => p.Behavior == ClientBehavior.CredentialStuffer);
        var batch = Generate();
        var rows = Enumerable.Range(0, Rows).Where(i => batch.Ja4[i] == stuffer.Ja4).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.GreaterThan(50));
            Assert.That(rows.Select(i => batch.UserAgent[i]).Distinct().Count(), Is.GreaterThan(2));
            Assert.That(rows.Count(i => batch.Status[i] == 401) / (double)rows.Count, Is.InRange(0.6, 0.9));
            Assert.That(rows.Select(i => batch.Host[i]).Distinct(), Is.EqualTo(LoginHost));
        });
    }

    [Test]
    public void Fill_CountAboveCapacity_Throws()
        => Assert.That(() => new HttpLogGenerator(1, Start, TimeSpan.FromHours(1), 10).Fill(new HttpLogBatch(5), 0, 0, 6), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void PayloadBytes_MatchesNativeStringAndFixedSizes()
    {
        var batch = Generate(count: 3);
        var expected = 0L;
        for (var i = 0; i < 3; i++)
        {
            expected += 8 + 2 + 2 + 8 + 8;
            foreach (var s in new[] { batch.SourceIp[i], batch.Host[i], batch.Method[i], batch.Path[i], batch.Ja4[i], batch.Ja4H[i], batch.UserAgent[i] })
            {
                expected += (s.Length < 128 ? 1 : 2) + s.Length;
            }
        }

        Assert.That(batch.PayloadBytes(), Is.EqualTo(expected));
    }

    [TestCase(0, 1)]
    [TestCase(127, 128)]
    [TestCase(128, 130)]
    [TestCase(16384, 16387)]
    public void NativeStringSize_CountsTheVarIntPrefix(int length, int expected)
        => Assert.That(HttpLogBatch.NativeStringSize(length), Is.EqualTo(expected));

    [Test]
    public void JsonLines_ParseBackToTheBatchValues()
    {
        var batch = Generate(count: 200);
        var encoder = new JsonLineEncoder();

        encoder.Encode(batch, 0, batch.Count);

        var lines = encoder.Lines.ToArray();
        Assert.That(lines, Has.Length.EqualTo(200));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < lines.Length; i++)
            {
                using var json = JsonDocument.Parse(lines[i]);
                var root = json.RootElement;
                Assert.That(root.GetProperty("ts").GetUInt64(), Is.EqualTo(batch.TimestampMs[i]));
                Assert.That(root.GetProperty("src_ip").GetString(), Is.EqualTo(batch.SourceIp[i]));
                Assert.That(root.GetProperty("src_port").GetUInt16(), Is.EqualTo(batch.SourcePort[i]));
                Assert.That(root.GetProperty("path").GetString(), Is.EqualTo(batch.Path[i]));
                Assert.That(root.GetProperty("status").GetUInt16(), Is.EqualTo(batch.Status[i]));
                Assert.That(root.GetProperty("ja4").GetString(), Is.EqualTo(batch.Ja4[i]));
                Assert.That(root.GetProperty("ja4h").GetString(), Is.EqualTo(batch.Ja4H[i]));
                Assert.That(root.GetProperty("user_agent").GetString(), Is.EqualTo(batch.UserAgent[i]));
                Assert.That(root.GetProperty("bytes").GetUInt64(), Is.EqualTo(batch.Bytes[i]));
                Assert.That(root.GetProperty("latency_ms").GetDouble(), Is.EqualTo(batch.LatencyMs[i]));
            }
        });
        Assert.That(encoder.PayloadBytes, Is.EqualTo(lines.Sum(l => (long)HttpLogBatch.NativeStringSize(l.Length))));
    }

    [TestCase("/a\"b\\c\nd\u0001")]
    [TestCase("tab\tcr\rbs\bff\f del\u007f")]
    [TestCase("line\u2028paragraph\u2029")]
    [TestCase("Mozilla/5.0 (\u00fc) \U0001F600")]
    [TestCase("<script>&'+`")]
    public void JsonLines_ValuesNeedingEscapes_StayValidJson(string text)
    {
        var batch = Generate(count: 1);
        batch.Path[0] = text;
        batch.UserAgent[0] = text;

        using var json = JsonDocument.Parse(new JsonLineEncoder().ToJson(batch, 0));

        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("path").GetString(), Is.EqualTo(text));
            Assert.That(json.RootElement.GetProperty("user_agent").GetString(), Is.EqualTo(text));
        });
    }

    [Test]
    public void ToJson_KnownRow_IsTheLineTheViewsParse()
    {
        var batch = new HttpLogBatch(1) { Count = 1 };
        batch.TimestampMs[0] = 1_700_000_000_123;
        batch.SourceIp[0] = "203.0.113.7";
        batch.SourcePort[0] = 51234;
        batch.Host[0] = "shop.example";
        batch.Method[0] = "GET";
        batch.Path[0] = "/cart?id=1";
        batch.Status[0] = 200;
        batch.Ja4[0] = "t13d1516h2_8daaf6152771_02713d6af862";
        batch.Ja4H[0] = "ge11nn05enus_x";
        batch.UserAgent[0] = "caf\u00e9 \"x\"";
        batch.Bytes[0] = 0;
        batch.LatencyMs[0] = 12.5;

        Assert.That(
            new JsonLineEncoder().ToJson(batch, 0),
            Is.EqualTo("""{"ts":1700000000123,"src_ip":"203.0.113.7","src_port":51234,"host":"shop.example","method":"GET","path":"/cart?id=1","status":200,"ja4":"t13d1516h2_8daaf6152771_02713d6af862","ja4h":"ge11nn05enus_x","user_agent":"café \"x\"","bytes":0,"latency_ms":12.5}"""));
    }

    [TestCase(0.0)]
    [TestCase(0.001)]
    [TestCase(0.05)]
    [TestCase(12.5)]
    [TestCase(60.372)]
    [TestCase(60000.0)]
    [TestCase(999999999999.999)]
    [TestCase(1e12)]
    [TestCase(1e21)]
    [TestCase(1e-7)]
    [TestCase(0.1 + 0.2)]
    [TestCase(-0.0)]
    [TestCase(-1.5)]
    [TestCase(double.Epsilon)]
    [TestCase(double.MaxValue)]
    public void FormatMilliseconds_AnyValue_MatchesTheShortestRoundTrip(double value)
        => Assert.That(FormatMilliseconds(value), Is.EqualTo(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Test]
    public void FormatMilliseconds_GeneratedLatencies_MatchTheShortestRoundTrip()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 100_000).Select(_ => Math.Round(Math.Exp(random.NextDouble() * 14) - 1, 3)).Concat(Generate().LatencyMs);

        Assert.That(values.Where(v => FormatMilliseconds(v) != v.ToString(System.Globalization.CultureInfo.InvariantCulture)), Is.Empty);
    }

    private static string FormatMilliseconds(double value)
    {
        var bytes = new byte[32];
        return System.Text.Encoding.ASCII.GetString(bytes, 0, JsonLineEncoder.FormatMilliseconds(value, bytes));
    }

    [Test]
    public void JsonLines_MoreDistinctTextsThanTheEncoderCaches_ParseBackAndStopAllocating()
    {
        const int total = 10_000;
        var batch = Generate(count: total);
        for (var i = 0; i < total; i++)
        {
            batch.Path[i] = "/unique/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            batch.UserAgent[i] = "agent " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " \"quoted\"";
        }

        var encoder = new JsonLineEncoder();
        encoder.Encode(batch, 0, total);
        var before = GC.GetAllocatedBytesForCurrentThread();
        encoder.Encode(batch, 0, total);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var lines = encoder.Lines.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.LessThan(1024), "the second block of the same size allocates nothing per row");
            Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("path").GetString()), Is.EqualTo(batch.Path));
            Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("user_agent").GetString()), Is.EqualTo(batch.UserAgent));
        });
    }

    [Test]
    public void JsonLines_SecondBlock_ReusesTheEncoderWithoutStaleRows()
    {
        var encoder = new JsonLineEncoder();
        var batch = Generate(count: 300);
        encoder.Encode(batch, 0, 300);

        encoder.Encode(batch, 290, 10);

        Assert.That(encoder.Lines.ToArray().Select(l => JsonDocument.Parse(l).RootElement.GetProperty("src_ip").GetString()), Is.EqualTo(batch.SourceIp.Skip(290)));
    }

    [Test]
    public void JsonLines_RangeBeyondTheBatch_Throws()
        => Assert.That(() => new JsonLineEncoder().Encode(Generate(count: 10), 5, 6), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void ToJson_MatchesTheEncodedLine()
    {
        var batch = Generate(count: 5);
        var encoder = new JsonLineEncoder();
        encoder.Encode(batch, 0, 5);
        var line = System.Text.Encoding.UTF8.GetString(encoder.Lines.Span[3].Span);

        Assert.That(encoder.ToJson(batch, 3), Is.EqualTo(line));
    }

    [Test]
    public void Vocabulary_KnownFingerprints_AreUniqueLabelsPerJa4()
    {
        var known = HttpLogVocabulary.Default.Profiles.Where(p => p.Known is not null).GroupBy(p => p.Ja4);

        Assert.That(known.Where(g => g.Select(p => p.Known!.Label).Distinct().Count() > 1).Select(g => g.Key), Is.Empty);
    }

    [Test]
    public void WeightedPicker_PicksInProportionAndNeverAZeroWeight()
    {
        var picker = new WeightedPicker([1.0, 0.0, 3.0]);
        var random = new FastRandom(99);
        var counts = new int[3];
        for (var i = 0; i < 40_000; i++)
        {
            counts[picker.Pick(ref random)]++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(counts[1], Is.Zero);
            Assert.That(counts[2] / (double)counts[0], Is.InRange(2.7, 3.3));
        });
    }

    [Test]
    public void WeightedPicker_NoPositiveWeight_Throws()
        => Assert.That(() => new WeightedPicker([0.0, 0.0]), Throws.ArgumentException);

    [Test]
    public void Ja4Strings_Layout()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Ja4Strings.Ja4('t', 13, true, 15, 16, "h2", "x"), Does.Match(Ja4Pattern().ToString()));
            Assert.That(Ja4Strings.Ja4H("POST", "11", false, false, 7, "0000", "x"), Does.StartWith("po11nn070000_").And.EndWith("_000000000000_000000000000"));
            Assert.That(Ja4Strings.Hash12("abc"), Is.EqualTo("ba7816bf8f01"), "SHA-256 of 'abc' starts ba7816bf8f01");
        });
    }
}
