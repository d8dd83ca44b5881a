using Ja4Data.Protocol;

namespace Ja4Data.Tests.Facade;

/// <summary>
/// The facade decides retries by the statement, not by the method it came through: a statement that may change data
/// reaches the server at most once by the facade's doing, a read is repeated on a fresh connection.
/// </summary>
[TestFixture]
public sealed class StatementRetryTests
{
    private static readonly byte[] EndOfStream = [(byte)ServerPacketType.EndOfStream];

    [TestCase("ALTER TABLE t UPDATE v = v + 1 WHERE 1", false)]
    [TestCase("INSERT INTO t SELECT number FROM numbers(10)", false)]
    [TestCase("OPTIMIZE TABLE t FINAL", false)]
    [TestCase("SELECT count() FROM t", true)]
    public async Task Query_ConnectionResetAfterTheStatementReachedTheServer_RepeatsOnlyReads(string sql, bool repeated)
    {
        var received = 0;
        await using var server = new FakeNativeServer(async connection =>
        {
            await connection.HandshakeAsync();
            await connection.ReadQueryAsync();
            Interlocked.Increment(ref received);
            if (connection.Index == 0)
            {
                connection.Close(reset: true); // the statement arrived; its answer never will
                return;
            }

            await connection.SendAsync(EndOfStream);
            await connection.WaitForCloseAsync();
        });
        await using var client = new ClickHouseClient(server.Settings() with { RetryMaxAttempts = 3 });

        if (repeated)
        {
            await client.QueryAsync(sql);
        }
        else
        {
            var error = Assert.ThrowsAsync<ClickHouseConnectionException>(async () => await client.QueryAsync(sql))!;
            Assert.That(error.Outcome, Is.EqualTo(ClickHouseOutcome.Unknown));
        }

        Assert.That(Volatile.Read(ref received), Is.EqualTo(repeated ? 2 : 1), "times the statement reached the server");
    }

    [Test]
    public async Task Command_Mutation_ConnectionResetBeforeTheStatementLeft_IsRepeatedAndRunsOnce()
    {
        var received = 0;
        await using var server = new FakeNativeServer(async connection =>
        {
            if (connection.Index == 0)
            {
                await connection.ReadHelloAsync();
                connection.Close(reset: true); // refused during the handshake: nothing was sent
                return;
            }

            await connection.HandshakeAsync();
            await connection.ReadQueryAsync();
            Interlocked.Increment(ref received);
            await connection.SendAsync(EndOfStream);
            await connection.WaitForCloseAsync();
        });
        await using var client = new ClickHouseClient(server.Settings() with { RetryMaxAttempts = 3 });

        await client.CommandAsync("ALTER TABLE t DELETE WHERE 1");

        Assert.That((server.Accepted, Volatile.Read(ref received)), Is.EqualTo((2, 1)));
    }
}
