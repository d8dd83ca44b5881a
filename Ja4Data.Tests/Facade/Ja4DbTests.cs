namespace Ja4Data.Tests.Facade;

[TestFixture]
[NonParallelizable] // Ja4Db is process-wide state
public sealed class Ja4DbTests
{
    // A service function written the way ja4 services use the facade: it only knows Ja4Db.GetClient().
    private static List<(string Fingerprint, ulong Hits)> TopFingerprints(int limit)
    {
        var result = Ja4Db.GetClient().Query("SELECT ja4, count() AS hits FROM http_logs GROUP BY ja4 ORDER BY hits DESC LIMIT {n:UInt32}", new { n = limit });
        return result.ResultRows.Select(r => ((string)r[0]!, (ulong)r[1]!)).ToList();
    }

    [Test]
    public void UseClient_SwapsInAFake_AndDisposingRestores()
    {
        var fake = new FakeClickHouseClient
        {
            OnQuery = (sql, parameters) => new QueryResult(["ja4", "hits"], ["String", "UInt64"], [["t13d1516h2_8daaf6152771_e5627efa2ab1", 42UL]]),
        };
        IClickHouseClient? before = null;
        using (Ja4Db.UseClient(fake))
        {
            Assert.That(TopFingerprints(5), Is.EqualTo(new[] { ("t13d1516h2_8daaf6152771_e5627efa2ab1", 42UL) }));
            Assert.That(fake.Calls, Has.Count.EqualTo(1).And.Some.Contains("GROUP BY ja4"));
            Assert.That(Ja4Db.GetClient(), Is.SameAs(fake));
            using (Ja4Db.UseClient(new FakeClickHouseClient()))
            {
                before = Ja4Db.GetClient();
            }

            Assert.That(Ja4Db.GetClient(), Is.SameAs(fake), "the inner swap must restore the outer fake");
        }

        Assert.That(before, Is.Not.SameAs(fake));
    }

    [Test]
    public void InsertThroughTheFacade_IsObservable()
    {
        var fake = new FakeClickHouseClient();
        using (Ja4Db.UseClient(fake))
        {
            var written = Ja4Db.GetClient().Insert("audit_logs", [[DateTime.UtcNow, "alice", "login", "user", "1"]]);
            Assert.That(written, Is.EqualTo(1));
        }

        Assert.That(fake.Inserts.Single().Table, Is.EqualTo("audit_logs"));
    }

    [Test]
    public void QueryResult_FirstValue_AndShapeChecks()
    {
        var result = new QueryResult(["x"], ["UInt8"], [[(byte)7]]);
        Assert.That(result.FirstValue, Is.EqualTo((byte)7));
        Assert.That(new QueryResult([], [], []).FirstValue, Is.Null);
        Assert.Throws<ArgumentException>(() => _ = new QueryResult(["a", "b"], ["UInt8"], []));
    }
}
