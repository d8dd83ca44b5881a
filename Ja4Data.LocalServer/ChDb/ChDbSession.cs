using System.Text;

namespace Ja4Data.LocalServer.ChDb;

/// <summary>
/// An in-process ClickHouse (chDB, the 26.x engine) connection: the test oracle for modern ClickHouse. Thread-safe;
/// statements on one session run one at a time.
/// </summary>
/// <remarks>
/// chDB boots one engine per process on one data directory: sessions may be opened side by side only on the same
/// directory, and a different directory needs every session closed first. Most callers want <see cref="Shared"/>.
/// Requires libchdb.so (see <see cref="FindLibrary"/>); Linux only.
/// </remarks>
public sealed class ChDbSession : IDisposable
{
    private static readonly object Gate = new();
    private static ChDbNative? _loadedLibrary;
    private static string? _activePath;
    private static int _openSessions;
    private static ChDbSession? _shared;

    private readonly ChDbNative _native;
    private readonly object _sync = new();
    private readonly bool _isShared;
    private IntPtr _connectionSlot;

    private ChDbSession(ChDbNative native, IntPtr connectionSlot, string dataPath, bool isShared)
    {
        _native = native;
        _connectionSlot = connectionSlot;
        DataPath = dataPath;
        _isShared = isShared;
    }

    /// <summary>
    /// The process-wide session on chDB's temporary directory, opened on first use and closed when the process exits;
    /// <see cref="Dispose"/> on it does nothing, so callers may use it freely.
    /// </summary>
    /// <exception cref="DllNotFoundException">libchdb.so was not found; the message says how to get it.</exception>
    public static ChDbSession Shared
    {
        get
        {
            lock (Gate)
            {
                if (_shared is null)
                {
                    var session = OpenLocked(null, isShared: true);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => session.Close();
                    _shared = session;
                }

                return _shared;
            }
        }
    }

    /// <summary>
    /// The engine's data directory: the one passed to <see cref="Open"/>, or the temporary directory chDB creates
    /// for itself (and removes when the process exits) when none was given.
    /// </summary>
    public string DataPath { get; private set; }

    /// <summary>
    /// The chDB library file: <c>CHDB_LIBRARY_PATH</c> when set (null if that file does not exist), else
    /// <c>.cache/chdb/libchdb.so</c> in the nearest enclosing directory of the binaries or the working directory.
    /// </summary>
    public static string? FindLibrary() => ChDbLibraryLocator.Find();

    /// <summary>
    /// Opens a session. Without <paramref name="dataPath"/> it joins the directory other open sessions use, or, when
    /// none is open, lets chDB create a temporary one that it removes when the process exits.
    /// </summary>
    /// <exception cref="DllNotFoundException">libchdb.so was not found; the message says how to get it.</exception>
    /// <exception cref="InvalidOperationException">Other sessions are open on a different directory.</exception>
    /// <exception cref="ChDbException">chDB refused the connection.</exception>
    public static ChDbSession Open(string? dataPath = null)
    {
        lock (Gate)
        {
            return OpenLocked(dataPath, isShared: false);
        }
    }

    /// <summary>Runs <paramref name="sql"/> (one statement or a <c>;</c>-separated batch) and returns the raw output.</summary>
    /// <exception cref="ChDbException">The statement failed; the message is chDB's error text.</exception>
    public byte[] QueryBytes(string sql, string format = "Native")
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentException.ThrowIfNullOrEmpty(format);
        lock (_sync)
        {
            return _native.Query(LiveSlot(), sql, format);
        }
    }

    /// <summary>Runs <paramref name="sql"/> and returns its output as UTF-8 text.</summary>
    /// <exception cref="ChDbException">The statement failed; the message is chDB's error text.</exception>
    public string QueryText(string sql, string format = "TabSeparated") => Encoding.UTF8.GetString(QueryBytes(sql, format));

    /// <summary>
    /// Feeds encoded rows into an INSERT written without FORMAT clause or data, e.g. <c>INSERT INTO db.t</c> or
    /// <c>INSERT INTO t (a, b)</c>.
    /// </summary>
    /// <returns>Rows written, including rows materialized views wrote.</returns>
    /// <exception cref="ChDbException">The insert failed; the message is chDB's error text.</exception>
    public long Insert(string insertSql, byte[] data, string format = "Native")
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new MemoryStream(data, writable: false);
        return Insert(insertSql, stream, format);
    }

    /// <inheritdoc cref="Insert(string, byte[], string)"/>
    public long Insert(string insertSql, Stream data, string format = "Native")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(insertSql);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(format);
        lock (_sync)
        {
            return _native.Insert(LiveSlot(), insertSql, format, data);
        }
    }

    /// <summary>Closes the connection; does nothing for <see cref="Shared"/>.</summary>
    public void Dispose()
    {
        if (!_isShared)
        {
            Close();
        }
    }

    private static ChDbSession OpenLocked(string? dataPath, bool isShared)
    {
        var native = _loadedLibrary ??= ChDbNative.Load();
        var key = dataPath is null ? _activePath ?? ChDbNative.MemoryPath : Path.GetFullPath(dataPath);
        if (_activePath is not null && key != _activePath)
        {
            throw new InvalidOperationException(
                $"chDB runs one data directory per process and {_openSessions} session(s) are open on {Describe(_activePath)}; close them before opening {Describe(key)}.");
        }

        if (key != ChDbNative.MemoryPath)
        {
            Directory.CreateDirectory(key);
        }

        var slot = native.Connect(key);
        if (slot == IntPtr.Zero)
        {
            throw new ChDbException($"chdb_connect failed for data directory {key} (chDB library {native.Path}).");
        }

        _activePath = key;
        _openSessions++;
        var session = new ChDbSession(native, slot, key, isShared);
        if (key == ChDbNative.MemoryPath)
        {
            session.DataPath = session.QueryText("SELECT path FROM system.disks WHERE name = 'default'").TrimEnd('\n');
        }

        return session;
    }

    private static string Describe(string key) => key == ChDbNative.MemoryPath ? "chDB's own temporary directory" : key;

    private IntPtr LiveSlot()
        => _connectionSlot != IntPtr.Zero ? _connectionSlot : throw new ObjectDisposedException(nameof(ChDbSession));

    private void Close()
    {
        lock (_sync)
        {
            if (_connectionSlot == IntPtr.Zero)
            {
                return;
            }

            _native.Close(_connectionSlot);
            _connectionSlot = IntPtr.Zero;
        }

        lock (Gate)
        {
            if (--_openSessions > 0)
            {
                return;
            }

            _activePath = null;
        }
    }
}
