using Ja4Data.Cli.Hosting;

namespace Ja4Data.Cli.Commands;

/// <summary>Finds or starts the server of a demo, ingest or bench run, with a spinner while a local one starts.</summary>
internal static class ServerConnect
{
    /// <summary>The server the options name, or a local one started for the run.</summary>
    /// <param name="options">The command's server options.</param>
    /// <param name="workers">Concurrent callers of the run: the pool gets room for them and two more.</param>
    /// <param name="console">Shows a spinner while a local server starts.</param>
    /// <param name="cancellationToken">Stops the search or the start.</param>
    public static async Task<ServerTarget> ResolveAsync(ServerOptions options, int workers, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var server = await console.Status().StartAsync("Connecting...", _ => ServerTarget.ResolveAsync(options, workers + 2, cancellationToken));
        console.MarkupLine($"Server: {Markup.Escape(server.Description)}");
        return server;
    }
}
