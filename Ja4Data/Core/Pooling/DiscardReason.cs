namespace Ja4Data.Core.Pooling;

/// <summary>Why the pool closed a connection: the <c>reason</c> tag of the <c>ja4data.pool.connections.discarded</c> counter.</summary>
internal static class DiscardReason
{
    /// <summary>An I/O, protocol or timeout failure broke it.</summary>
    public const string Broken = "broken";

    /// <summary>Returned with a statement still running or unread results.</summary>
    public const string Dirty = "dirty";

    /// <summary>Idle, but the server had closed it or sent unrequested bytes (found by the local check).</summary>
    public const string Unhealthy = "unhealthy";

    /// <summary>Idle long enough to be pinged, and the ping failed.</summary>
    public const string PingFailed = "ping_failed";

    /// <summary>Older than PoolConnectionLifetime.</summary>
    public const string Expired = "expired";

    /// <summary>Idle longer than PoolIdleTimeout (and above PoolMinSize).</summary>
    public const string IdleTimeout = "idle_timeout";

    /// <summary>Opened before the last Clear()/Close().</summary>
    public const string Cleared = "cleared";

    /// <summary>The pool was disposed.</summary>
    public const string PoolDisposed = "pool_disposed";

    /// <summary>The caller's cancellation interrupted the pre-lease ping; its state is unknown.</summary>
    public const string Interrupted = "interrupted";
}
