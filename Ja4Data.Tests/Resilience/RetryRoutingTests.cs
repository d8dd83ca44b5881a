using Ja4Data.Core.Resilience;

namespace Ja4Data.Tests.Resilience;

/// <summary>
/// What one call remembers across its attempts for multi-host routing and deduplicated inserts: the hosts it failed
/// on, the first unknown outcome, and that a failure after an unknown outcome never claims less than that.
/// </summary>
public sealed partial class ResilientExecutorTests
{
    private static readonly ClickHouseHost First = new("ch1", 9000);
    private static readonly ClickHouseHost Second = new("ch2", 9000);

    [Test]
    public async Task FailedHosts_EachAttemptsHostIsRemembered_InOrder_Once()
    {
        var executor = ResilientExecutor.Create(Fast, PoolName());
        var seen = new List<IReadOnlyCollection<ClickHouseHost>>();
        var hosts = new[] { First, Second, First };
        var attempt = 0;

        var result = await executor.ExecuteAsync(
            CallKind.Read,
            (call, _) =>
            {
                seen.Add([.. call.FailedHosts]);
                if (attempt == hosts.Length)
                {
                    return ValueTask.FromResult("ok");
                }

                call.Host = hosts[attempt++];
                throw Refused();
            },
            CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo("ok"));
            Assert.That(seen[1], Is.EqualTo(new[] { First }));
            Assert.That(seen[2], Is.EqualTo(new[] { First, Second }));
            Assert.That(seen[3], Is.EqualTo(new[] { First, Second }), "a host is listed once");
        });
    }

    [Test]
    public async Task Retries_AreTaggedWithTheHostTheAttemptFailedOn()
    {
        var pool = PoolName();
        using var metrics = new MetricsRecorder(pool);
        var executor = ResilientExecutor.Create(Fast, pool);
        var attempt = 0;

        await executor.ExecuteAsync(
            CallKind.Read,
            (call, _) =>
            {
                if (attempt++ > 0)
                {
                    return ValueTask.FromResult(0);
                }

                call.Host = Second;
                throw Refused();
            },
            CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("ja4data.retries", "server.address", "ch2"), Is.EqualTo(1));
            Assert.That(metrics.Sum("ja4data.retries", "server.port", null), Is.Zero, "the port is tagged too");
        });
    }

    [Test]
    public void DeduplicatedInsert_UnknownOutcomeThenAFailureBeforeData_SurfacesAnUnknownOutcomeCausedByTheLastFailure()
    {
        var executor = ResilientExecutor.Create(Fast with { RetryMaxAttempts = 1 }, PoolName());
        var readOnly = new ClickHouseServerException(242, "DB::Exception", "Table is in readonly mode", string.Empty);
        var first = Unknown();
        var attempt = 0;

        var error = Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(() => executor.ExecuteAsync<long>(
            CallKind.DeduplicatedInsert,
            (call, _) =>
            {
                call.AttemptDeduplication = InsertDeduplication.BlockHash;
                call.AttemptScope = "ZooKeeper path /p";
                throw attempt++ == 0 ? first : readOnly;
            },
            CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(attempt, Is.EqualTo(2), "the unknown outcome was repeated: the table deduplicates");
            Assert.That((error.Table, error.QueryId, error.BlocksSent, error.RowsSent), Is.EqualTo(("t", "q1", 1, 10L)), "the earlier attempt's blocks");
            Assert.That(error.InnerException, Is.SameAs(readOnly));
            Assert.That(error.Message, Does.Contain("TABLE_IS_READ_ONLY"));
        });
    }

    [Test]
    public async Task DeduplicatedInsert_TheCallRemembersHowAndWhereTheUnknownAttemptWasDeduplicated()
    {
        var executor = ResilientExecutor.Create(Fast, PoolName());
        (InsertDeduplication, string?) stored = default;
        var attempt = 0;

        await executor.ExecuteAsync(
            CallKind.DeduplicatedInsert,
            (call, _) =>
            {
                if (attempt++ == 0)
                {
                    call.AttemptDeduplication = InsertDeduplication.BlockHash;
                    call.AttemptScope = "cluster ja4, table db.t_local, sharding key cityHash64(ja4)";
                    throw Unknown();
                }

                stored = (call.StoredDeduplication, call.StoredScope);
                return ValueTask.FromResult(1L);
            },
            CancellationToken.None);

        Assert.That(stored, Is.EqualTo((InsertDeduplication.BlockHash, "cluster ja4, table db.t_local, sharding key cityHash64(ja4)")));
    }

    [Test]
    public void Insert_UnknownOutcomeWithoutDeduplication_IsSurfacedAsItIs()
    {
        var executor = ResilientExecutor.Create(Fast, PoolName());
        var unknown = Unknown();
        var attempts = 0;

        var error = Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(() => executor.ExecuteAsync<long>(
            CallKind.Insert, (_, _) => { attempts++; throw unknown; }, CancellationToken.None));

        Assert.That((error, attempts), Is.EqualTo((unknown, 1)));
    }

    [Test]
    public void Read_ThatFails_IsNeverTurnedIntoAnUnknownInsertOutcome()
    {
        var executor = ResilientExecutor.Create(Fast with { RetryMaxAttempts = 0 }, PoolName());

        Assert.ThrowsAsync<ClickHouseConnectionException>(() => executor.ExecuteAsync<int>(CallKind.Read, (_, _) => throw Refused(), CancellationToken.None));
    }

    private static ClickHouseInsertOutcomeUnknownException Unknown() =>
        new("t", "q1", 10, 1, new ClickHouseConnectionException("lost", ClickHouseOutcome.Unknown));

}
