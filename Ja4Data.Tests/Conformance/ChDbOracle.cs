using System.Runtime.InteropServices;
using System.Text;

namespace Ja4Data.Tests.Conformance;

/// <summary>
/// A minimal test-only binding to libchdb (the ClickHouse engine as a library). chDB allows one connection per
/// process, so there is one shared instance and queries are serialised by a lock.
/// </summary>
internal sealed unsafe class ChDbOracle : IClickHouseOracle
{
    private static readonly Lock CreateLock = new();
    private static ChDbOracle? _shared;

    private readonly Lock _queryLock = new();
    private readonly nint _connection;
    private readonly delegate* unmanaged<nint, byte*, byte*, nint> _query;
    private readonly delegate* unmanaged<nint, byte*> _resultBuffer;
    private readonly delegate* unmanaged<nint, nuint> _resultLength;
    private readonly delegate* unmanaged<nint, byte*> _resultError;
    private readonly delegate* unmanaged<nint, void> _destroyResult;

    private ChDbOracle(string libraryPath, string dataPath)
    {
        var library = NativeLibrary.Load(libraryPath);
        var connect = (delegate* unmanaged<int, byte**, nint*>)NativeLibrary.GetExport(library, "chdb_connect");
        _query = (delegate* unmanaged<nint, byte*, byte*, nint>)NativeLibrary.GetExport(library, "chdb_query");
        _resultBuffer = (delegate* unmanaged<nint, byte*>)NativeLibrary.GetExport(library, "chdb_result_buffer");
        _resultLength = (delegate* unmanaged<nint, nuint>)NativeLibrary.GetExport(library, "chdb_result_length");
        _resultError = (delegate* unmanaged<nint, byte*>)NativeLibrary.GetExport(library, "chdb_result_error");
        _destroyResult = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "chdb_destroy_query_result");

        string[] args = ["clickhouse", "--path=" + dataPath];
        var handles = args.Select(a => Marshal.StringToCoTaskMemUTF8(a)).ToArray();
        try
        {
            fixed (nint* argv = handles)
            {
                var connection = connect(args.Length, (byte**)argv);
                if (connection == null || *connection == 0)
                {
                    throw new InvalidOperationException("chdb_connect failed.");
                }

                _connection = *connection;
            }
        }
        finally
        {
            foreach (var handle in handles)
            {
                Marshal.FreeCoTaskMem(handle);
            }
        }
    }

    /// <summary>The process-wide instance, or null when libchdb.so is not available (the tests are then ignored).</summary>
    public static ChDbOracle? Shared
    {
        get
        {
            lock (CreateLock)
            {
                if (_shared is null && LibraryPath() is { } path)
                {
                    var dataPath = Path.Combine(Path.GetTempPath(), "ja4data-chdb-" + Environment.ProcessId);
                    Directory.CreateDirectory(dataPath);
                    _shared = new ChDbOracle(path, dataPath);
                }

                return _shared;
            }
        }
    }

    public byte[] Query(string sql, string format)
    {
        var sqlBytes = Encoding.UTF8.GetBytes(sql + "\0");
        var formatBytes = Encoding.UTF8.GetBytes(format + "\0");
        lock (_queryLock)
        {
            nint result;
            fixed (byte* s = sqlBytes)
            fixed (byte* f = formatBytes)
            {
                result = _query(_connection, s, f);
            }

            if (result == 0)
            {
                throw new InvalidOperationException("chdb_query returned no result for: " + sql);
            }

            try
            {
                var error = _resultError(result);
                if (error != null)
                {
                    throw new InvalidOperationException($"chDB: {Marshal.PtrToStringUTF8((nint)error)} (query: {sql})");
                }

                var length = checked((int)_resultLength(result));
                var buffer = _resultBuffer(result);
                return length == 0 || buffer == null ? [] : new ReadOnlySpan<byte>(buffer, length).ToArray();
            }
            finally
            {
                _destroyResult(result);
            }
        }
    }

    // <repo>/.cache/chdb/libchdb.so, found by walking up from the test binaries; CHDB_LIBRARY overrides.
    private static string? LibraryPath()
    {
        if (Environment.GetEnvironmentVariable("CHDB_LIBRARY") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".cache", "chdb", "libchdb.so");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
