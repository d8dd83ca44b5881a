using Ja4Data.Cli.Bench;
using Ja4Data.Cli.Output;
using Ja4Data.Cli.Reports;

namespace Ja4Data.Cli.Commands;

/// <summary><c>ja4data bench</c>: Ja4Data against ClickHouse's C++ tools (and the Python driver) on the same rows and server.</summary>
internal sealed class BenchCommand(IAnsiConsole console) : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToBenchOptions();
        await using var server = await ServerConnect.ResolveAsync(settings.ToServerOptions(), options.Concurrency, console, cancellationToken);
        await RunAsync(OneServer(server.Settings, console), options, console, cancellationToken);
        return 0;
    }

    /// <summary>
    /// The first host of a host list: every contender, the C++ tools included, must measure the same server, which
    /// holds the bench tables (created there, not on a cluster).
    /// </summary>
    public static ClickHouseSettings OneServer(ClickHouseSettings settings, IAnsiConsole console)
    {
        var hosts = settings.GetHosts();
        if (hosts.Count == 1)
        {
            return settings;
        }

        console.MarkupLine($"[yellow]Note:[/] the bench measures one server, the first of the {hosts.Count} hosts: {Markup.Escape(hosts[0].ToString())}.");
        return settings with { Host = hosts[0].Host, Port = hosts[0].Port };
    }

    public static async Task<BenchResult> RunAsync(ClickHouseSettings settings, BenchOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var result = await new BenchRunner(settings, options, console).RunAsync(cancellationToken);
        result = await SaveAsync(result, cancellationToken);
        console.Write(SummaryTable(result));
        foreach (var note in result.Notes)
        {
            console.MarkupLine($"[yellow]Note:[/] {Markup.Escape(note)}");
        }

        console.MarkupLine($"Machine: {Markup.Escape(result.Machine.ToString())}");
        console.MarkupLine($"Wrote {string.Join(", ", result.Files.Select(Markup.Escape))}");
        return result;
    }

    /// <summary>Writes bench.md, bench.csv and the chart (bench.svg, bench.png) into the output folder.</summary>
    public static async Task<BenchResult> SaveAsync(BenchResult result, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(result.Options.OutputDirectory).FullName;
        var markdown = Path.Combine(folder, "bench.md");
        var csv = Path.Combine(folder, "bench.csv");
        var svg = Path.Combine(folder, "bench.svg");
        var png = Path.Combine(folder, "bench.png");
        await File.WriteAllTextAsync(markdown, BenchMarkdown.Render(result), cancellationToken);
        await File.WriteAllTextAsync(csv, BenchCsv.Render(result.Comparisons), cancellationToken);
        BenchChart.Save(result, svg, png);
        return result with { Files = [markdown, csv, svg, png] };
    }

    private static Table SummaryTable(BenchResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Ja4Data vs ClickHouse {Markup.Escape(result.ServerVersion)} tools[/]")
            .AddColumn("Scenario").AddColumn("Contender").AddColumn(new TableColumn("Median").RightAligned())
            .AddColumn(new TableColumn("Throughput").RightAligned()).AddColumn(new TableColumn("vs C++ (time)").RightAligned()).AddColumn("Goal");
        foreach (var c in result.Comparisons)
        {
            var m = c.Measurement;
            var goal = (m.Goal, c.GoalMet) switch
            {
                (null, _) => string.Empty,
                (var g, true) => $"[green]{Markup.Escape(g.Text)} met[/]",
                (var g, false) => $"[red]{Markup.Escape(g.Text)} missed[/]",
                (var g, null) => Markup.Escape(g.Text),
            };
            table.AddRow(
                Markup.Escape(m.Scenario),
                Markup.Escape(m.Contender),
                Units.Seconds(m.MedianSeconds),
                $"{Units.Count(m.Throughput)} {m.Unit}/s",
                c.TimeRatio is { } t ? Units.Ratio(t) : "-",
                goal);
        }

        return table;
    }
}
