using System.Buffers.Binary;
using System.Text;

namespace Ja4Data.IntegrationTests;

/// <summary>
/// The first exchange of the native protocol, written out by hand so that infrastructure tests can tell a ClickHouse
/// native port (and its login) works without using the client they exist to test.
/// </summary>
internal static class NativeHello
{
    public const int ServerHelloPacket = 0;
    public const int ServerExceptionPacket = 2;

    private const int ProtocolRevision = 54412; // ClickHouse 18.16; every later server accepts it too
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Sends a client Hello and reads the first packet back: (0, server name) for a server Hello,
    /// (2, "code name: message") for an exception such as a wrong password.
    /// </summary>
    public static async Task<(int Packet, string Text)> ExchangeAsync(Stream stream, string user, string password)
    {
        using var timeoutSource = new CancellationTokenSource(IoTimeout);
        var token = timeoutSource.Token;
        using var hello = new MemoryStream();
        WriteVarUInt(hello, 0);
        WriteString(hello, "Ja4Data.IntegrationTests");
        WriteVarUInt(hello, 1);
        WriteVarUInt(hello, 0);
        WriteVarUInt(hello, ProtocolRevision);
        WriteString(hello, "default");
        WriteString(hello, user);
        WriteString(hello, password);
        await stream.WriteAsync(hello.ToArray(), token);
        await stream.FlushAsync(token);

        var packet = (int)await ReadVarUIntAsync(stream, token);
        switch (packet)
        {
            case ServerHelloPacket:
                return (packet, await ReadStringAsync(stream, token));
            case ServerExceptionPacket:
                var code = new byte[4];
                await stream.ReadExactlyAsync(code, token);
                var name = await ReadStringAsync(stream, token);
                var message = await ReadStringAsync(stream, token);
                return (packet, $"{BinaryPrimitives.ReadInt32LittleEndian(code)} {name}: {message}");
            default:
                return (packet, string.Empty);
        }
    }

    private static void WriteVarUInt(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }

    private static void WriteString(Stream stream, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteVarUInt(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    private static async Task<ulong> ReadVarUIntAsync(Stream stream, CancellationToken token)
    {
        var one = new byte[1];
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            await stream.ReadExactlyAsync(one, token);
            value |= (ulong)(one[0] & 0x7F) << shift;
            if (one[0] < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("VarUInt longer than 10 bytes");
    }

    private static async Task<string> ReadStringAsync(Stream stream, CancellationToken token)
    {
        var length = (int)await ReadVarUIntAsync(stream, token);
        var bytes = new byte[length];
        await stream.ReadExactlyAsync(bytes, token);
        return Encoding.UTF8.GetString(bytes);
    }
}
