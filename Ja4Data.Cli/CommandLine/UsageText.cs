namespace Ja4Data.Cli.CommandLine;

/// <summary>The help text (at most 80 columns, printed as plain text).</summary>
internal static class UsageText
{
    public const string Text = """
        ja4data - Ja4Data's demo, load generator and benchmark harness for ClickHouse

        Usage:
          ja4data demo   [--rows N] [--workers W] [--batch B] [server options]
          ja4data ingest [--rows N] [--workers W] [--batch B] [--block K]
                         [--columnar | --rows-api] [--target raw|wide|null]
                         [--seed S] [server options]
          ja4data bench  [--rows N] [--repeat R] [--select1 Q] [--concurrency C]
                         [--out DIR] [--no-python] [server options]
          ja4data schema deploy [--dry-run] [--host H] [--port P] [--user U]

        demo           Deploys the ja4 schema, ingests realistic JA4 HTTP logs as
                       JSON lines (the materialized views parse them), then shows
                       top fingerprints, error rates per host and user-agent
                       spoofing. Defaults: 1M rows, 4 workers, 50k-row batches.
        ingest         The load generator: rows/s, MB/s, p50/p99 batch latency,
                       retries, pool wait, peak memory. --target raw (default):
                       JSON lines into http_logs_raw; wide: typed MergeTree;
                       null: typed Null table (measures the client, not storage).
                       --columnar (default): bulk writer, AppendColumn<T>;
                       --rows-api: ClickHouseConnection.InsertAsync, object[] rows.
                       Defaults: 1M rows, 4 workers, 50k rows per INSERT, 10k
                       rows per Native block.
        bench          Ja4Data against clickhouse-client, clickhouse-benchmark and
                       (if installed) Python's clickhouse-driver, same rows, same
                       server; writes bench.md, bench.csv, bench.png to --out
                       (artifacts/bench). Defaults: 1M rows, median of 3 runs,
                       5000 x SELECT 1 at concurrency 8.
        schema deploy  Applies pending ja4 migrations; --dry-run prints the SQL.

        Server options:
          --host H --port P --user U  use this server; the password comes only
                                      from CLICKHOUSE_PASSWORD or .env
          --local                     start a throw-away local clickhouse-server
                                      even if a server is configured

        Settings come from CLICKHOUSE_* variables and ./.env. demo, ingest and bench
        start a local clickhouse-server unless --host is given or CLICKHOUSE_HOST
        is set in the process environment (a value only in .env does not count:
        the repository's .env names the docker-compose host). schema deploy always
        uses the configured server. Numbers take _ and k/M/G: --rows 10M.
        """;
}
