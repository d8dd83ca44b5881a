using System.Globalization;
using Ja4Data.Cli.Bench;
using Ja4Data.TestSupport;

namespace Ja4Data.Benchmarks.ClientOnly;

/// <summary>
/// <c>cold-read PORT SQL</c>: one typed-getter read of a replayed result in a new process, the cold contender of
/// <see cref="ClientOnlyRun"/> (process start, JIT, connect and the read, as a command-line user pays them).
/// </summary>
internal static class ColdRead
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = EndpointSettings.ForLoopback(int.Parse(args[1], CultureInfo.InvariantCulture), ClickHouseCompression.Lz4) with { CommandTimeout = TimeSpan.FromMinutes(5) };
        await using var client = new ClickHouseClient(settings);
        var rows = await Ja4DataContenders.ReadAllAsync(client, args[2], CancellationToken.None);
        return rows > 0 ? 0 : 1;
    }
}
