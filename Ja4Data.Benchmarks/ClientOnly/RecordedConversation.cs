using Ja4Data.Protocol;
using Ja4Data.TestSupport;

namespace Ja4Data.Benchmarks.ClientOnly;

/// <summary>
/// A real server's side of one connection as a <see cref="RecordingProxy"/> kept it: its Hello, then one reply turn
/// per client request (a SELECT's whole result; an INSERT's header and its end).
/// </summary>
internal sealed class RecordedConversation
{
    private RecordedConversation(byte[] hello, int serverRevision, IReadOnlyList<byte[]> replies)
    {
        Hello = hello;
        ServerRevision = serverRevision;
        Replies = replies;
    }

    public byte[] Hello { get; }

    /// <summary>The revision the server announced in its Hello.</summary>
    public int ServerRevision { get; }

    public IReadOnlyList<byte[]> Replies { get; }

    /// <summary>Splits a proxy's turns; throws unless there are exactly <paramref name="replies"/> after the Hello.</summary>
    public static async Task<RecordedConversation> FromTurnsAsync(IReadOnlyList<byte[]> turns, int replies, string what)
    {
        if (turns.Count != replies + 1)
        {
            throw new InvalidOperationException(
                $"Recording {what} gave {turns.Count} server turns, expected the Hello and {replies} repl{(replies == 1 ? "y" : "ies")}: the client spoke in between (a ping, a second statement); record it on a fresh connection.");
        }

        return new RecordedConversation(turns[0], await ReadRevisionAsync(turns[0]), [.. turns.Skip(1)]);
    }

    // Server Hello: packet type, server name, major, minor, revision, then fields this replay does not need.
    private static async Task<int> ReadRevisionAsync(byte[] hello)
    {
        using var stream = new MemoryStream(hello, writable: false);
        var reader = new WireReader(stream, CancellationToken.None);
        var type = (ServerPacketType)await reader.ReadVarUIntAsync();
        if (type != ServerPacketType.Hello)
        {
            throw new InvalidDataException($"The recorded conversation starts with a {type} packet, not the server's Hello.");
        }

        await reader.ReadStringAsync();
        await reader.ReadVarUIntAsync();
        await reader.ReadVarUIntAsync();
        return checked((int)await reader.ReadVarUIntAsync());
    }
}
