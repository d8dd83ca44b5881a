using System.Security.Authentication;
using Ja4Data.Core.Resilience;
using static Ja4Data.Core.Resilience.RetryVerdict;

namespace Ja4Data.Tests.Resilience;

/// <summary>Every row of the retry table in docs/reliability.md, for every kind of call.</summary>
[TestFixture]
public sealed class RetryClassifierTests
{
    // Verdicts in the order Read, Command, Insert, DeduplicatedInsert.
    private static readonly RetryVerdict[] Always = [Retry, Retry, Retry, Retry];
    private static readonly RetryVerdict[] Never = [Stop, Stop, Stop, Stop];
    private static readonly RetryVerdict[] ReadOrDedup = [Retry, Stop, Stop, Retry];
    private static readonly RetryVerdict[] OnceReadOrDedup = [RetryOnce, Stop, Stop, RetryOnce];

    private static IEnumerable<TestCaseData> ServerCodes()
    {
        // Rejected before execution: any statement may be repeated.
        foreach (var code in new[] { 202, 216, 373, 745 })
        {
            yield return Row(code, Always);
        }

        // Transient, but the statement may have run (or an insert stored blocks): reads, and inserts with a token.
        foreach (var code in new[] { 198, 203, 209, 210, 225, 236, 242, 244, 252, 279, 285, 286, 289, 319, 473, 733, 999 })
        {
            yield return Row(code, ReadOrDedup);
        }

        // Transient but often deterministic for the statement: one more try at most.
        foreach (var code in new[] { 159, 241, 425 })
        {
            yield return Row(code, OnceReadOrDedup);
        }

        // Permanent: syntax, unknown table/column/identifier/database, types, auth, access, readonly, quotas, disk,
        // cancelled, truncated input, checksum, missing file, too slow, server bugs.
        foreach (var code in new[] { 3, 6, 16, 27, 32, 40, 47, 53, 60, 62, 70, 81, 107, 115, 117, 160, 164, 192, 193, 194, 201, 243, 389, 394, 497, 516, 1000, 1001, 1002 })
        {
            yield return Row(code, Never);
        }

        static TestCaseData Row(int code, RetryVerdict[] verdicts)
            => new TestCaseData(code, Text(verdicts)).SetArgDisplayNames(code + " " + (ClickHouseErrorCodes.NameOf(code) ?? "?"));
    }

