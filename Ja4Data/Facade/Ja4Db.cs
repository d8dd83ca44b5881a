namespace Ja4Data;

/// <summary>
/// The process-wide entry point, like the Python library's <c>get_client()</c>: one lazily created, thread-safe
/// client backed by the connection pool, configured by <see cref="ClickHouseSettings.Load(string?)"/>.
/// </summary>
public static class Ja4Db
{
    private static readonly Lock Gate = new();
    private static ClickHouseSettings? _settings;
    private static IClickHouseClient? _client;
    private static IClickHouseClient? _override;

    /// <summary>The settings the singleton uses (loaded from the environment and .env on first use).</summary>
    public static ClickHouseSettings Settings
    {
        get
        {
            lock (Gate)
            {
                return _settings ??= ClickHouseSettings.Load();
            }
        }
    }

    /// <summary>The process-wide client (or the one installed by <see cref="UseClient"/>).</summary>
    public static IClickHouseClient GetClient()
    {
        var replacement = Volatile.Read(ref _override);
        if (replacement is not null)
        {
            return replacement;
        }

        lock (Gate)
        {
            return _override ?? (_client ??= new ClickHouseClient(_settings ??= ClickHouseSettings.Load()));
        }
    }

    /// <summary>
    /// Makes <see cref="GetClient"/> return <paramref name="client"/> (for tests) until the returned handle is disposed,
    /// which restores what was there before.
    /// </summary>
    public static IDisposable UseClient(IClickHouseClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (Gate)
        {
            var previous = _override;
            _override = client;
            return new Restore(previous);
        }
    }

    private sealed class Restore(IClickHouseClient? previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            lock (Gate)
            {
                if (!_done)
                {
                    _done = true;
                    _override = previous;
                }
            }
        }
    }
}
