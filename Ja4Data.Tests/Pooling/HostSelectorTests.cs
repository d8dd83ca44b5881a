using Ja4Data.Core.Pooling;

namespace Ja4Data.Tests.Pooling;

/// <summary>The order a lease tries the hosts in: rank first (up, failed in this call, down), then the strategy.</summary>
[TestFixture]
public sealed class HostSelectorTests
{
    private const int P = HostSelector.Preferred;
    private const int F = HostSelector.FailedInThisCall;
    private const int D = HostSelector.Down;

    [Test]
    public void InOrder_AllUp_IsTheConfiguredOrder_EveryTurn()
    {
        int[] ranks = [P, P, P, P];

        Assert.Multiple(() =>
        {
            for (var turn = 0; turn < 5; turn++)
            {
                Assert.That(HostSelector.Order(ranks, ClickHouseLoadBalancing.InOrder, turn, new Random(1)), Is.EqualTo((int[])[0, 1, 2, 3]));
                Assert.That(HostSelector.First(ranks, ClickHouseLoadBalancing.InOrder, turn, new Random(1)), Is.Zero);
            }
        });
    }

    [Test]
    public void InOrder_FirstHostDown_FailsOverDownTheList_AndTriesTheDownHostLast()
    {
        int[] ranks = [D, P, P, P];

        Assert.Multiple(() =>
        {
            Assert.That(HostSelector.First(ranks, ClickHouseLoadBalancing.InOrder, 0, new Random(1)), Is.EqualTo(1));
            Assert.That(HostSelector.Order(ranks, ClickHouseLoadBalancing.InOrder, 0, new Random(1)), Is.EqualTo((int[])[1, 2, 3, 0]));
        });
    }

    [Test]
    public void InOrder_RetryAfterAFailureOnTheFirstHost_GoesToTheNextHostFirst()
    {
        int[] ranks = [F, P, D, P];

        Assert.That(HostSelector.Order(ranks, ClickHouseLoadBalancing.InOrder, 0, new Random(1)), Is.EqualTo((int[])[1, 3, 0, 2]));
    }

    [Test]
    public void RoundRobin_AllUp_EachTurnStartsAtTheNextHost()
    {
        int[] ranks = [P, P, P];
        var firsts = Enumerable.Range(0, 6).Select(turn => HostSelector.First(ranks, ClickHouseLoadBalancing.RoundRobin, turn, new Random(1))).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(firsts, Is.EqualTo((int[])[0, 1, 2, 0, 1, 2]));
            Assert.That(HostSelector.Order(ranks, ClickHouseLoadBalancing.RoundRobin, 1, new Random(1)), Is.EqualTo((int[])[1, 2, 0]));
            Assert.That(HostSelector.Order(ranks, ClickHouseLoadBalancing.RoundRobin, 5, new Random(1)), Is.EqualTo((int[])[2, 0, 1]));
        });
    }

    [Test]
    public void RoundRobin_OneHostDown_TurnsOverTheHostsThatAreUp_Evenly()
    {
        int[] ranks = [P, D, P, P];
        var counts = new int[4];
        for (var turn = 0; turn < 300; turn++)
        {
            counts[HostSelector.First(ranks, ClickHouseLoadBalancing.RoundRobin, turn, new Random(1))]++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(counts, Is.EqualTo((int[])[100, 0, 100, 100]), "the dead host's share is spread, not given to its neighbour");
            Assert.That(HostSelector.Order(ranks, ClickHouseLoadBalancing.RoundRobin, 1, new Random(1)), Is.EqualTo((int[])[2, 3, 0, 1]));
        });
    }

    [Test]
    public void RoundRobin_NegativeTurnAfterOverflow_StillPicksAHost()
    {
        Assert.That(HostSelector.First([P, P, P], ClickHouseLoadBalancing.RoundRobin, int.MinValue, new Random(1)), Is.InRange(0, 2));
    }

    [Test]
    public void Random_PicksEveryHostThatIsUp_NeverADownOneWhileOthersAreUp()
    {
        int[] ranks = [P, P, D, P];
        var random = new Random(42);
        var counts = new int[4];
        for (var i = 0; i < 3000; i++)
        {
            counts[HostSelector.First(ranks, ClickHouseLoadBalancing.Random, 0, random)]++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(counts[2], Is.Zero);
            Assert.That(new[] { counts[0], counts[1], counts[3] }, Has.All.InRange(800, 1200), "about a third each");
        });
    }

    [Test]
    public void Random_Order_IsAPermutationWithTheDownHostLast()
    {
        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var order = HostSelector.Order([P, D, P, P, P], ClickHouseLoadBalancing.Random, 0, random);
            Assert.That(order[^1], Is.EqualTo(1));
            Assert.That(order.Order(), Is.EqualTo((int[])[0, 1, 2, 3, 4]));
        }
    }

    [Test]
    public void AllDown_TheyAreStillTriedInStrategyOrder()
    {
        Assert.Multiple(() =>
        {
            Assert.That(HostSelector.Order([D, D, D], ClickHouseLoadBalancing.InOrder, 0, new Random(1)), Is.EqualTo((int[])[0, 1, 2]));
            Assert.That(HostSelector.First([D, D, D], ClickHouseLoadBalancing.RoundRobin, 2, new Random(1)), Is.EqualTo(2));
        });
    }
}
