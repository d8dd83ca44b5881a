using System.Runtime.InteropServices;

namespace Ja4Data.LocalServer.ChDb;

/// <summary>
/// The chDB C API (programs/local/chdb.h, connection API) bound through function pointers of a library loaded from an
/// explicit path, so no assembly-wide DllImport resolver is claimed and the 566 MB library is mapped only when used.
/// </summary>
internal sealed class ChDbNative
{
    private readonly ConnectFn _connect;
    private readonly CloseConnFn _closeConn;
    private readonly QueryFn _query;
    private readonly ResultPointerFn _resultBuffer;
    private readonly ResultLengthFn _resultLength;
    private readonly ResultPointerFn _resultError;
    private readonly ResultCountFn _resultRowsWritten;
    private readonly DestroyFn _destroyResult;
    private readonly QueryFn _streamInsert;
    private readonly StreamAppendFn _streamAppend;
    private readonly ResultPointerFn _streamDone;
    private readonly ResultPointerFn _streamInsertError;
    private readonly DestroyFn _destroyInsertStream;

    private ChDbNative(string path, IntPtr handle)
    {
        Path = path;
        _connect = Bind<ConnectFn>(handle, "chdb_connect");
        _closeConn = Bind<CloseConnFn>(handle, "chdb_close_conn");
        _query = Bind<QueryFn>(handle, "chdb_query_n");
        _resultBuffer = Bind<ResultPointerFn>(handle, "chdb_result_buffer");
        _resultLength = Bind<ResultLengthFn>(handle, "chdb_result_length");
        _resultError = Bind<ResultPointerFn>(handle, "chdb_result_error");
        _resultRowsWritten = Bind<ResultCountFn>(handle, "chdb_result_rows_written");
        _destroyResult = Bind<DestroyFn>(handle, "chdb_destroy_query_result");
        _streamInsert = Bind<QueryFn>(handle, "chdb_stream_insert_n");
        _streamAppend = Bind<StreamAppendFn>(handle, "chdb_stream_append");
        _streamDone = Bind<ResultPointerFn>(handle, "chdb_stream_done");
        _streamInsertError = Bind<ResultPointerFn>(handle, "chdb_stream_insert_error");
        _destroyInsertStream = Bind<DestroyFn>(handle, "chdb_destroy_insert_stream");

        // chDB would otherwise install process-wide handlers for SIGSEGV and friends, which the .NET runtime
        // needs for NullReferenceException and its own shutdown; it must be switched off before the first connect.
        Bind<SetSignalHandlersFn>(handle, "chdb_set_signal_handlers_enabled")(0);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ConnectFn(int argc, IntPtr[] argv);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void CloseConnFn(IntPtr connectionSlot);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr QueryFn(IntPtr connection, byte[] query, nuint queryLength, byte[] format, nuint formatLength);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ResultPointerFn(IntPtr handle);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate nuint ResultLengthFn(IntPtr result);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate ulong ResultCountFn(IntPtr result);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void DestroyFn(IntPtr handle);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int StreamAppendFn(IntPtr stream, byte[] data, nuint length);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetSignalHandlersFn(int enabled);

    /// <summary>chDB's name for "no --path": the engine works in a temporary directory of its own.</summary>
    public const string MemoryPath = ":memory:";

    /// <summary>The file the library was loaded from.</summary>
    public string Path { get; }

    /// <summary>Loads the library; throws <see cref="DllNotFoundException"/> with the way to get it when absent.</summary>
    public static ChDbNative Load()
    {
        var path = ChDbLibraryLocator.Find() ?? throw new DllNotFoundException(ChDbLibraryLocator.MissingMessage());
        return new ChDbNative(path, NativeLibrary.Load(path));
    }

    /// <summary>Opens a connection on <paramref name="dataPath"/> (or <see cref="MemoryPath"/>); returns the <c>chdb_connection*</c> slot, or zero.</summary>
    public IntPtr Connect(string dataPath)
    {
        string[] args = dataPath == MemoryPath ? ["clickhouse"] : ["clickhouse", "--path=" + dataPath];
        var argv = new IntPtr[args.Length];
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                argv[i] = Marshal.StringToCoTaskMemUTF8(args[i]);
            }

            return _connect(argv.Length, argv);
        }
        finally
        {
            foreach (var p in argv)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    /// <summary>Closes a connection slot returned by <see cref="Connect"/>.</summary>
    public void Close(IntPtr connectionSlot) => _closeConn(connectionSlot);

    /// <summary>Runs one query (or a <c>;</c>-separated batch) and returns its output in <paramref name="format"/>.</summary>
    public byte[] Query(IntPtr connectionSlot, string sql, string format)
    {
        var result = Invoke(_query, connectionSlot, sql, format);
        try
        {
            ThrowIfFailed(_resultError(result));
            return CopyBuffer(result);
        }
        finally
        {
            _destroyResult(result);
        }
    }

    /// <summary>
    /// Streams <paramref name="data"/> (already encoded in <paramref name="format"/>) into an INSERT statement that has
    /// no FORMAT clause; returns the rows written, materialized-view rows included.
    /// </summary>
    public long Insert(IntPtr connectionSlot, string insertSql, string format, Stream data)
    {
        var stream = Invoke(_streamInsert, connectionSlot, insertSql, format);
        try
        {
            ThrowIfFailed(_streamInsertError(stream));
            var chunk = new byte[1 << 20];
            int read;
            while ((read = data.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (_streamAppend(stream, chunk, (nuint)read) != 0)
                {
                    // The error itself is reported by chdb_stream_done/chdb_stream_insert_error below.
                    break;
                }
            }

            var result = _streamDone(stream);
            try
            {
                ThrowIfFailed(result == IntPtr.Zero ? _streamInsertError(stream) : _resultError(result));
                return result == IntPtr.Zero ? 0 : checked((long)_resultRowsWritten(result));
            }
            finally
            {
                if (result != IntPtr.Zero)
                {
                    _destroyResult(result);
                }
            }
        }
        finally
        {
            _destroyInsertStream(stream);
        }
    }

    private static IntPtr Invoke(QueryFn fn, IntPtr connectionSlot, string sql, string format)
    {
        // The _n variants take explicit lengths, so SQL holding NUL bytes is passed through intact.
        var sqlBytes = System.Text.Encoding.UTF8.GetBytes(sql);
        var formatBytes = System.Text.Encoding.UTF8.GetBytes(format);
        var connection = Marshal.ReadIntPtr(connectionSlot);
        var handle = fn(connection, sqlBytes, (nuint)sqlBytes.Length, formatBytes, (nuint)formatBytes.Length);
        return handle != IntPtr.Zero ? handle : throw new ChDbException("chDB returned no result handle (connection closed?).");
    }

    private static void ThrowIfFailed(IntPtr error)
    {
        var text = error == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(error);
        if (!string.IsNullOrEmpty(text))
        {
            throw new ChDbException(text);
        }
    }

    private static T Bind<T>(IntPtr handle, string name)
        where T : Delegate
        => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(handle, name));

    private byte[] CopyBuffer(IntPtr result)
    {
        var length = _resultLength(result);
        if (length == 0)
        {
            return [];
        }

        if (length > (nuint)Array.MaxLength)
        {
            throw new ChDbException($"chDB returned {length} bytes, more than one .NET array can hold; use LIMIT or a streaming format.");
        }

        var bytes = new byte[(int)length];
        Marshal.Copy(_resultBuffer(result), bytes, 0, bytes.Length);
        return bytes;
    }
}
