namespace Ja4Data.Cli.CommandLine;

/// <summary>The command line is wrong in a way the parser does not check; the message says how. Exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
