using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Ja4Data.Ado.Binding;
using Ja4Data.Core;
using Ja4Data.Core.Inserts;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Packets;
using Ja4Data.Sql;
using Ja4Data.Types.Formats;

namespace Ja4Data;

/// <summary>
/// A SQL statement for ClickHouse. Parameters use ClickHouse's <c>{name:Type}</c> placeholders, or ADO.NET's
/// <c>@name</c> typed by the parameter's DbType or value (what Dapper writes): sent as server-side parameters where the
/// server supports them (protocol revision 54459+), otherwise bound client-side as escaped typed literals. A value is
/// always data, never SQL. One statement per command: ClickHouse has no batches, so there is one result set.
/// </summary>
public sealed class ClickHouseCommand : DbCommand
{
    // Set for a command of a data source (ClickHouseDataSource.CreateCommand), which leases its own connection for each
    // execution instead of running on _connection.
    private readonly ClickHouseDataSource? _dataSource;
    private ClickHouseConnection? _connection;
    private ClickHouseConnection? _ownConnection;
    private string _commandText = string.Empty;
    private int? _commandTimeout;

    /// <summary>Creates a command.</summary>
    public ClickHouseCommand()
    {
    }

    /// <summary>Creates a command with text and connection.</summary>
    public ClickHouseCommand(string commandText, ClickHouseConnection? connection = null)
    {
        _commandText = commandText;
        _connection = connection;
    }

    internal ClickHouseCommand(ClickHouseDataSource dataSource, string? commandText)
    {
        _dataSource = dataSource;
        _commandText = commandText ?? string.Empty;
    }

