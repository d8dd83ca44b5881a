using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Ja4Data.Cli.CommandLine;

/// <summary>The generated help, plus the rules that belong to no single option: where settings and servers come from.</summary>
internal sealed class CliHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    private static readonly string[] Notes =
    [
        "Settings come from CLICKHOUSE_* variables and ./.env; the password only from CLICKHOUSE_PASSWORD or .env.",
        "demo, ingest and bench start a throw-away local clickhouse-server unless --host is given or CLICKHOUSE_HOST is set in the process environment (a value only in .env does not count: the repository's .env names the docker-compose host); --local starts one anyway. schema deploy always uses the configured server.",
        "Numbers take _ and k/M/G: --rows 10M, --batch 50_000.",
    ];

    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
        => [.. base.GetFooter(model, command), new Rows([Text.NewLine, .. Notes.Select(n => new Text(n + "\n"))])];
}
