using Spectre.Console;

namespace Ja4Data.IntegrationTests.Cli;

/// <summary>A Spectre.Console console that writes plain text into a string, for running CLI commands in-process.</summary>
internal sealed class CliConsole : IDisposable
{
    private readonly StringWriter _writer = new();

    public CliConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });

        // Wide enough that table cells (host names, SQL) are not wrapped.
        Console.Profile.Width = 240;
    }

    public IAnsiConsole Console { get; }

    public string Output => _writer.ToString();

    public void Dispose() => _writer.Dispose();
}
