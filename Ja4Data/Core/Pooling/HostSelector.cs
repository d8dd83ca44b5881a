namespace Ja4Data.Core.Pooling;

/// <summary>
/// The order in which a lease tries the hosts of a multi-host pool (docs/reliability.md, "Several hosts"). Hosts are
/// ranked first: up and not yet failed in this call, then up but failed earlier in this call, then down. Within a
/// rank the strategy decides: <c>in_order</c> keeps the configured order, <c>round_robin</c> starts at the next host
/// in turn, <c>random</c> shuffles.
/// </summary>
internal static class HostSelector
{
    public const int Preferred = 0;

    /// <summary>Up, but an earlier attempt of the same call failed there: a retry goes elsewhere first.</summary>
    public const int FailedInThisCall = 1;

    /// <summary>Marked down: tried only when no other host answers.</summary>
    public const int Down = 2;

    /// <summary>The host a lease tries first: <see cref="Order"/>'s first entry, without allocating.</summary>
    /// <param name="ranks">Each host's rank, in configured order.</param>
    /// <param name="strategy">How hosts of equal rank are ordered.</param>
    /// <param name="turn">The lease's number, for round robin.</param>
    /// <param name="random">Picks among equals for <see cref="ClickHouseLoadBalancing.Random"/>.</param>
    public static int First(ReadOnlySpan<int> ranks, ClickHouseLoadBalancing strategy, int turn, Random random)
    {
        var best = int.MaxValue;
        var count = 0;
        foreach (var rank in ranks)
        {
            if (rank < best)
            {
                (best, count) = (rank, 1);
            }
            else if (rank == best)
            {
                count++;
            }
        }

        var pick = Pick(strategy, count, turn, random);
        for (var i = 0; i < ranks.Length; i++)
        {
            if (ranks[i] == best && pick-- == 0)
            {
                return i;
            }
        }

        throw new ArgumentException("No hosts to choose from.", nameof(ranks));
    }

    /// <summary>Every host, in the order a lease tries them.</summary>
    public static int[] Order(ReadOnlySpan<int> ranks, ClickHouseLoadBalancing strategy, int turn, Random random)
    {
        var order = new int[ranks.Length];
        var filled = 0;
        for (var rank = Preferred; rank <= Down; rank++)
        {
            var start = filled;
            for (var i = 0; i < ranks.Length; i++)
            {
                if (ranks[i] == rank)
                {
                    order[filled++] = i;
                }
            }

            var group = order.AsSpan(start, filled - start);
            if (group.Length < 2)
            {
                continue;
            }

            if (strategy == ClickHouseLoadBalancing.RoundRobin)
            {
                // Rotate left so the host in turn comes first and the rest follow in configured order.
                var shift = Pick(strategy, group.Length, turn, random);
                group[..shift].Reverse();
                group[shift..].Reverse();
                group.Reverse();
            }
            else if (strategy == ClickHouseLoadBalancing.Random)
            {
                random.Shuffle(group);
            }
        }

        return filled == ranks.Length
            ? order
            : throw new ArgumentOutOfRangeException(nameof(ranks), "A host rank must be Preferred, FailedInThisCall or Down.");
    }

    private static int Pick(ClickHouseLoadBalancing strategy, int count, int turn, Random random) => strategy switch
    {
        ClickHouseLoadBalancing.RoundRobin => (int)((uint)turn % (uint)count),
        ClickHouseLoadBalancing.Random => random.Next(count),
        _ => 0,
    };
}
