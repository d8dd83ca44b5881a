namespace Ja4Data.Cli.Bench;

/// <summary>The outcome of a finished child process.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>Throws unless the process exited with 0; the message carries the tail of its stderr.</summary>
    public ProcessResult EnsureSuccess(string what)
    {
        if (ExitCode == 0)
        {
            return this;
        }

        var error = StandardError.Trim();
        throw new InvalidOperationException($"{what} failed (exit code {ExitCode}): {(error.Length > 600 ? error[^600..] : error)}");
    }
}
