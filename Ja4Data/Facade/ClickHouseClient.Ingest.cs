using System.Runtime.ExceptionServices;
using Ja4Data.Core;
using Ja4Data.Core.Inserts;
using Ja4Data.Core.Resilience;
using Ja4Data.Facade;
using Ja4Data.Types;

namespace Ja4Data;

// The two steps of ClickHouseIngestBuffer<T> that need the pool and the retry pipeline: learning the insert's columns
// once, and sending an encoded batch under the insert rules of docs/reliability.md.
public sealed partial class ClickHouseClient
{
    /// <summary>
    /// The columns an ingest buffer inserts into: the server's header for <c>INSERT INTO t (columns) VALUES</c>
    /// (<paramref name="columns"/> null: every column), narrowed by <paramref name="choose"/> (typed records: the
    /// columns their members fill). Ends the statement without data, which stores nothing, so it is retried as a read.
    /// </summary>
    /// <returns>A header of the chosen columns (no data) and the block framing of the connection that answered.</returns>
    internal Task<(Block Header, BlockFormat Format)> DescribeInsertAsync(string table, IReadOnlyList<string>? columns, Func<IReadOnlyList<BlockColumn>, IReadOnlyList<string>>? choose, CancellationToken cancellationToken)
        => RunAsync(
            CallKind.Read,
            statement: null,
            async (call, ct) =>
            {
                await using var connection = await OpenAsync(call, async: true, ct);
                call.StatementStarted = true;
                using var session = await InsertSession.BeginAsync(connection.Connector, QueryRequest.Command(InsertStatement.Build(table, columns), Settings.CommandTimeout), table, async: true, ct);
                IReadOnlyList<string> chosen;
                try
                {
                    chosen = choose is null ? [.. session.Header.Columns.Select(c => c.Name)] : choose(session.Header.Columns);
                }
                finally
                {
                    await session.EndAsync(async: true, CancellationToken.None);
                }

                var byName = session.Header.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
                var header = new Block([.. chosen.Select(name => new BlockColumn(name, byName[name].Codec, null))], 0);
                return (header, session.Format);
            },
            cancellationToken);

    /// <summary>
    /// Sends an ingest batch as its encoded bytes until the server acknowledges it or the insert rules stop: a failure
    /// before the data left is retried; once data left without an acknowledgement, only when
    /// <paramref name="tableDeduplicates"/> (then the same bytes go again, with a deduplication token where the server
    /// takes one), otherwise it fails with <see cref="ClickHouseInsertOutcomeUnknownException"/>.
    /// </summary>
    internal Task<long> InsertIngestBatchAsync(IngestBatch batch, bool tableDeduplicates, CancellationToken cancellationToken)
        => RunAsync(tableDeduplicates ? CallKind.DeduplicatedInsert : CallKind.Insert, Statement.Insert(batch.Table, batch.Columns), (call, ct) => InsertIngestAttemptAsync(batch, tableDeduplicates, call, ct), cancellationToken);

    private async ValueTask<long> InsertIngestAttemptAsync(IngestBatch batch, bool tableDeduplicates, ResilientCall call, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(call, async: true, cancellationToken);
        Dictionary<string, string>? settings = null;
        if (tableDeduplicates && InsertDeduplicationToken.IsSupportedBy(connection.Connector.Server))
        {
            settings = new Dictionary<string, string> { [InsertDeduplicationToken.SettingName] = batch.DeduplicationToken };
        }

        call.StatementStarted = true;
        for (var encodedAgain = false; ; encodedAgain = true)
        {
            batch.Attempts++;
            // The caller's token only, as for every insert: CommandTimeout bounds the statement.
            using var session = await InsertSession.BeginAsync(connection.Connector, QueryRequest.Command(InsertStatement.Build(batch.Table, batch.Columns), Settings.CommandTimeout, settings), batch.Table, async: true, call.CallerToken);
            if (!batch.Fits(session.Header, session.Format))
            {
                await session.EndAsync(async: true, CancellationToken.None);
                if (batch.MaybeStored && call.LastFailure is { } unknown)
                {
                    // Other bytes would be another block: a repeat the table could not recognise.
                    ExceptionDispatchInfo.Throw(unknown);
                }

                if (encodedAgain)
                {
                    throw new ClickHouseProtocolException($"The server announced other columns for {batch.Table} than those it announced a moment before; the table is being altered. Retry once the ALTER is done.");
                }

                batch.Encode(session.Header, session.Format);
                continue;
            }

            try
            {
                await session.SendAsync(batch.Bytes, batch.RowCount, async: true, call.CallerToken);
                await session.EndAsync(async: true, call.CallerToken);
            }
            catch (ClickHouseInsertOutcomeUnknownException)
            {
                batch.MaybeStored = true;
                throw;
            }

            return session.RowsSent;
        }
    }
}