    [TestCaseSource(nameof(ServerCodes))]
    public void Classify_ServerError_FollowsTheTable(int code, string expected)
    {
        var error = new ClickHouseServerException(code, "DB::Exception", "test", string.Empty);

        Assert.That(Text(Kinds.Select(k => RetryClassifier.Classify(error, k))), Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> ClientFailures()
    {
        yield return Case("connection refused / reset before the request left", Refused(), Always);
        yield return Case("DNS failure", new ClickHouseConnectionException("no such host", ClickHouseOutcome.NotExecuted, new System.Net.Sockets.SocketException(11001)), Always);
        yield return Case("TLS handshake interrupted (I/O)", new ClickHouseConnectionException("tls", ClickHouseOutcome.NotExecuted, new IOException("EOF")), Always);
        yield return Case("TLS certificate rejected", new ClickHouseConnectionException("tls", ClickHouseOutcome.NotExecuted, new AuthenticationException("remote certificate is invalid")), Never);
        // An insert's connection failures that are not wrapped happened before any data block left the client.
        yield return Case("connection lost after the request left", new ClickHouseConnectionException("lost", ClickHouseOutcome.Unknown, new IOException("reset")), [Retry, Stop, Retry, Retry]);
        yield return Case("command timeout", new ClickHouseConnectionException("timeout", ClickHouseOutcome.Unknown, new TimeoutException()), [RetryOnce, Stop, RetryOnce, RetryOnce]);
        yield return Case("insert outcome unknown", new ClickHouseInsertOutcomeUnknownException("t", "q", 10, 1, new IOException("reset")), [Stop, Stop, Stop, Retry]);
        yield return Case("pool exhausted", new ClickHousePoolExhaustedException(8, 8, TimeSpan.FromSeconds(30)), Never);
        yield return Case("protocol error", new ClickHouseProtocolException("bad packet"), Never);
        yield return Case("bad value", new ClickHouseDataException("c", "UInt8", 0, 300, "overflow"), Never);
        yield return Case("configuration", new ClickHouseConfigurationException("bad port"), Never);
        yield return Case("cancelled", new OperationCanceledException(), Never);
        yield return Case("not ours", new InvalidOperationException(), Never);
        yield return Case("no exception", null, Never);

        static TestCaseData Case(string name, Exception? exception, RetryVerdict[] verdicts) => new TestCaseData(exception, Text(verdicts)).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(ClientFailures))]
    public void Classify_ClientSideFailure_FollowsTheTable(Exception? exception, string expected)
        => Assert.That(Text(Kinds.Select(k => RetryClassifier.Classify(exception, k))), Is.EqualTo(expected));

    [TestCase("SELECT 1", "Read")]
    [TestCase("WITH 1 AS x SELECT x", "Read")]
    [TestCase("SHOW TABLES", "Read")]
    [TestCase("ALTER TABLE t UPDATE v = v + 1 WHERE 1", "Command")]
    [TestCase("INSERT INTO t SELECT * FROM s", "Command")]
    [TestCase("CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = Memory", "Command")]
    [TestCase("OPTIMIZE TABLE t FINAL", "Command")]
    [TestCase("SOMETHING NEW", "Command")]
    public void KindOfStatement_IsDecidedByTheSql(string sql, string expected)
        => Assert.That(RetryClassifier.KindOfStatement(sql).ToString(), Is.EqualTo(expected));

    private static IEnumerable<TestCaseData> StatementFailures()
    {
        // Whatever the facade method: a statement that may change data is repeated only when it never left the client.
        const string mutation = "ALTER TABLE t UPDATE v = v + 1 WHERE 1";
        const string insertSelect = "INSERT INTO t SELECT number FROM numbers(10)";
        const string read = "SELECT count() FROM t";
        foreach (var sql in new[] { mutation, insertSelect })
        {
            yield return Case(sql, "refused before sending", Refused(), Retry);
            yield return Case(sql, "pool exhausted", new ClickHousePoolExhaustedException(8, 8, TimeSpan.FromSeconds(1)), Stop);
            yield return Case(sql, "connection lost after sending", new ClickHouseConnectionException("lost", ClickHouseOutcome.Unknown, new IOException("reset")), Stop);
            yield return Case(sql, "command timeout", new ClickHouseConnectionException("timeout", ClickHouseOutcome.Unknown, new TimeoutException()), Stop);
            yield return Case(sql, "server 999 after it ran", new ClickHouseServerException(999, "zkutil::KeeperException", "Session expired", string.Empty), Stop);
            yield return Case(sql, "server 202 refused it", new ClickHouseServerException(202, "DB::Exception", "too many", string.Empty), Retry);
        }

        yield return Case(read, "connection lost after sending", new ClickHouseConnectionException("lost", ClickHouseOutcome.Unknown, new IOException("reset")), Retry);
        yield return Case(read, "command timeout", new ClickHouseConnectionException("timeout", ClickHouseOutcome.Unknown, new TimeoutException()), RetryOnce);
        yield return Case(read, "server 999", new ClickHouseServerException(999, "zkutil::KeeperException", "Session expired", string.Empty), Retry);

        static TestCaseData Case(string sql, string failure, Exception exception, RetryVerdict verdict)
            => new TestCaseData(sql, exception, verdict.ToString()).SetArgDisplayNames($"{sql.Split(' ')[0]} {failure}");
    }

    [TestCaseSource(nameof(StatementFailures))]
    public void Classify_StatementThroughQueryOrCommand_RepeatsWhatChangesDataOnlyBeforeItWasSent(string sql, Exception exception, string expected)
        => Assert.That(RetryClassifier.Classify(exception, RetryClassifier.KindOfStatement(sql)).ToString(), Is.EqualTo(expected));

    [Test]
    public void IsTransient_CodesTheIssueNames_AreAllTransient()
        => Assert.That(IssueTransientCodes.Where(c => !ClickHouseErrorCodes.IsTransient(c)), Is.Empty);

    [Test]
    public void IsTransient_SyntaxUnknownTableColumnTypeAndAuth_AreNever()
        => Assert.That(NeverTransientCodes.Where(ClickHouseErrorCodes.IsTransient), Is.Empty);

    private static readonly int[] IssueTransientCodes = [159, 202, 209, 210, 252, 242, 319, 425, 999];
    private static readonly int[] NeverTransientCodes = [62, 60, 16, 47, 53, 70, 192, 193, 194, 497, 516];

    private static readonly CallKind[] Kinds = [CallKind.Read, CallKind.Command, CallKind.Insert, CallKind.DeduplicatedInsert];

    // Read, Command, Insert, DeduplicatedInsert
    private static string Text(IEnumerable<RetryVerdict> verdicts) => string.Join(" ", verdicts);

    private static ClickHouseConnectionException Refused()
        => new("refused", ClickHouseOutcome.NotExecuted, new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
}
