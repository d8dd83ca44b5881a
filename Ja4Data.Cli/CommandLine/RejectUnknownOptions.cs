namespace Ja4Data.Cli.CommandLine;

/// <summary>
/// Rejects options the command does not have (typos, another command's options), naming them. The parser runs in
/// relaxed mode, which collects them, because its strict mode retries a failed parse with a placeholder word inserted:
/// that turns <c>--rows</c> without a value into <c>--rows __default_command</c>.
/// </summary>
internal sealed class RejectUnknownOptions : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        var unknown = context.Remaining.Parsed.Select(p => p.Key).ToList();
        if (unknown.Count > 0)
        {
            var command = string.Join(' ', context.Arguments.TakeWhile(a => !a.StartsWith('-')));
            throw new CliUsageException($"Unknown option{(unknown.Count > 1 ? "s" : string.Empty)} for {command}: {string.Join(", ", unknown)}.");
        }
    }
}
