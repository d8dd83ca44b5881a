using Ja4Data.Cli.CommandLine;

namespace Ja4Data.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops the run cleanly (the local server is stopped and deleted); a second one kills.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };

        var errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await CliApp.RunAsync(args, AnsiConsole.Console, errors, cancel.Token);
    }
}
