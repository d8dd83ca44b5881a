using System.Net.Sockets;

namespace Ja4Data.TestSupport;

/// <summary>
/// One proxied connection: a pump per direction, each of which may carry an armed fault; what the server sends is
/// copied to <paramref name="serverBytes"/> when given.
/// </summary>
internal sealed class FaultProxyConnection(Socket client, Socket server, Action onFired, Stream? serverBytes = null)
{
    private readonly Lock _lock = new();
    private readonly Armed?[] _armed = new Armed?[2];

    public void Arm(FaultProxyFault fault)
    {
        lock (_lock)
        {
            _armed[(int)fault.Direction] = new Armed(fault, fault.AfterBytes);
        }
    }

    public async Task RunAsync()
    {
        await Task.WhenAll(
            PumpAsync(FaultDirection.ClientToServer, client, server),
            PumpAsync(FaultDirection.ServerToClient, server, client));
        client.Dispose();
        server.Dispose();
    }

    /// <summary>Closes both sides with a TCP RST.</summary>
    public void Abort()
    {
        LoopbackListener.Close(client, reset: true);
        LoopbackListener.Close(server, reset: true);
    }

    private async Task PumpAsync(FaultDirection direction, Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var count = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (count == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (direction == FaultDirection.ServerToClient && serverBytes is not null)
                {
                    lock (serverBytes)
                    {
                        serverBytes.Write(buffer, 0, count);
                    }
                }

                var fault = TakeFaultWithin(direction, count, out var before);
                if (fault is null)
                {
                    await to.SendAsync(buffer.AsMemory(0, count), SocketFlags.None);
                    continue;
                }

                await to.SendAsync(buffer.AsMemory(0, before), SocketFlags.None);
                onFired();
                switch (fault.Kind)
                {
                    case FaultKind.Reset:
                        Abort();
                        return;
                    case FaultKind.Truncate:
                        to.Shutdown(SocketShutdown.Send);
                        await DiscardAsync(from, buffer);
                        return;
                    case FaultKind.BlackHole:
                        await DiscardAsync(from, buffer);
                        return;
                    case FaultKind.Delay:
                        await Task.Delay(fault.Delay);
                        await to.SendAsync(buffer.AsMemory(before, count - before), SocketFlags.None);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Abort();
        }
    }

    // The fault, if it fires within these count bytes (disarming it), and how many bytes go through before it.
    private FaultProxyFault? TakeFaultWithin(FaultDirection direction, int count, out int before)
    {
        lock (_lock)
        {
            before = count;
            if (_armed[(int)direction] is not { } armed)
            {
                return null;
            }

            if (count <= armed.Remaining)
            {
                _armed[(int)direction] = armed with { Remaining = armed.Remaining - count };
                return null;
            }

            before = (int)armed.Remaining;
            _armed[(int)direction] = null;
            return armed.Fault;
        }
    }

    private static async Task DiscardAsync(Socket from, byte[] buffer)
    {
        while (await from.ReceiveAsync(buffer, SocketFlags.None) > 0)
        {
        }
    }

    private sealed record Armed(FaultProxyFault Fault, long Remaining);
}
