namespace Ja4Data.Cli.Hosting;

/// <summary>The rule, kept pure so it can be tested.</summary>
internal static class ServerChoiceRule
{
    /// <summary>
    /// A server counts as configured when --host is given or CLICKHOUSE_HOST is set in the process environment. The
    /// repository's .env names a docker-compose host (<c>clickhouse</c>) for the platform's services, so a value found
    /// only in .env does not count: the demo must work from a fresh checkout.
    /// </summary>
    public static ServerChoice Decide(ServerOptions options, string? hostFromEnvironment)
        => options.LocalCluster ? ServerChoice.LocalCluster
            : options.ForceLocal || (options.Host is null && string.IsNullOrWhiteSpace(hostFromEnvironment)) ? ServerChoice.Local
            : ServerChoice.Configured;
}
