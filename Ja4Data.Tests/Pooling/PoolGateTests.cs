using Ja4Data.Core.Pooling;
using Ja4Data.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace Ja4Data.Tests.Pooling;

[TestFixture]
public sealed class PoolGateTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    [Test]
    public void TryEnter_UpToThePermits_ThenRefuses()
    {
        var gate = new PoolGate(2, new FakeTimeProvider());

        Assert.Multiple(() =>
        {
            Assert.That(gate.TryEnter(), Is.True);
            Assert.That(gate.TryEnter(), Is.True);
            Assert.That(gate.TryEnter(), Is.False);
            Assert.That(gate.Available, Is.Zero);
        });
    }

    [Test]
    public async Task EnterAsync_QueuedWaiters_AreServedInArrivalOrder()
    {
        var gate = new PoolGate(1, new FakeTimeProvider());
        Assert.That(gate.TryEnter(), Is.True);
        var served = new List<int>();
        var waiters = Enumerable.Range(0, 20).Select(async i =>
        {
            var entered = gate.EnterAsync(Long, async: true, CancellationToken.None);
            Assert.That(await entered, Is.True);
            lock (served)
            {
                served.Add(i);
            }

            gate.Release();
        }).ToList();

        Assert.That(gate.Waiting, Is.EqualTo(20));
        gate.Release();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(served, Is.EqualTo(Enumerable.Range(0, 20)));
            Assert.That(gate.Available, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task TryEnter_WhileSomeoneWaits_DoesNotOvertake()
    {
        var gate = new PoolGate(1, new FakeTimeProvider());
        gate.TryEnter();
        var waiter = gate.EnterAsync(Long, async: true, CancellationToken.None).AsTask();

        gate.Release();
        var barged = gate.TryEnter();

        Assert.Multiple(async () =>
        {
            Assert.That(barged, Is.False, "a released permit belongs to the queued waiter");
            Assert.That(await waiter.WaitAsync(TimeSpan.FromSeconds(5)), Is.True);
        });
    }

    [Test]
    public async Task EnterAsync_NoPermitWithinTimeout_ReturnsFalseExactlyAtTheTimeout()
    {
        var time = new FakeTimeProvider();
        var gate = new PoolGate(1, time);
        gate.TryEnter();

        var waiter = gate.EnterAsync(TimeSpan.FromSeconds(2), async: true, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        var pendingBefore = waiter.IsCompleted;
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Multiple(async () =>
        {
            Assert.That(pendingBefore, Is.False);
            Assert.That(await waiter.WaitAsync(TimeSpan.FromSeconds(5)), Is.False);
            Assert.That(gate.Waiting, Is.Zero);
            Assert.That(gate.Available, Is.Zero, "the holder still has its permit");
        });
    }

    [Test]
    public async Task EnterAsync_RealTimers_NeverGiveUpBeforeTheFullTimeout()
    {
        // Linux timers tick on a coarse clock and may fire a few milliseconds early.
        var gate = new PoolGate(1, TimeProvider.System);
        gate.TryEnter();
        var shortest = TimeSpan.MaxValue;
        for (var i = 0; i < 50; i++)
        {
            var started = TimeProvider.System.GetTimestamp();
            var entered = await gate.EnterAsync(TimeSpan.FromMilliseconds(20), async: true, CancellationToken.None);
            Assert.That(entered, Is.False);
            var waited = TimeProvider.System.GetElapsedTime(started);
            shortest = waited < shortest ? waited : shortest;
        }

        Assert.That(shortest, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(20)));
    }

    [Test]
    public void EnterAsync_Cancelled_ThrowsAndLeavesTheQueue()
    {
        var gate = new PoolGate(1, new FakeTimeProvider());
        gate.TryEnter();
        using var cancel = new CancellationTokenSource();

        var waiter = gate.EnterAsync(Long, async: true, cancel.Token).AsTask();
        cancel.Cancel();

        Assert.That(async () => await waiter, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(gate.Waiting, Is.Zero);
        gate.Release();
        Assert.That(gate.Available, Is.EqualTo(1), "a cancelled waiter must not swallow the next release");
    }

    [Test]
    public void EnterAsync_SyncWaiter_BlocksItsOwnThreadUntilRelease()
    {
        var gate = new PoolGate(1, TimeProvider.System);
        gate.TryEnter();
        bool? result = null;
        var thread = new Thread(() => result = SyncCompletion.Result(gate.EnterAsync(Long, async: false, CancellationToken.None)));
        thread.Start();

        var queued = SpinWait.SpinUntil(() => gate.Waiting == 1, TimeSpan.FromSeconds(5));
        gate.Release();
        var finished = thread.Join(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(queued, Is.True);
            Assert.That(finished, Is.True);
            Assert.That(result, Is.True);
        });
    }

    [Test]
    public async Task ReleaseRacingTimeoutsAndCancellations_NeverLosesOrDuplicatesAPermit()
    {
        const int permits = 3;
        var gate = new PoolGate(permits, TimeProvider.System);
        var holders = 0;
        var maxHolders = 0;
        var workers = Enumerable.Range(0, 32).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds((i + w) % 3));
                bool entered;
                try
                {
                    entered = gate.TryEnter() || await gate.EnterAsync(TimeSpan.FromMilliseconds((i * w) % 4), async: true, cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    continue;
                }

                if (!entered)
                {
                    continue;
                }

                var now = Interlocked.Increment(ref holders);
                AtomicMax.Raise(ref maxHolders, now);
                await Task.Yield();
                Interlocked.Decrement(ref holders);
                gate.Release();
            }
        })).ToArray();

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(maxHolders, Is.LessThanOrEqualTo(permits));
            Assert.That(gate.Available, Is.EqualTo(permits));
            Assert.That(gate.Waiting, Is.Zero);
        });
    }

    [Test]
    public void Close_FailsQueuedWaitersAndLaterEntries()
    {
        var gate = new PoolGate(1, new FakeTimeProvider());
        gate.TryEnter();
        var waiter = gate.EnterAsync(Long, async: true, CancellationToken.None).AsTask();

        gate.Close(new InvalidOperationException("disposed"));

        Assert.Multiple(() =>
        {
            Assert.That(async () => await waiter, Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => gate.TryEnter(), Throws.InstanceOf<ObjectDisposedException>());
        });
    }
}
