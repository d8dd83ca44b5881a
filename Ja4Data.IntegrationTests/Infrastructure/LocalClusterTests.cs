using System.Diagnostics;
using System.Globalization;
using Ja4Data.LocalServer;

namespace Ja4Data.IntegrationTests.Infrastructure;

/// <summary>
/// The life cycle of <see cref="LocalClickHouseCluster"/> itself: every process started and ended by pid, nodes and
/// ZooKeeper restarted in place, nothing left behind after dispose or a failed start. Each test runs with its own
/// temp directory (TMPDIR) so that "nothing left" can be checked without seeing other test runs on the machine.
/// Talks to the servers over HTTP, not through the library.
/// </summary>
[TestFixture]
[Category("Cluster")]
[NonParallelizable] // sets the process-wide TMPDIR
public sealed class LocalClusterTests
{
    private string _scratch = null!;
    private string? _savedTmpDir;

    [SetUp]
    public void UseScratchTempDirectory()
    {
        _scratch = Directory.CreateTempSubdirectory("ja4data-cluster-test-").FullName;
        _savedTmpDir = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", _scratch);
    }

    [TearDown]
    public void RestoreTempDirectory()
    {
        Environment.SetEnvironmentVariable("TMPDIR", _savedTmpDir);
        Directory.Delete(_scratch, recursive: true);
    }

