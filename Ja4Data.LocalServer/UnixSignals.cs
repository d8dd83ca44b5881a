using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Ja4Data.LocalServer;

/// <summary>
/// Sends POSIX signals with libc <c>kill(2)</c>: .NET can only SIGKILL a process, and fault tests also need SIGTERM,
/// SIGSTOP and SIGCONT. Numbers are Linux's (x86-64 and arm64 agree).
/// </summary>
internal static class UnixSignals
{
    public const int Kill = 9;
    public const int Terminate = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/>; returns <see langword="false"/> when the process no longer exists.</summary>
    public static bool Send(int pid, int signal)
    {
        if (NativeMethods.kill(pid, signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchProcess
            ? false
            : throw new Win32Exception(errno, $"kill({pid}, {signal}) failed");
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs AllowUnsafeBlocks, which this project does not set.
        internal static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
    }
}
