using Ja4Data.Core.Pooling;
using Microsoft.Extensions.Time.Testing;

namespace Ja4Data.Tests.Pooling;

/// <summary>The up/down state of one host and its background probes, on a fake clock.</summary>
[TestFixture]
public sealed class HostHealthTests
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    private FakeTimeProvider _time = null!;
    private Queue<Exception?> _probeResults = null!;
    private int _probesRun;

    [SetUp]
    public void Reset()
    {
        _time = new FakeTimeProvider();
        _probeResults = new Queue<Exception?>();
        _probesRun = 0;
    }

    [Test]
    public void NewHost_IsUp_AndNeverProbed()
    {
        using var health = Create();

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(health.IsDown, Is.False);
            Assert.That(health.DownFor, Is.EqualTo(TimeSpan.Zero));
            Assert.That(health.LastFailure, Is.Null);
            Assert.That(_probesRun, Is.Zero);
        });
    }

    [Test]
    public void MarkDown_IsATransitionOnce_KeepsTheLatestFailure_AndCountsDownTime()
    {
        using var health = Create();
        var first = Refused("first");
        var second = Refused("second");

        Assert.Multiple(() =>
        {
            Assert.That(health.MarkDown(first), Is.True);
            Assert.That(health.MarkDown(second), Is.False, "already down");
        });
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Multiple(() =>
        {
            Assert.That(health.IsDown, Is.True);
            Assert.That(health.LastFailure, Is.SameAs(second));
            Assert.That(health.DownFor, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(_probesRun, Is.Zero, "skipped for the whole recheck interval before the first probe");
        });
    }

    [Test]
    public void Down_ProbedEveryInterval_StaysDownWhileProbesFail_ThenRejoinsWhenOneAnswers()
    {
        using var health = Create();
        health.MarkDown(Refused("crash"));
        _probeResults.Enqueue(Refused("probe 1"));
        _probeResults.Enqueue(Refused("probe 2"));
        _probeResults.Enqueue(null);

        _time.Advance(Recheck);
        var afterFirst = (health.IsDown, health.LastFailure?.Message);
        _time.Advance(Recheck);
        var afterSecond = (health.IsDown, health.LastFailure?.Message);
        _time.Advance(Recheck);

        Assert.Multiple(() =>
        {
            Assert.That(afterFirst, Is.EqualTo((true, "probe 1")));
            Assert.That(afterSecond, Is.EqualTo((true, "probe 2")));
            Assert.That(health.IsDown, Is.False, "the third probe answered");
            Assert.That(health.LastFailure, Is.Null);
            Assert.That((_probesRun, health.Probes), Is.EqualTo((3, 3)));
        });

        _time.Advance(Recheck * 10);
        Assert.That(_probesRun, Is.EqualTo(3), "no probes while up");
    }

    [Test]
    public void MarkUp_ByALeaseOfLastResort_StopsTheProbes_AndTheNextFailureStartsThemAgain()
    {
        using var health = Create();
        health.MarkDown(Refused("crash"));

        Assert.That(health.MarkUp(), Is.True);
        Assert.That(health.MarkUp(), Is.False, "already up");
        _time.Advance(Recheck * 3);
        Assert.That(_probesRun, Is.Zero);

        Assert.That(health.MarkDown(Refused("again")), Is.True);
        _probeResults.Enqueue(null);
        _time.Advance(Recheck);
        Assert.That((health.IsDown, _probesRun), Is.EqualTo((false, 1)));
    }

    [Test]
    public void SlowProbe_IsNeverRunTwiceAtOnce()
    {
        var pending = new TaskCompletionSource();
        using var health = new HostHealth(_time, Recheck, async _ =>
        {
            Interlocked.Increment(ref _probesRun);
            await pending.Task;
        });
        health.MarkDown(Refused("crash"));

        _time.Advance(Recheck);
        _time.Advance(Recheck);
        _time.Advance(Recheck);
        Assert.That(_probesRun, Is.EqualTo(1), "later ticks find the first probe still running");

        pending.SetResult();
        Assert.That(() => health.IsDown, Is.False.After(5000, 10));
    }

    [Test]
    public void Dispose_StopsProbing_AndAHostMarkedDownAfterwardsIsNeverProbed()
    {
        var down = Create();
        var up = Create();
        down.MarkDown(Refused("crash"));

        down.Dispose();
        up.Dispose();
        var marked = up.MarkDown(Refused("late"));
        _time.Advance(Recheck * 3);

        Assert.Multiple(() =>
        {
            Assert.That(_probesRun, Is.Zero);
            Assert.That((marked, up.IsDown), Is.EqualTo((false, false)));
        });
    }

    private static ClickHouseConnectionException Refused(string message) => new(message, ClickHouseOutcome.NotExecuted);

    private HostHealth Create() => new(_time, Recheck, _ =>
    {
        Interlocked.Increment(ref _probesRun);
        var result = _probeResults.Count > 0 ? _probeResults.Dequeue() : Refused("still down");
        return result is null ? ValueTask.CompletedTask : ValueTask.FromException(result);
    });
}
