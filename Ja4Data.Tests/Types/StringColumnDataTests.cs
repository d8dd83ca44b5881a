using System.Buffers;
using System.Text;
using Ja4Data.Types.Columns;

namespace Ja4Data.Tests.Types;

/// <summary>The decoded-string cache of <see cref="StringColumnData"/>: same values, fewer strings.</summary>
[TestFixture]
public sealed class StringColumnDataTests
{
    private static StringColumnData Column(string[] values)
    {
        var encoded = values.Select(Encoding.UTF8.GetBytes).ToArray();
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, encoded.Sum(e => e.Length)));
        var ends = ArrayPool<int>.Shared.Rent(Math.Max(1, values.Length));
        var used = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i].CopyTo(bytes, used);
            used += encoded[i].Length;
            ends[i] = used;
        }

        return new StringColumnData(bytes, ends, values.Length);
    }

    [Test]
    public void Get_RepeatedValues_ReturnsTheSameInstanceForTheSameBytes()
    {
        string[] vocabulary = ["GET", "POST", "example.com", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/120.0", "ü€漢字", ""];
        var values = Enumerable.Range(0, 5000).Select(i => vocabulary[i * 7 % vocabulary.Length]).ToArray();
        using var column = Column(values);

        var read = Enumerable.Range(0, values.Length).Select(column.Get).ToArray();

        Assert.That(read, Is.EqualTo(values));
        Assert.That(column.IsCaching, Is.True);
        Assert.That(read.Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(vocabulary.Length), "one string per distinct value");
    }

    [Test]
    public void Get_ValuesThatCollide_SameLengthPrefixAndSuffix_AreEachDecodedCorrectly()
    {
        // Same length, same first and last 8 bytes: the same slot, told apart by comparing the bytes.
        var values = Enumerable.Range(0, 3000).Select(i => $"/api/v1/users/{i % 1500:D6}/profile.json").ToArray();
        using var column = Column(values);

        Assert.That(Enumerable.Range(0, values.Length).Select(column.Get), Is.EqualTo(values));
    }

    [Test]
    public void Get_DistinctValues_TurnsTheCacheOffAfterTheProbe_AndStaysCorrect()
    {
        var values = Enumerable.Range(0, StringColumnData.ProbeLookups * 3).Select(i => $"value-{i}-{i * 31}").ToArray();
        using var column = Column(values);

        var read = Enumerable.Range(0, values.Length).Select(column.Get).ToArray();

        Assert.That(read, Is.EqualTo(values));
        Assert.That(column.IsCaching, Is.False);
    }

    [Test]
    public void Get_HitOnTheProbesLastLookup_TurnsTheCacheOff_AndReturnsTheValue()
    {
        // Distinct values up to the probe's last lookup, which repeats the first: a hit while the cache is dropped.
        var first = StringColumnData.Slot("v0"u8);
        var distinct = Enumerable.Range(1, 5000).Select(i => $"v{i}").Where(v => StringColumnData.Slot(Encoding.UTF8.GetBytes(v)) != first);
        var values = distinct.Take(StringColumnData.ProbeLookups - 2).Prepend("v0").Append("v0").Append("after").ToArray();
        using var column = Column(values);

        Assert.That(Enumerable.Range(0, values.Length).Select(column.Get), Is.EqualTo(values));
        Assert.That(column.IsCaching, Is.False);
    }

    [Test]
    public void Get_LongValues_AreNotCached_ButRead()
    {
        var longValue = new string('x', 1000);
        string[] values = [longValue, longValue, "short", "short"];
        using var column = Column(values);

        Assert.That(Enumerable.Range(0, values.Length).Select(column.Get), Is.EqualTo(values));
        Assert.That(column.Get(0), Is.Not.SameAs(column.Get(1)));
        Assert.That(column.Get(2), Is.SameAs(column.Get(3)));
    }
}
