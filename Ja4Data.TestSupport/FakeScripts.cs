using Ja4Data.Protocol;

namespace Ja4Data.TestSupport;

/// <summary>Scripts for <see cref="FakeNativeServer"/> that many tests share.</summary>
internal static class FakeScripts
{
    /// <summary>Never answers, not even the Hello; reads until the client gives up.</summary>
    public static Task Silent(FakeConnection connection) => connection.WaitForCloseAsync();

    /// <summary>
    /// The pool's server: a handshake as <paramref name="serverRevision"/>, then Pong for every Ping while
    /// <paramref name="answerPings"/> says so (else the ping is read and ignored, as by a hung server); any other
    /// packet ends the connection.
    /// </summary>
    public static Func<FakeConnection, Task> HandshakeThenPongs(Func<bool> answerPings, int serverRevision = ProtocolRevision.Oldest)
        => async connection =>
        {
            await connection.HandshakeAsync(serverRevision);
            while (await connection.ReadPacketTypeAsync() == ClientPacketType.Ping)
            {
                if (answerPings())
                {
                    await connection.SendAsync(new[] { (byte)ServerPacketType.Pong });
                }
            }
        };

    /// <summary>
    /// A server that misbehaves once: the first connection plays <paramref name="firstConnection"/> after the
    /// handshake; every later one is healthy, answering each Ping with Pong (how a test proves the pool recovered).
    /// </summary>
    public static Func<FakeConnection, Task> FirstThenPongs(Func<FakeConnection, Task> firstConnection)
        => async connection =>
        {
            if (connection.Index == 0)
            {
                await connection.HandshakeAsync();
                await firstConnection(connection);
                return;
            }

            await HandshakeThenPongs(static () => true)(connection);
        };

    /// <summary>
    /// Answers the client's Hello with <paramref name="serverBytes"/> as they are (a recorded, mutated or foreign
    /// answer in place of the server Hello, and whatever follows it), then silence until the client hangs up.
    /// </summary>
    public static Func<FakeConnection, Task> AfterHello(byte[] serverBytes)
        => async connection =>
        {
            await connection.ReadHelloAsync();
            await connection.SendAsync(serverBytes);
            await connection.WaitForCloseAsync();
        };

    /// <summary>
    /// Replays server bytes: a handshake as a server of <paramref name="serverRevision"/> and
    /// <paramref name="version"/> (major.minor.patch), then for each of the client's queries
    /// the next of <paramref name="replies"/> as it is (recorded, mutated or made up), then silence until the client
    /// hangs up - so whatever the client does comes from those bytes, not from the connection ending.
    /// </summary>
    public static Func<FakeConnection, Task> Replay(int serverRevision, string version, params byte[][] replies)
        => async connection =>
        {
            await connection.HandshakeAsync(serverRevision, version);
            foreach (var reply in replies)
            {
                await connection.ReadQueryAsync();
                await connection.SendAsync(reply);
            }

            await connection.WaitForCloseAsync();
        };
}