    [Test]
    public async Task DisposeAsync_AfterStart_EndsEveryProcessByPid_AndDeletesTheDirectory()
    {
        var started = Stopwatch.StartNew();
        var cluster = await LocalClickHouseCluster.StartAsync(new LocalClusterOptions { Shards = 1, Replicas = 2, ClusterName = "lifecycle" });
        await TestContext.Progress.WriteLineAsync($"1x2 cluster started in {started.ElapsedMilliseconds} ms: {cluster}");
        int[] pids = [cluster.ZooKeeper.ProcessId, .. cluster.Nodes.Select(n => n.ProcessId)];
        try
        {
            Assert.That(cluster.Directory, Does.StartWith(_scratch));
            Assert.That(ProcessesUsing(_scratch), Is.EquivalentTo(pids), "the cluster runs exactly ZooKeeper and its nodes");
            foreach (var node in cluster.Nodes)
            {
                Assert.That(
                    await ClickHouseHttp.QueryAsync(node.Endpoint, "SELECT cluster, count() FROM system.clusters WHERE cluster = 'lifecycle' GROUP BY cluster"),
                    Is.EqualTo("lifecycle\t2\n"));
            }

            Assert.That(
                await ZooKeeperFourLetterWordAsync(cluster.ZooKeeper.Port, "ruok"),
                Is.EqualTo("imok"));
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(pids.Where(ProcessExists), Is.Empty, "processes still alive after DisposeAsync");
            Assert.That(ProcessesUsing(_scratch), Is.Empty);
            Assert.That(Directory.Exists(cluster.Directory), Is.False, "cluster directory left behind");
            Assert.That(Directory.EnumerateFileSystemEntries(_scratch), Is.Empty, "temp files left behind");
        });
    }

    [Test]
    public async Task NodeAndZooKeeper_KilledOrStopped_StartAgainOnTheSamePortsAndData()
    {
        await using var cluster = await LocalClickHouseCluster.StartAsync(new LocalClusterOptions { Shards = 1, Replicas = 1 });
        var node = cluster.Nodes.Single();
        var zooKeeper = cluster.ZooKeeper;
        await ClickHouseHttp.QueryAsync(node.Endpoint, "CREATE TABLE kept (x UInt32) ENGINE = MergeTree ORDER BY x");
        await ClickHouseHttp.QueryAsync(node.Endpoint, "INSERT INTO kept VALUES (42)");
        var (nodePid, zooKeeperPid) = (node.ProcessId, zooKeeper.ProcessId);
        var (tcp, http, interserver, zooKeeperPort) = (node.TcpPort, node.HttpPort, node.InterserverHttpPort, zooKeeper.Port);

        node.Kill();
        zooKeeper.Kill();
        Assert.That((node.IsRunning, zooKeeper.IsRunning, ProcessExists(nodePid), ProcessExists(zooKeeperPid)), Is.EqualTo((false, false, false, false)));

        await zooKeeper.StartAsync();
        await node.StartAsync();
        var kept = await ClickHouseHttp.QueryAsync(node.Endpoint, "SELECT x FROM kept");
        // The node reads ZooKeeper again (a new session after both died).
        var zooKeeperRoot = await ClickHouseHttp.QueryAsync(node.Endpoint, "SELECT count() > 0 FROM system.zookeeper WHERE path = '/'");

        await node.StopAsync();
        await zooKeeper.StopAsync();
        Assert.That((node.IsRunning, zooKeeper.IsRunning), Is.EqualTo((false, false)));
        await zooKeeper.StartAsync();
        await node.RestartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo("42\n"));
            Assert.That(zooKeeperRoot, Is.EqualTo("1\n"));
            Assert.That((node.TcpPort, node.HttpPort, node.InterserverHttpPort, zooKeeper.Port), Is.EqualTo((tcp, http, interserver, zooKeeperPort)));
            Assert.That(node.ProcessId, Is.Not.EqualTo(nodePid));
            Assert.That(zooKeeper.ProcessId, Is.Not.EqualTo(zooKeeperPid));
            Assert.That(ProcessesUsing(_scratch), Is.EquivalentTo((int[])[node.ProcessId, zooKeeper.ProcessId]));
        });
    }

    [Test]
    public void StartAsync_NodeExitsAtOnce_FailsNamingIt_AndLeavesNothingBehind()
    {
        // /bin/false stands in for a clickhouse-server that cannot start (bad binary, broken config).
        var ex = Assert.ThrowsAsync<InvalidOperationException>(
            () => LocalClickHouseCluster.StartAsync(new LocalClusterOptions { Shards = 1, Replicas = 2, ServerBinary = "/bin/false" }));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("clickhouse-server").And.Contain("exited with code 1"));
            Assert.That(ProcessesUsing(_scratch), Is.Empty, "ZooKeeper or a node outlived the failed start");
            Assert.That(Directory.EnumerateFileSystemEntries(_scratch), Is.Empty, "temp files left behind");
        });
    }

    [TestCase(0, 2, "ja4", TestName = "StartAsync_NoShards_ThrowsBeforeStartingAnything")]
    [TestCase(2, 0, "ja4", TestName = "StartAsync_NoReplicas_ThrowsBeforeStartingAnything")]
    [TestCase(5, 4, "ja4", TestName = "StartAsync_TooManyNodes_ThrowsBeforeStartingAnything")]
    [TestCase(2, 2, "1st", TestName = "StartAsync_NameStartsWithDigit_ThrowsBeforeStartingAnything")]
    [TestCase(2, 2, "ja4'; DROP", TestName = "StartAsync_NameNotAnIdentifier_ThrowsBeforeStartingAnything")]
    public void StartAsync_BadOptions_ThrowBeforeStartingAnything(int shards, int replicas, string name)
    {
        Assert.That(
            () => LocalClickHouseCluster.StartAsync(new LocalClusterOptions { Shards = shards, Replicas = replicas, ClusterName = name }),
            Throws.InstanceOf<ArgumentException>());
        Assert.That(Directory.EnumerateFileSystemEntries(_scratch), Is.Empty);
    }

    [Test]
    public void StartAsync_JavaMissing_ThrowsFileNotFoundNamingIt()
    {
        Assert.That(
            () => LocalClickHouseCluster.StartAsync(new LocalClusterOptions { JavaPath = "/nonexistent/java" }),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("/nonexistent/java"));
        Assert.That(Directory.EnumerateFileSystemEntries(_scratch), Is.Empty);
    }

    /// <summary>Pids of the processes whose command line names a path under <paramref name="directory"/>.</summary>
    private static int[] ProcessesUsing(string directory)
    {
        var pids = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(entry, "cmdline")).Contains(directory, StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return [.. pids];
    }

    /// <summary>Whether a live (not zombie) process has this pid.</summary>
    private static bool ProcessExists(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<string> ZooKeeperFourLetterWordAsync(int port, string command)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command));
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }
}
