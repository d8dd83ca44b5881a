using Ja4Data.Cli.CommandLine;
using Ja4Data.Cli.Commands;
using Ja4Data.Cli.Hosting;
using Spectre.Console;

namespace Ja4Data.Cli;

internal static class Program
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "--columnar", "--rows-api", "--dry-run", "--local", "--no-python", "--help",
    };

    private static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops the run cleanly (the local server is stopped and deleted); a second one kills.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };

        var console = AnsiConsole.Console;
        try
        {
            var parsed = CliArguments.Parse(args, Flags);
            return await RunAsync(parsed, console, cancel.Token);
        }
        catch (CliUsageException ex)
        {
            console.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            Console.Error.WriteLine();
            Console.Error.WriteLine(UsageText.Text);
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Cancelled.[/]");
            return 130;
        }
        catch (Exception ex) when (ex is ClickHouseException or InvalidOperationException or TimeoutException or IOException or PlatformNotSupportedException)
        {
            console.MarkupLine($"[red]{Markup.Escape(ex.GetType().Name)}: {Markup.Escape(ex.Message)}[/]");
            return 1;
        }
    }

    private static async Task<int> RunAsync(CliArguments args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var command = string.Join(' ', args.Words);
        if (args.Flag("--help") || command is "" or "help")
        {
            // Plain text: Spectre would re-wrap the columns.
            Console.Out.WriteLine(UsageText.Text);
            return 0;
        }

        switch (command)
        {
            case "demo":
            {
                var options = IngestCommand.ParseOptions(args);
                await using var server = await ResolveAsync(args, options.Workers, console, cancellationToken);
                await DemoCommand.RunAsync(server.Settings, options, console, cancellationToken);
                return 0;
            }

            case "ingest":
            {
                var options = IngestCommand.ParseOptions(args);
                var targetName = args.Text("--target");
                await using var server = await ResolveAsync(args, options.Workers, console, cancellationToken);
                var target = IngestCommand.ParseTarget(targetName, server.Settings);
                await IngestCommand.RunAsync(server.Settings, target, options, console, cancellationToken);
                return 0;
            }

            case "bench":
            {
                var options = BenchCommand.ParseOptions(args);
                await using var server = await ResolveAsync(args, options.Concurrency, console, cancellationToken);
                await BenchCommand.RunAsync(server.Settings, options, console, cancellationToken);
                return 0;
            }

            case "schema deploy":
            {
                var dryRun = args.Flag("--dry-run");
                var serverOptions = ServerOptions.From(args);
                args.ThrowOnUnused();
                if (serverOptions.ForceLocal)
                {
                    throw new CliUsageException("schema deploy works on the configured server; --local is not available here.");
                }

                await using var server = ServerTarget.Configured(serverOptions, minPoolSize: 1);
                console.MarkupLine($"Server: {Markup.Escape(server.Description)}");
                await SchemaDeployCommand.RunAsync(server.Settings, dryRun, console, cancellationToken);
                return 0;
            }

            default:
                throw new CliUsageException($"Unknown command '{command}'.");
        }
    }

    private static async Task<ServerTarget> ResolveAsync(CliArguments args, int workers, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var serverOptions = ServerOptions.From(args);
        args.ThrowOnUnused();
        var server = await console.Status().StartAsync("Connecting...", _ => ServerTarget.ResolveAsync(serverOptions, workers + 2, cancellationToken));
        console.MarkupLine($"Server: {Markup.Escape(server.Description)}");
        return server;
    }
}