    /// <inheritdoc />
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set => _commandText = value ?? string.Empty;
    }

    /// <summary>Seconds the statement may run (0 = no limit); defaults to the connection's CommandTimeout setting.</summary>
    public override int CommandTimeout
    {
        get => _commandTimeout ?? (int)Math.Ceiling(((_connection?.Settings ?? _dataSource?.Settings)?.CommandTimeout ?? TimeSpan.FromSeconds(300)).TotalSeconds);
        set => _commandTimeout = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "CommandTimeout must be 0 (no limit) or positive.");
    }

    /// <summary>Only <see cref="CommandType.Text"/> is supported.</summary>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("ClickHouse has no stored procedures or table-direct commands; only CommandType.Text is supported.");
            }
        }
    }

    /// <summary>The query id sent to the server (visible in system.processes and system.query_log); a new GUID when unset.</summary>
    public string? QueryId { get; set; }

    /// <summary>Per-statement server settings, for example <c>max_threads</c> = 4.</summary>
    public IDictionary<string, object> QuerySettings { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>Called with the accumulated progress each time the server reports some.</summary>
    public Action<QuerySummary>? Progress { get; set; }

    /// <summary>True when the last execution was an INSERT whose rows the SQL carried, sent as blocks by the client.</summary>
    internal bool SentInlineRows { get; private set; }

    /// <summary>The summary of the last execution (rows and bytes read and written, elapsed).</summary>
    public QuerySummary? LastSummary { get; internal set; }

    /// <inheritdoc />
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <summary>
    /// The connection the command runs on; always null for a command of a <see cref="ClickHouseDataSource"/>, which
    /// leases a connection per execution and cannot be given one.
    /// </summary>
    public new ClickHouseConnection? Connection
    {
        get => _connection;
        set => _connection = _dataSource is null ? value : throw DataSourceOwnsConnection();
    }

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => Connection = value switch
        {
            null => null,
            ClickHouseConnection c => c,
            _ => throw new ArgumentException($"A ClickHouseCommand needs a ClickHouseConnection, not {value.GetType().Name}.", nameof(value)),
        };
    }

    /// <summary>The command's parameters.</summary>
    public new ClickHouseParameterCollection Parameters { get; } = [];

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => Parameters;

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction
    {
        get => null;
        set
        {
            if (value is not null)
            {
                throw new NotSupportedException("ClickHouse does not support transactions.");
            }
        }
    }

    /// <summary>Creates a parameter.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Hides DbCommand.CreateParameter with the provider's type.")]
    public new ClickHouseParameter CreateParameter() => new();

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => CreateParameter();

    /// <summary>Asks the server to stop the running statement (sends Cancel; the reader then ends early).</summary>
    public override void Cancel() => (_connection ?? Volatile.Read(ref _ownConnection))?.OpenConnector?.RequestCancel(timedOut: false);

    /// <inheritdoc />
    public override void Prepare()
    {
        // ClickHouse has no prepared statements; server-side parameters already keep values out of the SQL.
    }

    /// <inheritdoc />
    public override int ExecuteNonQuery() => SyncCompletion.Result(ExecuteNonQueryCoreAsync(async: false, CancellationToken.None));

    /// <inheritdoc />
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => ExecuteNonQueryCoreAsync(async: true, cancellationToken).AsTask();

    /// <inheritdoc />
    public override object? ExecuteScalar() => SyncCompletion.Result(ExecuteScalarCoreAsync(async: false, CancellationToken.None));

    /// <inheritdoc />
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => ExecuteScalarCoreAsync(async: true, cancellationToken).AsTask();

    /// <summary>Runs the statement and streams its result block by block.</summary>
    public new ClickHouseDataReader ExecuteReader() => ExecuteReader(CommandBehavior.Default);

    /// <summary>Runs the statement and streams its result block by block.</summary>
    public new ClickHouseDataReader ExecuteReader(CommandBehavior behavior) => SyncCompletion.Result(ExecuteReaderCoreAsync(behavior, async: false, CancellationToken.None));

    /// <summary>Runs the statement and streams its result block by block.</summary>
    public new Task<ClickHouseDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) => ExecuteReaderCoreAsync(CommandBehavior.Default, async: true, cancellationToken).AsTask();

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReader(behavior);

    /// <inheritdoc />
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        => await ExecuteReaderCoreAsync(behavior, async: true, cancellationToken);

    private async ValueTask<int> ExecuteNonQueryCoreAsync(bool async, CancellationToken cancellationToken)
    {
        await using var reader = await ExecuteReaderCoreAsync(CommandBehavior.Default, async, cancellationToken);
        await reader.ConsumeAsync(async);
        var written = LastSummary?.WrittenRows ?? 0;
        return written > int.MaxValue ? int.MaxValue : (int)written;
    }

    private async ValueTask<object?> ExecuteScalarCoreAsync(bool async, CancellationToken cancellationToken)
    {
        await using var reader = await ExecuteReaderCoreAsync(CommandBehavior.Default, async, cancellationToken);
        object? value = null;
        if (await reader.ReadCoreAsync(async, cancellationToken) && reader.FieldCount > 0)
        {
            value = reader.GetValue(0);
        }

        await reader.ConsumeAsync(async);
        return value;
    }

    internal async ValueTask<ClickHouseDataReader> ExecuteReaderCoreAsync(CommandBehavior behavior, bool async, CancellationToken cancellationToken)
    {
        if (_dataSource is null)
        {
            return await ExecuteReaderCoreAsync(_connection ?? throw new InvalidOperationException("The command has no Connection."), behavior, async, cancellationToken);
        }

        // The reader closes the leased connection when it is closed (CloseConnection), which returns it to the pool.
        var connection = await _dataSource.OpenConnectionCoreAsync(async, cancellationToken);
        try
        {
            Volatile.Write(ref _ownConnection, connection);
            return await ExecuteReaderCoreAsync(connection, behavior | CommandBehavior.CloseConnection, async, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static NotSupportedException DataSourceOwnsConnection() => new(
        "A command created by ClickHouseDataSource.CreateCommand leases its own connection for each execution and cannot "
        + "be given one; to run on a connection of your choice, create the command with ClickHouseConnection.CreateCommand.");

    private async ValueTask<ClickHouseDataReader> ExecuteReaderCoreAsync(ClickHouseConnection connection, CommandBehavior behavior, bool async, CancellationToken cancellationToken)
    {
        var connector = connection.Connector;
        LastSummary = null; // the reader fills it in once this execution ends; a rerun must not report the last one
        SentInlineRows = false;
        var inline = string.IsNullOrWhiteSpace(_commandText) ? null : InlineInsert.Find(_commandText);
        if (inline is not null && InlineFormats.IsSupported(inline.Format))
        {
            // Rows written in the SQL: read here and sent as blocks, on every server (docs/sql.md).
            LastSummary = await InlineInsertRunner.RunAsync(
                connector,
                _commandText,
                inline,
                ParameterBinder.Find(_commandText),
                sql => BuildRequest(sql, connector.Revision),
                placeholder => ParameterBinder.DataValue(placeholder, Parameters),
                connection.Settings.InsertBlockSize,
                async,
                cancellationToken);
            SentInlineRows = true;
            return ClickHouseDataReader.Completed(this, connection, connector, behavior);
        }

        var request = BuildRequest(connector.Revision);
        await connector.SendQueryAsync(request, async, cancellationToken);
        var reader = await ClickHouseDataReader.StartAsync(this, connection, connector, behavior, async);
        if (reader.FieldCount > 0 && SqlStatementClassifier.Classify(request.Sql) == SqlStatementEffect.Insert)
        {
            // The server announced the INSERT's columns and now waits for rows as data blocks, but the SQL holds none
            // Ja4Data reads (servers before ClickHouse 21 ignore data written in the SQL). End it with no rows.
            await reader.EndInsertWithoutRowsAsync(async);
            throw new NotSupportedException(inline is null
                ? "The INSERT has no rows after VALUES or FORMAT, so nothing was inserted. Write the rows in the SQL (VALUES (1, 'a'), (2, 'b')), "
                    + "or use ClickHouseConnection.Insert/InsertAsync or CreateBulkWriterAsync."
                : $"The INSERT's data is in the format {inline.Format}, which Ja4Data does not read and this server ignores in the SQL; nothing was inserted. "
                    + $"Write it as {string.Join(", ", InlineFormats.Supported)}, or use ClickHouseConnection.Insert/InsertAsync, CreateBulkWriterAsync, "
                    + "or INSERT ... SELECT FROM a table function.");
        }

        return reader;
    }

    internal QueryRequest BuildRequest(int revision) => BuildRequest(_commandText, revision);

    // A request for text the command sends: its own, or (inline INSERTs) part of it or SQL derived from it.
    private QueryRequest BuildRequest(string commandText, int revision)
    {
        if (string.IsNullOrWhiteSpace(commandText))
        {
            throw new InvalidOperationException("CommandText is empty.");
        }

        var (sql, parameters) = ParameterBinder.Bind(commandText, Parameters, revision);
        return new QueryRequest(sql)
        {
            QueryId = QueryId ?? Guid.NewGuid().ToString(),
            Parameters = parameters,
            Settings = QuerySettings.Count == 0 ? null : QuerySettings.ToDictionary(p => p.Key, p => QueryPacket.SettingText(p.Value), StringComparer.Ordinal),
            OnProgress = Progress,
            Timeout = CommandTimeout == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(CommandTimeout),
        };
    }
}
