using Ja4Data.Cli.CommandLine;

namespace Ja4Data.Cli.Commands;

/// <summary>The options of <c>ja4data replay DIR --table T</c>, which works on the configured server.</summary>
internal sealed class ReplaySettings : ServerSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("A dead-letter directory of an ingest buffer: every *.native file in it is replayed, oldest name first")]
    public string Directory { get; init; } = string.Empty;

    [CommandOption("--table <T>")]
    [Description("The target table (table or database.table)")]
    public string Table { get; init; } = string.Empty;

    [CommandOption("--key <COLUMN>")]
    [Description("A column that identifies a row: rows whose key is already stored are reported as duplicates and not inserted again")]
    public string? Key { get; init; }

    [CommandOption("--delete")]
    [Description("Delete each file once all its rows are stored")]
    public bool Delete { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Table))
        {
            return ValidationResult.Error("--table is required: the table the dead letters go to.");
        }

        return System.IO.Directory.Exists(Directory)
            ? base.Validate()
            : ValidationResult.Error($"'{Directory}' is not a directory.");
    }
}
