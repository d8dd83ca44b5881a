using System.Net;
using System.Net.Sockets;
using Ja4Data.Protocol;
using NUnit.Framework;

namespace Ja4Data.Tests.Support;

/// <summary>
/// A loopback TCP peer that plays a scripted conversation, for protocol paths no live server here can produce:
/// modern revisions, sparse columns, malformed and hostile packets.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _conversation;

    public ScriptedServer(Func<StreamProtocolReader, NetworkStream, Task> script)
    {
        _listener.Start();
        _conversation = RunAsync(script);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ClickHouseSettings Settings(ClickHouseCompression compression = ClickHouseCompression.None) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        User = "default",
        Database = "default",
        Compression = compression,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RetryMaxAttempts = 0,
    };

    /// <summary>Completes when the script has run; rethrows what failed in it.</summary>
    public Task Conversation => _conversation;

    private async Task RunAsync(Func<StreamProtocolReader, NetworkStream, Task> script)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        using var reader = new StreamProtocolReader(stream);
        await script(reader, stream);
    }

    /// <summary>Reads the client's Hello and returns the revision it announced.</summary>
    public static async Task<int> ReadHelloAsync(StreamProtocolReader reader)
    {
        Assert.That(await reader.ReadVarUIntAsync(true, default), Is.Zero, "Hello packet type");
        await reader.SkipStringAsync(true, default);
        await reader.ReadVarUIntAsync(true, default);
        await reader.ReadVarUIntAsync(true, default);
        var revision = (int)await reader.ReadVarUIntAsync(true, default);
        for (var i = 0; i < 3; i++)
        {
            await reader.SkipStringAsync(true, default);
        }

        return revision;
    }

    /// <summary>Reads a Query packet at <paramref name="revision"/> and the empty external-tables block; returns the SQL.</summary>
    public static async Task<string> ReadQueryAsync(StreamProtocolReader reader, int revision)
    {
        Assert.That(await reader.ReadVarUIntAsync(true, default), Is.EqualTo(1), "Query packet type");
        await reader.SkipStringAsync(true, default); // query id
        await reader.ReadByteAsync(true, default); // query kind
        await SkipStringsAsync(reader, 3);
        if (revision >= ProtocolRevision.WithInitialQueryStartTime)
        {
            await reader.SkipAsync(8, true, default);
        }

        await reader.ReadByteAsync(true, default); // interface
        await SkipStringsAsync(reader, 3);
        await SkipVarUIntsAsync(reader, 3);
        await reader.SkipStringAsync(true, default); // quota key
        if (revision >= ProtocolRevision.WithDistributedDepth)
        {
            await reader.ReadVarUIntAsync(true, default);
        }

        await reader.ReadVarUIntAsync(true, default); // patch
        if (revision >= ProtocolRevision.WithOpenTelemetry)
        {
            await reader.ReadByteAsync(true, default);
        }

        if (revision >= ProtocolRevision.WithParallelReplicas)
        {
            await SkipVarUIntsAsync(reader, 3);
        }

        while ((await reader.ReadStringAsync(true, default)).Length > 0)
        {
            await reader.ReadVarUIntAsync(true, default);
            await reader.SkipStringAsync(true, default);
        }

        if (revision >= ProtocolRevision.WithInterserverSecret)
        {
            await reader.SkipStringAsync(true, default);
        }

        await SkipVarUIntsAsync(reader, 2); // stage, compression
        var sql = await reader.ReadStringAsync(true, default);
        if (revision >= ProtocolRevision.WithParameters)
        {
            while ((await reader.ReadStringAsync(true, default)).Length > 0)
            {
                await reader.ReadVarUIntAsync(true, default);
                await reader.SkipStringAsync(true, default);
            }
        }

        // External-tables terminator, uncompressed: Data, "", BlockInfo, 0 columns, 0 rows.
        Assert.That(await reader.ReadVarUIntAsync(true, default), Is.EqualTo(2), "Data packet type");
        await reader.SkipStringAsync(true, default);
        await reader.SkipAsync(10, true, default);
        return sql;
    }

    private static async Task SkipStringsAsync(StreamProtocolReader reader, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await reader.SkipStringAsync(true, default);
        }
    }

    private static async Task SkipVarUIntsAsync(StreamProtocolReader reader, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await reader.ReadVarUIntAsync(true, default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _conversation.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or TimeoutException)
        {
            // The client hung up first; the assertions that matter are the client's.
        }
    }
}
