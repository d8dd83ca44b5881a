using System.Diagnostics;
using Ja4Data.LocalServer;

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
            // For the record (never asserted): what the processes hold after all the cluster tests.
            var memory = _cluster.Nodes.Select(n => (n.ReplicaMacro, n.ProcessId)).Prepend(("ZooKeeper", _cluster.ZooKeeper.ProcessId))
                .Select(p => $"{p.Item1} {ResidentMegabytes(p.Item2)} MiB");
            await TestContext.Progress.WriteLineAsync($"Cluster resident memory: {string.Join(", ", memory)}");
            await _cluster.DisposeAsync();
            _cluster = null;
        }
    }

    /// <summary>VmRSS of a process in MiB, or "?" when it is gone.</summary>
    private static string ResidentMegabytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kilobytes = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            return (kilobytes / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
