using Ja4Data.TestSupport;
using NUnit.Framework;

namespace Ja4Data.Tests.Support;

/// <summary>What every hostile-server test checks last: the broken connection is discarded and the pool goes on.</summary>
internal static class PoolRecovery
{
    /// <summary>
    /// Returns <paramref name="broken"/> to its pool, then leases again and pings: the lease must be a second, fresh
    /// connection (<see cref="FakeScripts.FirstThenPongs"/> answers it) and the pool must hold only that one.
    /// </summary>
    public static async Task AssertPoolGoesOnAsync(ClickHouseDataSource dataSource, ClickHouseConnection broken, FakeNativeServer server)
    {
        await broken.CloseAsync();
        await using var next = await dataSource.OpenConnectionAsync();
        await next.PingAsync();
        Assert.Multiple(() =>
        {
            Assert.That(server.Accepted, Is.EqualTo(2), "the broken connection was not reused");
            Assert.That(dataSource.Pool.Total, Is.EqualTo(1));
        });
    }
}
