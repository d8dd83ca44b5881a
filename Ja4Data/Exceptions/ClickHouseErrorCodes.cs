using System.Collections.Frozen;

namespace Ja4Data;

/// <summary>
/// ClickHouse error codes Ja4Data knows by name, and how it classifies them for retries
/// (docs/reliability.md, "Retry classification").
/// </summary>
public static class ClickHouseErrorCodes
{
    /// <summary>Table does not exist.</summary>
    public const int UnknownTable = 60;
    /// <summary>Syntax error in the query.</summary>
    public const int SyntaxError = 62;
    /// <summary>Query was cancelled.</summary>
    public const int QueryWasCancelled = 394;
    /// <summary>Wrong user name or password.</summary>
    public const int AuthenticationFailed = 516;
    /// <summary>Too many simultaneous queries (admission limit).</summary>
    public const int TooManySimultaneousQueries = 202;

    private static readonly FrozenDictionary<int, string> Names = new Dictionary<int, string>
    {
        [3] = "UNEXPECTED_END_OF_FILE", [6] = "CANNOT_PARSE_TEXT", [10] = "NOT_FOUND_COLUMN_IN_BLOCK",
        [16] = "NO_SUCH_COLUMN_IN_TABLE", [27] = "CANNOT_PARSE_INPUT_ASSERTION_FAILED", [32] = "ATTEMPT_TO_READ_AFTER_EOF",
        [36] = "BAD_ARGUMENTS", [40] = "CHECKSUM_DOESNT_MATCH", [41] = "CANNOT_PARSE_DATETIME", [43] = "ILLEGAL_TYPE_OF_ARGUMENT",
        [44] = "ILLEGAL_COLUMN", [46] = "UNKNOWN_FUNCTION", [47] = "UNKNOWN_IDENTIFIER", [49] = "LOGICAL_ERROR",
        [50] = "UNKNOWN_TYPE", [53] = "TYPE_MISMATCH", [57] = "TABLE_ALREADY_EXISTS", [60] = "UNKNOWN_TABLE",
        [62] = "SYNTAX_ERROR", [69] = "ARGUMENT_OUT_OF_BOUND", [70] = "CANNOT_CONVERT_TYPE", [81] = "UNKNOWN_DATABASE",
        [82] = "DATABASE_ALREADY_EXISTS", [99] = "UNKNOWN_PACKET_FROM_CLIENT", [100] = "UNKNOWN_PACKET_FROM_SERVER",
        [101] = "UNEXPECTED_PACKET_FROM_CLIENT", [102] = "UNEXPECTED_PACKET_FROM_SERVER", [115] = "UNKNOWN_SETTING",
        [117] = "INCORRECT_DATA", [159] = "TIMEOUT_EXCEEDED", [160] = "TOO_SLOW", [164] = "READONLY",
        [192] = "UNKNOWN_USER", [193] = "WRONG_PASSWORD", [194] = "REQUIRED_PASSWORD", [198] = "DNS_ERROR",
        [201] = "QUOTA_EXCEEDED", [202] = "TOO_MANY_SIMULTANEOUS_QUERIES", [203] = "NO_FREE_CONNECTION",
        [209] = "SOCKET_TIMEOUT", [210] = "NETWORK_ERROR", [216] = "QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING",
        [225] = "NO_ZOOKEEPER", [236] = "ABORTED", [241] = "MEMORY_LIMIT_EXCEEDED", [242] = "TABLE_IS_READ_ONLY",
        [243] = "NOT_ENOUGH_SPACE", [244] = "UNEXPECTED_ZOOKEEPER_ERROR", [252] = "TOO_MANY_PARTS",
        [279] = "ALL_CONNECTION_TRIES_FAILED", [285] = "TOO_FEW_LIVE_REPLICAS", [286] = "UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE",
        [289] = "REPLICA_IS_NOT_IN_QUORUM", [319] = "UNKNOWN_STATUS_OF_INSERT",
        [373] = "SESSION_IS_LOCKED", [389] = "INSERT_WAS_DEDUPLICATED", [394] = "QUERY_WAS_CANCELLED",
        [395] = "FUNCTION_THROW_IF_VALUE_IS_NON_ZERO", [425] = "SYSTEM_ERROR", [473] = "DEADLOCK_AVOIDED",
        [497] = "ACCESS_DENIED", [516] = "AUTHENTICATION_FAILED", [733] = "TABLE_IS_BEING_RESTARTED",
        [745] = "SERVER_OVERLOADED", [999] = "KEEPER_EXCEPTION", [1000] = "POCO_EXCEPTION", [1001] = "STD_EXCEPTION",
        [1002] = "UNKNOWN_EXCEPTION",
    }.ToFrozenDictionary();

    // Might succeed if repeated: admission limits, socket trouble on the server's side (also towards shards and
    // replicas), Keeper, quorum, overload, parts pressure. The union of what clickhouse-java client-v2 and
    // clickhouse-kafka-connect retry and the closed ClickHouse PR #57079, minus what is deterministic for a
    // self-hosted server (3 truncated input, 107 missing file, 164 readonly) and plus the Keeper/replica siblings
    // (198, 225, 244, 286, 289, 733, 473, 236). Syntax, unknown table or column, types, auth, quotas, disk full and
    // server bugs (1000-1002) are never here. Whether a transient failure is repeated also depends on the
    // statement: see Ja4Data.Core.Resilience.RetryClassifier and docs/reliability.md.
    private static readonly FrozenSet<int> Transient = new[]
    {
        159, 198, 202, 203, 209, 210, 216, 225, 236, 241, 242, 244, 252, 279, 285, 286, 289, 319, 373, 425, 473, 733, 745, 999,
    }.ToFrozenSet();

    // Refused before the statement started (admission control, session lock, a query with the same id still
    // running), so repeating it cannot duplicate work.
    private static readonly FrozenSet<int> RejectedBeforeExecution = new[] { 202, 216, 373, 745 }.ToFrozenSet();

    /// <summary>The symbolic name of a ClickHouse error code, or null when Ja4Data does not know it.</summary>
    public static string? NameOf(int code) => Names.GetValueOrDefault(code);

    /// <summary>True when repeating the statement may succeed (docs/reliability.md, "Retry classification").</summary>
    public static bool IsTransient(int code) => Transient.Contains(code);

    /// <summary>True when the server refused the statement before running it, so any statement may be retried.</summary>
    public static bool IsRejectedBeforeExecution(int code) => RejectedBeforeExecution.Contains(code);
}
