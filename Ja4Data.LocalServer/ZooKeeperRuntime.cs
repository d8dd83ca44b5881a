namespace Ja4Data.LocalServer;

/// <summary>
/// The Java runtime and class path that run a ZooKeeper server. The default is what Debian's <c>zookeeper</c> package
/// installs: <c>/usr/share/java/zookeeper.jar</c>, whose manifest names every dependency jar (so the class path is that
/// one jar), plus slf4j's simple binding (a dependency of the package) so the server's log reaches its console log.
/// </summary>
/// <remarks>
/// The JVM is started directly rather than through the package's <c>zkServer.sh</c>: that script reads the system-wide
/// <c>/etc/zookeeper/conf/environment</c> (log directory, JMX flags, class path) where an administrator's edits would
/// change our servers, and its <c>start</c> mode daemonises behind a pid file. Started directly, the pid we hold is the
/// JVM's own, and heap, ports and logging are exactly what <see cref="LocalZooKeeper"/> sets.
/// </remarks>
internal sealed record ZooKeeperRuntime(string JavaPath, string ClassPath)
{
    public const string MainClass = "org.apache.zookeeper.server.ZooKeeperServerMain";
    private const string DebianJar = "/usr/share/java/zookeeper.jar";
    private const string DebianLogBinding = "/usr/share/java/slf4j-simple.jar";
    private const string InstallHint = "Install Debian's zookeeper package (scripts/install-deps.sh, or 'apt-get install -y zookeeper', which brings a Java runtime)";

    /// <summary>The explicit paths where given, else Debian's; fails with what to install when something is missing.</summary>
    public static ZooKeeperRuntime Resolve(string? javaPath, string? classPath)
    {
        var java = javaPath is not null
            ? File.Exists(javaPath)
                ? javaPath
                : throw new FileNotFoundException($"The configured Java runtime '{javaPath}' does not exist.", javaPath)
            : FindJava() ?? throw new InvalidOperationException(
                $"No Java runtime was found (JAVA_HOME, PATH, /usr/bin/java); ZooKeeper needs one. {InstallHint} "
                + "or set LocalClusterOptions.JavaPath.");
        if (classPath is not null)
        {
            return new ZooKeeperRuntime(java, classPath);
        }

        if (!File.Exists(DebianJar))
        {
            throw new InvalidOperationException(
                $"ZooKeeper was not found at {DebianJar}. {InstallHint}, or set LocalClusterOptions.ZooKeeperClassPath.");
        }

        return new ZooKeeperRuntime(
            java,
            File.Exists(DebianLogBinding) ? DebianJar + Path.PathSeparator + DebianLogBinding : DebianJar);
    }

    private static string? FindJava()
    {
        var javaHome = Environment.GetEnvironmentVariable("JAVA_HOME");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(javaHome))
        {
            candidates.Add(Path.Combine(javaHome, "bin", "java"));
        }

        candidates.AddRange(
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, "java")));
        candidates.Add("/usr/bin/java");
        return candidates.FirstOrDefault(File.Exists);
    }
}
