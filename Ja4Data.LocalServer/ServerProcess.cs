using System.Diagnostics;

namespace Ja4Data.LocalServer;

/// <summary>One run of the server binary: started, signalled and awaited by pid.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process)
    {
        _process = process;
        Id = process.Id;
    }

    public int Id { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts the server with its stdout and stderr appended to <see cref="ServerLayout.ConsoleLog"/>. A shell does the
    /// redirection and then <c>exec</c>s, so the pid we signal is the server itself and no thread of ours pumps pipes.
    /// </summary>
    public static ServerProcess Start(ServerBinary binary, ServerLayout layout)
    {
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = layout.Root,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("log=\"$1\"; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1");
        startInfo.ArgumentList.Add("clickhouse-server-launcher");
        startInfo.ArgumentList.Add(layout.ConsoleLog);
        startInfo.ArgumentList.Add(binary.Path);
        foreach (var argument in binary.LeadingArguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add("--config-file=" + layout.ConfigFile);
        var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {binary.Path}.");
        return new ServerProcess(process);
    }

    /// <summary>Sends a signal unless the process is already gone (then its pid may belong to someone else).</summary>
    public bool Signal(int signal) => !_process.HasExited && UnixSignals.Send(Id, signal);

    /// <summary>Waits for the exit; <see langword="false"/> when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(timeoutSource.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>
    /// Waits until the kernel reports the process as stopped (or not), so that after <c>Pause()</c> returns the server
    /// really answers nothing. Reads the state letter of <c>/proc/PID/stat</c>; elsewhere it returns at once.
    /// </summary>
    public void WaitForStoppedState(bool stopped, TimeSpan timeout)
    {
        var statFile = $"/proc/{Id}/stat";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && File.Exists(statFile))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(statFile);
            }
            catch (IOException)
            {
                return;
            }

            // "pid (comm) S ...": comm may contain spaces and parentheses, so look after the last ')'.
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            if ((state == 'T') == stopped)
            {
                return;
            }

            Thread.Sleep(1);
        }
    }

    public void Dispose() => _process.Dispose();
}
