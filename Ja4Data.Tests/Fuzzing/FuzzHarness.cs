using System.Diagnostics;
using Ja4Data.Protocol;

namespace Ja4Data.Tests.Fuzzing;

/// <summary>
/// Feeds one input to the client through its public API and judges what happened (docs/reliability.md, "Hostile
/// input"): success or a ClickHouseException (or the deadline's OperationCanceledException), within the watchdog's
/// time and within an allocation bound that follows the input's size. TCP inputs are played by one
/// <see cref="FakeNativeServer"/> after a proper handshake; the server then ends its side (FIN) but keeps reading, so
/// a client that wants more bytes sees the end of the stream at once instead of waiting for its deadline.
/// </summary>
internal sealed class FuzzHarness : IAsyncDisposable
{
    /// <summary>The client's connect and command timeouts: a client that waits is cut off by its own deadline.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>Beyond this an input hangs the client: the client's own deadline did not end the call.</summary>
    public static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(30);

    /// <summary>Allocation allowed per input: a fixed allowance for connection, reader and pools, plus a multiple of its bytes.</summary>
    public const long FixedAllowance = 48L << 20;

    public const long AllowancePerInputByte = 48;

    /// <summary>
    /// The block limit the client runs with: what it decodes or materializes per block stays within it, so it bounds
    /// the memory a few bytes can claim (a sparse column of 10^8 rows) well below <see cref="FixedAllowance"/>.
    /// </summary>
    public const long MaxBlockBytes = 16L << 20;

    // A listener keeps every connection's task; a fresh server now and then keeps a long run's memory flat.
    private const int ConnectionsPerServer = 500;

    private FakeNativeServer? _server;
    private int _served;
    private FuzzCase? _playing;

    public static long AllocationBound(int inputLength) => FixedAllowance + (AllowancePerInputByte * inputLength);

    /// <summary>Runs <paramref name="input"/> once.</summary>
    public async Task<FuzzResult> RunAsync(FuzzCase input)
    {
        var start = Stopwatch.GetTimestamp();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var run = input.Target.Client is FuzzClient.Native or FuzzClient.NativeTrickle
            ? Task.Run(() => ReadNative(input))
            : Task.Run(() => RunTcpAsync(input));
        if (await Task.WhenAny(run, Task.Delay(Watchdog)) != run)
        {
            // The call is left running; the finding is what matters.
            return new FuzzResult(FuzzVerdict.Hang, null, 0, Stopwatch.GetElapsedTime(start));
        }

        Exception? error = null;
        try
        {
            await run;
        }
        catch (Exception ex)
        {
            error = ex;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return FuzzResult.Judge(error, allocated, AllocationBound(input.Bytes.Length), Stopwatch.GetElapsedTime(start));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await DisposeQuietlyAsync(_server);
        }
    }

    private static void ReadNative(FuzzCase input)
    {
        using Stream stream = input.Target.Client == FuzzClient.NativeTrickle ? new TrickleStream(input.Bytes) : new MemoryStream(input.Bytes, writable: false);
        foreach (var block in NativeFormat.ReadBlocks(stream, MaxBlockBytes))
        {
            _ = block.ResultRows.Count;
        }
    }

    private async Task RunTcpAsync(FuzzCase input)
    {
        var server = await ServerAsync();
        Volatile.Write(ref _playing, input);
        var settings = server.Settings(input.Target.Compression) with
        {
            ConnectTimeout = Deadline,
            CommandTimeout = Deadline,
            PoolAcquireTimeout = Deadline,
            MaxBlockBytes = MaxBlockBytes,
        };
        await using var source = new ClickHouseDataSource(settings);
        switch (input.Target.Client)
        {
            case FuzzClient.Hello:
                await using (await source.OpenConnectionAsync())
                {
                }

                break;
            case FuzzClient.Reader:
                await ReadAllAsync(source);
                break;
            case FuzzClient.Facade:
                await using (var client = new ClickHouseClient(source))
                {
                    var result = await client.QueryAsync("SELECT x");
                    _ = result.ResultRows.Count;
                }

                break;
            case FuzzClient.BulkWriter:
                await using (var connection = await source.OpenConnectionAsync())
                {
                    await using var writer = await connection.CreateBulkWriterAsync("t");
                    await writer.CompleteAsync();
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.Target.Client, "not a TCP target");
        }
    }

    private static async Task ReadAllAsync(ClickHouseDataSource source)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var reader = await new ClickHouseCommand("SELECT x", connection).ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < values.Length; i++)
            {
                // A value .NET cannot hold is the data's fault and the reader goes on (ClickHouseDataException).
                try
                {
                    values[i] = reader.GetValue(i);
                }
                catch (ClickHouseDataException)
                {
                }
            }
        }

        _ = reader.Summary;
    }

    private async Task<FakeNativeServer> ServerAsync()
    {
        if (_server is null || ++_served > ConnectionsPerServer)
        {
            if (_server is not null)
            {
                await DisposeQuietlyAsync(_server);
            }

            _server = new FakeNativeServer(PlayAsync);
            _served = 1;
        }

        return _server;
    }

    // The server's side of one conversation: the input follows the handshake and the client's statement (or, for the
    // Hello target, replaces the server's Hello).
    private async Task PlayAsync(FakeConnection connection)
    {
        var input = Volatile.Read(ref _playing) ?? throw new InvalidOperationException("A connection without an input.");
        if (input.Target.Client == FuzzClient.Hello)
        {
            await connection.ReadHelloAsync();
        }
        else
        {
            await connection.HandshakeAsync(input.Target.Revision, input.Target.Revision >= ProtocolRevision.WithAddendum ? "25.8.3" : "18.16.1");
            await connection.ReadQueryAsync();
        }

        await connection.SendAsync(input.Bytes);
        connection.EndSending();
        await connection.WaitForCloseAsync();
    }

    // A script's failure is the conversation's end under it (the client hung up early): nothing to report.
    private static async Task DisposeQuietlyAsync(FakeNativeServer server)
    {
        try
        {
            await server.DisposeAsync();
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or FormatException or OverflowException)
        {
        }
    }
}
