using Ja4Data.Core.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Ja4Data.Tests.Resilience;

[TestFixture]
public sealed partial class ResilientExecutorTests
{
    private static readonly ClickHouseSettings Fast = new()
    {
        RetryMaxAttempts = 4,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(4),
        RetryTimeout = TimeSpan.FromSeconds(30),
    };

    [Test]
    public async Task ExecuteAsync_ReadFailsTwiceBeforeRunning_SucceedsOnTheThirdAttemptAndCountsTwoRetries()
    {
        var pool = PoolName();
        using var metrics = new MetricsRecorder(pool);
        var executor = ResilientExecutor.Create(Fast, pool);
        var attempts = 0;

        var result = await executor.ExecuteAsync(CallKind.Read, (_, _) => ++attempts < 3 ? throw Refused() : ValueTask.FromResult(42), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((result, attempts), Is.EqualTo((42, 3)));
            Assert.That(metrics.Sum("ja4data.retries"), Is.EqualTo(2));
            Assert.That(metrics.Sum("ja4data.retries", "ja4data.operation", "Read"), Is.EqualTo(2));
            Assert.That(metrics.Sum("ja4data.retries", "error.type", nameof(ClickHouseConnectionException)), Is.EqualTo(2));
        });
    }

    [Test]
    public void Execute_SyncPath_RetriesLikeTheAsyncOne()
    {
        var executor = ResilientExecutor.Create(Fast, PoolName());
        var attempts = 0;

        var result = executor.Execute(CallKind.Read, (_, _) => ++attempts < 3 ? throw Refused() : ValueTask.FromResult("ok"));

        Assert.That((result, attempts), Is.EqualTo(("ok", 3)));
    }

    [Test]
    public void Execute_SyncPath_DeadlinePassesDuringADelay_SurfacesTheLastFailureNotPollysTimeout()
    {
        // The system clock: the sync path blocks in Polly's own delay, which a fake clock could not move.
        var settings = Fast with { RetryBaseDelay = TimeSpan.FromSeconds(20), RetryMaxDelay = TimeSpan.FromSeconds(20), RetryTimeout = TimeSpan.FromMilliseconds(300) };
        var executor = ResilientExecutor.Create(settings, PoolName(), unitRandom: () => 0);
        var attempts = 0;

        var error = Assert.Throws<ClickHouseConnectionException>(() => executor.Execute<int>(CallKind.Read, (_, _) => { attempts++; throw Refused(); }));

        Assert.That((error!.Message, error.Outcome, attempts), Is.EqualTo(("refused", ClickHouseOutcome.NotExecuted, 1)));
    }

    [Test]
    public void Execute_SyncPath_DeadlineCutsAnAttempt_ThrowsAConnectionErrorNamingRetryTimeout()
    {
        var executor = ResilientExecutor.Create(Fast with { RetryTimeout = TimeSpan.FromMilliseconds(300) }, PoolName());

        var error = Assert.Throws<ClickHouseConnectionException>(() => executor.Execute<int>(CallKind.Command, (call, ct) =>
        {
            call.StatementStarted = true;
            // A sync attempt blocks its own thread until the overall deadline cancels it (bounded, so a bug fails).
            ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            ct.ThrowIfCancellationRequested();
            return ValueTask.FromResult(0);
        }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("CLICKHOUSE_RETRY_TIMEOUT").And.Contain("1 attempt"));
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown), "the statement had been sent");
            Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>());
        });
    }

    [Test]
    public void ExecuteAsync_CommandLostAfterItWasSent_IsNotRepeated()
    {
        var executor = ResilientExecutor.Create(Fast, PoolName());
        var attempts = 0;
        var lost = new ClickHouseConnectionException("lost", ClickHouseOutcome.Unknown, new IOException("reset"));

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () =>
            await executor.ExecuteAsync<int>(CallKind.Command, (_, _) => { attempts++; throw lost; }, CancellationToken.None));

        Assert.That((error, attempts), Is.EqualTo((lost, 1)));
    }

    [Test]
    public void ExecuteAsync_InsertOutcomeUnknown_IsNotRepeated_UnlessItCarriesAToken()
    {
        var executor = ResilientExecutor.Create(Fast, PoolName());
        var plain = 0;
        var deduplicated = 0;
        ValueTask<int> Fail(ResilientCall call, ref int counter, CallKind kind)
        {
            counter++;
            call.Kind = kind;
            throw new ClickHouseInsertOutcomeUnknownException("t", "q", 1, 1, new IOException("reset"));
        }

        Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(async () =>
            await executor.ExecuteAsync(CallKind.Insert, (call, _) => Fail(call, ref plain, CallKind.Insert), CancellationToken.None));
        Assert.ThrowsAsync<ClickHouseInsertOutcomeUnknownException>(async () =>
            await executor.ExecuteAsync(CallKind.Insert, (call, _) => Fail(call, ref deduplicated, CallKind.DeduplicatedInsert), CancellationToken.None));

        Assert.That((plain, deduplicated), Is.EqualTo((1, 1 + Fast.RetryMaxAttempts)));
    }

    [Test]
    public void ExecuteAsync_TimeoutExceededOnARead_IsRepeatedOnce()
    {
        var executor = ResilientExecutor.Create(Fast, PoolName());
        var attempts = 0;

        Assert.ThrowsAsync<ClickHouseServerException>(async () =>
            await executor.ExecuteAsync<int>(CallKind.Read, (_, _) => { attempts++; throw new ClickHouseServerException(159, "DB::Exception", "Timeout exceeded", string.Empty); }, CancellationToken.None));

        Assert.That(attempts, Is.EqualTo(2));
    }

    [Test]
    public void ExecuteAsync_AlwaysRefused_GivesUpAfterRetryMaxAttemptsWithTheLastFailure()
    {
        var executor = ResilientExecutor.Create(Fast, PoolName());
        var failures = new List<Exception>();

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () =>
            await executor.ExecuteAsync<int>(CallKind.Read, (_, _) =>
            {
                var failure = Refused();
                failures.Add(failure);
                throw failure;
            }, CancellationToken.None));

        Assert.That((failures.Count, error), Is.EqualTo((1 + Fast.RetryMaxAttempts, failures[^1])));
    }

    [Test]
    public async Task ExecuteAsync_Delays_FollowTheExponentialScheduleOnTheFakeClock()
    {
        var time = new FakeTimeProvider();
        var settings = Fast with { RetryMaxAttempts = 5, RetryBaseDelay = TimeSpan.FromMilliseconds(200), RetryMaxDelay = TimeSpan.FromMilliseconds(1000) };
        var executor = ResilientExecutor.Create(settings, PoolName(), time, unitRandom: () => 0.5);
        var started = time.GetUtcNow();
        var attemptTimes = new List<TimeSpan>();

        var call = executor.ExecuteAsync<int>(CallKind.Read, (_, _) =>
        {
            lock (attemptTimes)
            {
                attemptTimes.Add(time.GetUtcNow() - started);
            }

            throw Refused();
        }, CancellationToken.None);
        for (var step = 0; step < 1000 && !call.IsCompleted; step++)
        {
            await Task.Delay(1);
            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        // Nominal 200, 400, 800, 1000, 1000 ms, each stretched by 12.5 % (pinned jitter): cumulative start times.
        var expected = new[] { 0, 225, 675, 1575, 2700, 3825 };
        Assert.That(call.IsCompleted, Is.True);
        Assert.That(attemptTimes.Select(t => t.TotalMilliseconds), Is.EqualTo(expected).Within(5.0 + 0.001));
    }

    [Test]
    public async Task ExecuteAsync_DeadlinePassesBetweenAttempts_SurfacesTheLastFailureNotPollysTimeout()
    {
        var time = new FakeTimeProvider();
        var settings = Fast with { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(1), RetryTimeout = TimeSpan.FromSeconds(2.5) };
        var executor = ResilientExecutor.Create(settings, PoolName(), time, unitRandom: () => 0);
        var attempts = 0;

        var call = executor.ExecuteAsync<int>(CallKind.Read, (_, _) => { attempts++; throw Refused(); }, CancellationToken.None);
        for (var step = 0; step < 100 && !call.IsCompleted; step++)
        {
            await Task.Delay(1);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await call);
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Is.EqualTo("refused"));
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.NotExecuted));
            Assert.That(attempts, Is.EqualTo(3), "attempts at 0, 1 and 2 s; the deadline falls in the third delay");
        });
    }

    [Test]
    public async Task ExecuteAsync_DeadlineCutsAnAttempt_ThrowsAConnectionErrorNamingRetryTimeout()
    {
        var time = new FakeTimeProvider();
        var executor = ResilientExecutor.Create(Fast with { RetryTimeout = TimeSpan.FromSeconds(3) }, PoolName(), time);

        var call = executor.ExecuteAsync<int>(CallKind.Command, async (call, ct) =>
        {
            call.StatementStarted = true;
            await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
            return 0;
        }, CancellationToken.None);
        await Task.Delay(10);
        time.Advance(TimeSpan.FromSeconds(3));

        var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("CLICKHOUSE_RETRY_TIMEOUT").And.Contain("3 s").And.Contain("1 attempt"));
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown), "the statement had been sent");
            Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>());
        });
    }

    [Test]
    public void ExecuteAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var executor = ResilientExecutor.Create(Fast, PoolName());
        using var cancel = new CancellationTokenSource();

        var call = executor.ExecuteAsync<int>(CallKind.Read, async (_, ct) =>
        {
            await cancel.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return 0;
        }, cancel.Token);

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
    }

    private static ClickHouseConnectionException Refused() => new("refused", ClickHouseOutcome.NotExecuted);

    private static string PoolName() => $"test-{Guid.NewGuid():N}";
}
