using System.Net.Sockets;
using Ja4Data.LocalServer;
using Ja4Data.Protocol;

namespace Ja4Data.TestSupport;

/// <summary>
/// The first exchange of the native protocol, written with <see cref="WireBytes"/> and read with
/// <see cref="WireReader"/>, so that infrastructure tests can tell a ClickHouse native port (and its login) works
/// without using the client they exist to test.
/// </summary>
internal static class NativeHello
{
    public const int ServerHelloPacket = (int)ServerPacketType.Hello;
    public const int ServerExceptionPacket = (int)ServerPacketType.Exception;

    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Connects to the endpoint's native port and runs <see cref="ExchangeAsync(Stream, string, string)"/>.</summary>
    /// <param name="endpoint">The server and user.</param>
    /// <param name="password">The password to send; the endpoint's own when <see langword="null"/>.</param>
    public static async Task<(int Packet, string Text)> ExchangeAsync(ClickHouseEndpoint endpoint, string? password = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port);
        return await ExchangeAsync(client.GetStream(), endpoint.User, password ?? endpoint.Password);
    }

    /// <summary>
    /// Sends a client Hello (at revision 54412, which every server accepts) and reads the first packet back:
    /// (0, server name) for a server Hello, (2, "code name: message") for an exception such as a wrong password.
    /// </summary>
    public static async Task<(int Packet, string Text)> ExchangeAsync(Stream stream, string user, string password)
    {
        using var timeoutSource = new CancellationTokenSource(IoTimeout);
        var hello = new WireBytes()
            .Var((ulong)ClientPacketType.Hello).Str("Ja4Data.TestSupport").Var(1).Var(0).Var(ProtocolRevision.Oldest)
            .Str("default").Str(user).Str(password)
            .ToArray();
        await stream.WriteAsync(hello, timeoutSource.Token);
        await stream.FlushAsync(timeoutSource.Token);

        var reader = new WireReader(stream, timeoutSource.Token);
        var packet = (int)await reader.ReadVarUIntAsync();
        switch (packet)
        {
            case ServerHelloPacket:
                return (packet, await reader.ReadStringAsync());
            case ServerExceptionPacket:
                var code = await reader.ReadInt32Async();
                var name = await reader.ReadStringAsync();
                var message = await reader.ReadStringAsync();
                return (packet, $"{code} {name}: {message}");
            default:
                return (packet, string.Empty);
        }
    }
}
