using Ja4Data.Cli.Commands;

namespace Ja4Data.Cli.CommandLine;

/// <summary>
/// The <c>ja4data</c> command line: the command table, and how outcomes become exit codes (0 done, 1 the server or
/// the environment failed, 2 the command line is wrong, 130 cancelled). A new command is one line in
/// <see cref="Configure"/> plus its settings and command classes; a new option is one property on its settings.
/// </summary>
internal static class CliApp
{
    public const int Failed = 1;

    public const int UsageError = 2;

    public const int Cancelled = 130;

    /// <summary>The commands, their descriptions and examples; everything <c>--help</c> prints comes from here and the settings classes.</summary>
    public static void Configure(IConfigurator config)
    {
        config.SetApplicationName("ja4data");
        config.PropagateExceptions();
        config.Settings.Registrar.RegisterInstance<ICommandInterceptor, RejectUnknownOptions>(new RejectUnknownOptions());
        config.SetHelpProvider(new CliHelpProvider(config.Settings));

        config.AddCommand<DemoCommand>("demo")
            .WithDescription("Deploys the ja4 schema, ingests realistic JA4 HTTP logs as JSON lines (the materialized views parse them), then shows top fingerprints, error rates per host and user-agent spoofing.")
            .WithExample("demo")
            .WithExample("demo", "--rows", "200k", "--workers", "2");
        config.AddCommand<IngestCommand>("ingest")
            .WithDescription("The load generator: rows/s, MB/s, p50/p99 batch latency, retries, pool wait and peak memory of an ingest.")
            .WithExample("ingest", "--rows", "10M")
            .WithExample("ingest", "--target", "null", "--rows-api")
            .WithExample("ingest", "--target", "null", "--producers", "16", "--compare");
        config.AddCommand<ReplayCommand>("replay")
            .WithDescription("Inserts the dead-letter Native files of a ClickHouseIngestBuffer into a table; with --key, rows already stored are reported as duplicates and left out.")
            .WithExample("replay", "/var/lib/ingest/dead-letters", "--table", "logs.http_logs", "--key", "request_id");
        config.AddCommand<BenchCommand>("bench")
            .WithDescription("Ja4Data against clickhouse-client, clickhouse-benchmark and (if installed) Python's clickhouse-driver: same rows, same server. Writes bench.md, bench.csv and the chart (bench.svg, bench.png).")
            .WithExample("bench", "--repeat", "5", "--out", "artifacts/bench");
        config.AddBranch("schema", schema =>
        {
            schema.SetDescription("The ja4 schema on the configured server.");
            schema.AddCommand<SchemaDeployCommand>("deploy")
                .WithDescription("Applies the pending ja4 migrations (CLICKHOUSE_DB_LOGS / CLICKHOUSE_DB_PROCESSING); --dry-run prints the SQL instead.")
                .WithExample("schema", "deploy", "--dry-run");
        });
    }

    /// <summary>Runs the command line; usage errors go to <paramref name="errors"/> with a pointer to the help.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="console">Where commands write their output.</param>
    /// <param name="errors">Where usage errors go.</param>
    /// <param name="cancellationToken">Stops a running command (Ctrl+C).</param>
    /// <param name="interceptor">Sees the bound and validated settings before the command runs (tests stop there).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, IAnsiConsole errors, CancellationToken cancellationToken, ICommandInterceptor? interceptor = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            Configure(config);
            config.ConfigureConsole(console);
            if (interceptor is not null)
            {
                config.Settings.Registrar.RegisterInstance<ICommandInterceptor, ICommandInterceptor>(interceptor);
            }
        });

        try
        {
            CheckOptionSyntax(args);

            // "ja4data help" is what people type.
            return await app.RunAsync(args is ["help"] ? ["--help"] : args, cancellationToken);
        }
        catch (Exception ex) when (ex is CommandAppException or CliUsageException)
        {
            if (ex is CommandAppException { Pretty: { } pretty })
            {
                errors.Write(pretty);
            }
            else
            {
                errors.MarkupLine($"[red]Error:[/] {Markup.Escape(ex.Message)}");
            }

            var command = string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')));
            errors.MarkupLine($"Run [bold]ja4data {Markup.Escape(command.Length == 0 ? string.Empty : command + " ")}--help[/] for the options.");
            return UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Cancelled.[/]");
            return Cancelled;
        }
        catch (Exception ex) when (ex is ClickHouseException or InvalidOperationException or TimeoutException or IOException or PlatformNotSupportedException)
        {
            errors.MarkupLine($"[red]{Markup.Escape(ex.GetType().Name)}: {Markup.Escape(ex.Message)}[/]");
            return Failed;
        }
    }

    /// <summary>
    /// What the parser accepts but no ja4data command means: a repeated option (the parser lets the last value win)
    /// and <c>--</c> (no command takes arguments after it).
    /// </summary>
    private static void CheckOptionSyntax(IReadOnlyList<string> args)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arg in args)
        {
            if (arg == "--")
            {
                throw new CliUsageException("Unexpected '--': no ja4data command takes arguments after it.");
            }

            if (arg.Length > 2 && arg.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = arg.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? arg : arg[..equals];
                if (!seen.Add(name))
                {
                    throw new CliUsageException($"{name} is given twice.");
                }
            }
        }
    }
}
