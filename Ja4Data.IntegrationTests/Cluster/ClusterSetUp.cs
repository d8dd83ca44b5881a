using System.Diagnostics;
using Ja4Data.LocalServer;
using NUnit.Framework;

namespace Ja4Data.IntegrationTests.Cluster;

/// <summary>
/// Starts the 2 shards x 2 replicas cluster once for every test in this namespace, and only when one of them runs:
/// NUnit runs a namespace's set-up fixture only for a run that selects tests inside it, so a run filtered to other
/// tests never starts ZooKeeper or the four nodes.
/// </summary>
[SetUpFixture]
public sealed class ClusterSetUp
{
    private static LocalClickHouseCluster? _cluster;

    /// <summary>The shared cluster; tests that kill or stop parts of it leave it whole again (see <see cref="ClusterTestBase"/>).</summary>
    internal static LocalClickHouseCluster Cluster =>
        _cluster ?? throw new InvalidOperationException("The shared cluster is not set up: ClusterSetUp has not run.");

    [OneTimeSetUp]
    public async Task StartClusterAsync()
    {
        var started = Stopwatch.StartNew();
        _cluster = await LocalClickHouseCluster.StartAsync(new LocalClusterOptions { Shards = 2, Replicas = 2 });
        await TestContext.Progress.WriteLineAsync($"Cluster tests use {_cluster}, started in {started.ElapsedMilliseconds} ms");
    }

    [OneTimeTearDown]
    public async Task StopClusterAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            _cluster = null;
        }
    }
}
