using System.Net.Sockets;

namespace Ja4Data.Core;

/// <summary>
/// Bounds a socket operation in time for both code paths: the async one through <see cref="Token"/>, the sync one
/// (which no token can interrupt) by ending the connection when the time is up or the caller cancels: closing the
/// socket, or whatever <c>onEnd</c> does (the connector breaks itself, recording why).
/// </summary>
internal sealed class SocketDeadline : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenRegistration _registration;
    private readonly CancellationToken _callerToken;

    public SocketDeadline(Socket socket, TimeSpan timeout, CancellationToken callerToken)
        : this(timeout, static s => ((Socket)s!).Dispose(), socket, callerToken)
    {
    }

    /// <param name="timeout">Zero or infinite for none (the caller's token alone).</param>
    /// <param name="onEnd">Ends the connection when the time is up or the caller cancels; called at most once.</param>
    /// <param name="state">Passed to <paramref name="onEnd"/>.</param>
    /// <param name="callerToken">The caller's cancellation.</param>
    public SocketDeadline(TimeSpan timeout, Action<object?> onEnd, object? state, CancellationToken callerToken)
    {
        _callerToken = callerToken;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            _cts.CancelAfter(timeout);
        }

        _registration = _cts.Token.Register(onEnd, state);
    }

    public CancellationToken Token => _cts.Token;

    public bool Expired => _cts.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    public void ThrowIfExpired(Func<string> describe)
    {
        _callerToken.ThrowIfCancellationRequested();
        if (Expired)
        {
            throw new SocketDeadlineExpiredException(describe());
        }
    }

    public void Dispose()
    {
        _registration.Dispose();
        _cts.Dispose();
    }
}

/// <summary>Internal signal that a <see cref="SocketDeadline"/> expired; translated into a connection error.</summary>
internal sealed class SocketDeadlineExpiredException(string message) : Exception(message);
