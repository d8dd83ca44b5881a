using System.Diagnostics;

namespace Ja4Data.LocalServer;

/// <summary>
/// One run of a server program (clickhouse-server or ZooKeeper's JVM): started, signalled, stopped and killed by pid.
/// The only place that kills a process and the only place that waits for one to exit.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    /// <summary>How long to wait for the kernel to act on a signal (a process to vanish after SIGKILL, to stop or continue).</summary>
    public static readonly TimeSpan SignalWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;

    private ServerProcess(Process process, string name)
    {
        _process = process;
        Id = process.Id;
        Name = name;
    }

    public int Id { get; }

    /// <summary>What runs, for messages: <c>clickhouse-server</c>, <c>ZooKeeper</c>.</summary>
    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts a clickhouse-server with the layout's configuration.</summary>
    public static ServerProcess StartClickHouse(ServerBinary binary, ServerLayout layout) =>
        Start("clickhouse-server", binary.Path, [.. binary.LeadingArguments, "--config-file=" + layout.ConfigFile], layout);

    /// <summary>
    /// Starts <paramref name="executable"/> in <see cref="ServerLayout.Root"/> with stdout and stderr appended to
    /// <see cref="ServerLayout.ConsoleLog"/>. A shell does the redirection and then <c>exec</c>s, so the pid we signal is
    /// the server itself and no thread of ours pumps pipes.
    /// </summary>
    public static ServerProcess Start(string name, string executable, IEnumerable<string> arguments, ServerLayout layout)
    {
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = layout.Root,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("log=\"$1\"; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1");
        startInfo.ArgumentList.Add(name + "-launcher");
        startInfo.ArgumentList.Add(layout.ConsoleLog);
        startInfo.ArgumentList.Add(executable);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {executable}.");
        return new ServerProcess(process, name);
    }

    /// <summary>Sends a signal unless the process is already gone (then its pid may belong to someone else).</summary>
    public bool Signal(int signal) => !_process.HasExited && UnixSignals.Send(Id, signal);

    /// <summary>
    /// SIGKILL, then waits until the process is gone. Synchronous because it also runs at host exit, where nothing can
    /// be awaited; it blocks only for the kernel to reap a process that cannot resist.
    /// </summary>
    public void Kill()
    {
        if (Signal(UnixSignals.Kill))
        {
            WaitForExitAsync(SignalWait, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Graceful stop: SIGCONT (a stopped process does not act on SIGTERM until it is continued), SIGTERM, and SIGKILL if
    /// it is still running after <paramref name="gracePeriod"/>. Returns once the process is gone.
    /// </summary>
    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        if (HasExited)
        {
            return;
        }

        Signal(UnixSignals.Continue);
        Signal(UnixSignals.Terminate);
        if (!await WaitForExitAsync(gracePeriod, cancellationToken))
        {
            Kill();
        }
    }

    /// <summary>Waits for the exit; <see langword="false"/> when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

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
