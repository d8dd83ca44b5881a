using System.Collections.Concurrent;

namespace Ja4Data.IntegrationTests.Facade;

/// <summary>Dozens of callers sharing the singleton from <see cref="Ja4Db.GetClient"/>, mixing reads and writes.</summary>
[TestFixture]
[NonParallelizable]
public sealed class Ja4DbConcurrencyLiveTests
{
    private const int Callers = 50;

    [Test]
    public async Task FiftyParallelCallers_ThroughGetClient_AllGetTheirOwnCorrectResults()
    {
        var table = TestSettings.UniqueTable("facade_concurrency");
        await using var client = new ClickHouseClient(TestSettings.Shared());
        using var installed = Ja4Db.UseClient(client);
        await Ja4Db.GetClient().CommandAsync($"CREATE TABLE {table} (caller UInt32, n UInt32, tag String) ENGINE = Memory");
        try
        {
            var errors = new ConcurrentQueue<string>();
            using var start = new Barrier(Callers);
            var tasks = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
            {
                start.SignalAndWait();
                var db = Ja4Db.GetClient();
                for (var round = 0; round < 4; round++)
                {
                    switch ((caller + round) % 3)
                    {
                        case 0:
                            var written = await db.InsertAsync(table, Enumerable.Range(0, 100 + caller).Select(n => (IReadOnlyList<object?>)[(uint)caller, (uint)n, $"c{caller}'r{round}"]));
                            Check(errors, caller, written, 100L + caller);
                            break;
                        case 1:
                            var result = await db.QueryAsync("SELECT {c:UInt32} * 2 AS d, {t:String} AS t, sum(number) AS s FROM numbers({n:UInt32})", new { c = caller, t = $"x'{caller}\\", n = 1000 + caller });
                            var row = result.ResultRows.Single();
                            Check(errors, caller, (row[0], row[1], row[2]), ((ulong)caller * 2, $"x'{caller}\\", (ulong)(1000 + caller) * (ulong)(999 + caller) / 2));
                            break;
                        default:
                            Check(errors, caller, db.Command("SELECT {c:Int32} - 1", new Dictionary<string, object?> { ["c"] = caller }), (long)caller - 1);
                            break;
                    }
                }
            })).ToArray();
            await Task.WhenAll(tasks);

            Assert.That(errors, Is.Empty);
            var expectedRows = Enumerable.Range(0, Callers).Sum(c => Enumerable.Range(0, 4).Count(r => (c + r) % 3 == 0) * (100 + c));
            var counts = await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"SELECT count(), uniqExact(caller, tag) FROM {table}");
            var distinctBatches = Enumerable.Range(0, Callers).Sum(c => Enumerable.Range(0, 4).Count(r => (c + r) % 3 == 0));
            Assert.That(counts.TrimEnd('\n'), Is.EqualTo($"{expectedRows}\t{distinctBatches}"));
        }
        finally
        {
            await ClickHouseHttp.QueryAsync(TestServer.Endpoint, $"DROP TABLE IF EXISTS {table}");
        }

        Assert.That(Ja4Db.GetClient(), Is.SameAs(client));
    }

    private static void Check<T>(ConcurrentQueue<string> errors, int caller, T actual, T expected)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            errors.Enqueue($"caller {caller}: expected {expected}, got {actual}");
        }
    }
}
