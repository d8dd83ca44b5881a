namespace Ja4Data.Core.Pooling;

/// <summary>
/// The pool's permits: a counting gate that serves waiters strictly first-come, first-served. A released permit is
/// handed to the oldest waiter directly, and <see cref="TryEnter"/> never takes a permit while anyone waits, so a
/// late caller cannot overtake a queued one. SemaphoreSlim gives no such promise (dotnet/coreclr#4267), and pools
/// built on an unfair primitive starve some callers under load (asyncpg#1247).
/// </summary>
/// <remarks>
/// The async path never blocks a thread: it awaits a task completed by <see cref="Release"/>, the timeout timer or
/// the cancellation callback. The sync path blocks its own (caller's) thread on that same task, which is what a sync
/// API is for. Whoever removes a waiter from the queue, under the lock, is the only one allowed to complete it, so a
/// permit handed over can never be lost to a timeout racing with it.
/// </remarks>
internal sealed class PoolGate
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly TimeProvider _time;
    private int _available;
    private Exception? _closed;

    public PoolGate(int permits, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        _available = permits;
        _time = time;
    }

    /// <summary>Permits nobody holds.</summary>
    public int Available
    {
        get
        {
            lock (_lock)
            {
                return _available;
            }
        }
    }

    /// <summary>Callers queued for a permit.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Takes a permit if one is free and nobody is queued before us; never waits.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed is not null, this);
            if (_available > 0 && _queue.Count == 0)
            {
                _available--;
                return true;
            }

            return false;
        }
    }

    /// <summary>
    /// Waits in line for a permit. Returns false when <paramref name="timeout"/> passed first; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fired first.
    /// </summary>
    public async ValueTask<bool> EnterAsync(TimeSpan timeout, bool async, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            if (_closed is not null)
            {
                throw new ObjectDisposedException(nameof(PoolGate), _closed);
            }

            if (_available > 0 && _queue.Count == 0)
            {
                _available--;
                return true;
            }

            waiter = new Waiter(this);
            waiter.Node = _queue.AddLast(waiter);
        }

        // Armed outside the lock: either may fire at once and needs the lock to dequeue the waiter.
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            waiter.Deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
            waiter.Timer = _time.CreateTimer(static s => ((Waiter)s!).Expire(), waiter, timeout, Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (s, ct) => ((Waiter)s!).Cancel(ct), waiter);
        }

        try
        {
            return async ? await waiter.Task : waiter.Task.GetAwaiter().GetResult();
        }
        finally
        {
            waiter.Timer?.Dispose();
            if (async)
            {
                await waiter.Registration.DisposeAsync();
            }
            else
            {
                waiter.Registration.Dispose();
            }
        }
    }

    /// <summary>Gives a permit back: to the oldest waiter if there is one, otherwise to the free count.</summary>
    public void Release()
    {
        Waiter? next;
        lock (_lock)
        {
            next = Dequeue(_queue.First?.Value);
            if (next is null)
            {
                _available++;
            }
        }

        // Outside the lock, and the waiter's continuation runs asynchronously: the releasing thread (often the end of
        // someone's statement) must not go on to run the next caller's whole query.
        next?.TrySetResult(true);
    }

    /// <summary>Fails every queued waiter and every later entry (the pool is being disposed).</summary>
    public void Close(Exception reason)
    {
        List<Waiter> failed = [];
        lock (_lock)
        {
            _closed ??= reason;
            while (Dequeue(_queue.First?.Value) is { } waiter)
            {
                failed.Add(waiter);
            }
        }

        foreach (var waiter in failed)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(PoolGate), reason));
        }
    }

    // Caller holds the lock. Null when the waiter is no longer queued (someone else already completes it).
    private Waiter? Dequeue(Waiter? waiter)
    {
        if (waiter?.Node is not { } node || node.List is null)
        {
            return null;
        }

        _queue.Remove(node);
        return waiter;
    }

    private sealed class Waiter(PoolGate gate) : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public LinkedListNode<Waiter>? Node { get; set; }

        public ITimer? Timer { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>When the wait ends, in the gate's clock.</summary>
        public long Deadline { get; set; }

        public void Expire()
        {
            // Timers tick on a coarse clock (about 4 ms on Linux) and may fire a little early: the full wait is owed.
            var now = gate._time.GetTimestamp();
            if (now < Deadline && Timer is { } timer)
            {
                timer.Change(gate._time.GetElapsedTime(now, Deadline), Timeout.InfiniteTimeSpan);
                return;
            }

            if (TryLeave())
            {
                TrySetResult(false);
            }
        }

        public void Cancel(CancellationToken cancellationToken)
        {
            if (TryLeave())
            {
                TrySetCanceled(cancellationToken);
            }
        }

        private bool TryLeave()
        {
            lock (gate._lock)
            {
                return gate.Dequeue(this) is not null;
            }
        }
    }
}
