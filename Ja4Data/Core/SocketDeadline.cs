using System.Net.Sockets;

namespace Ja4Data.Core;

/// <summary>
/// Bounds a socket operation in time for both code paths: the async one through <see cref="Token"/>, the sync one
/// (which no token can interrupt) by closing the socket when the time is up.
/// </summary>
internal sealed class SocketDeadline : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenRegistration _registration;
    private readonly CancellationToken _callerToken;

    public SocketDeadline(Socket socket, TimeSpan timeout, CancellationToken callerToken)
    {
        _callerToken = callerToken;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            _cts.CancelAfter(timeout);
        }

        _registration = _cts.Token.Register(static s => ((Socket)s!).Dispose(), socket);
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
