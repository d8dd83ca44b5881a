using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Ja4Data.Core;
using Ja4Data.Protocol;

namespace Ja4Data;

/// <summary>
/// A connection to ClickHouse over the native protocol. Opening leases a physical connection from the pool of its
/// <see cref="ClickHouseDataSource"/> (connections made from a connection string or settings alone share one pool per
/// distinct settings value); closing or disposing returns it. One statement runs at a time per connection.
/// </summary>
public sealed partial class ClickHouseConnection : DbConnection
{
    private ClickHouseDataSource? _dataSource;
    private ClickHouseSettings _settings;
    private string _connectionString;
    private ClickHouseConnector? _connector;
    private ConnectionState _state = ConnectionState.Closed;

    /// <summary>Creates a closed connection with default settings (set <see cref="ConnectionString"/> before opening).</summary>
    public ClickHouseConnection()
        : this(new ClickHouseSettings())
    {
    }

    /// <summary>Creates a closed connection from a connection string (keys: Host, Port, Database, User, Password, Compression, Secure...).</summary>
    public ClickHouseConnection(string connectionString)
    {
        _settings = ClickHouseSettings.FromConnectionString(connectionString);
        _connectionString = connectionString;
    }

    /// <summary>Creates a closed connection from settings (for example <see cref="ClickHouseSettings.Load(string?)"/>).</summary>
    public ClickHouseConnection(ClickHouseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _connectionString = settings.ToConnectionString();
    }

    /// <summary>A connection of <paramref name="dataSource"/> (<see cref="ClickHouseDataSource.CreateConnection"/>).</summary>
    internal ClickHouseConnection(ClickHouseDataSource dataSource)
        : this(dataSource.Settings)
    {
        _dataSource = dataSource;
    }

    /// <summary>The settings this connection uses.</summary>
    public ClickHouseSettings Settings => _settings;

    /// <summary>
    /// The connection string. Once the connection has been opened it no longer holds the password (the ADO.NET
    /// convention, so a connection handed to other code or logged does not give the password away), unless
    /// <see cref="ClickHouseSettings.PersistSecurityInfo"/> is true; reopening still uses the password.
    /// </summary>
    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (_state != ConnectionState.Closed)
            {
                throw new InvalidOperationException("The connection string cannot change while the connection is open.");
            }

            _settings = ClickHouseSettings.FromConnectionString(value ?? string.Empty);
            _connectionString = value ?? string.Empty;
            _dataSource = null;
        }
    }

    /// <inheritdoc />
    public override string Database => _settings.Database;

    /// <summary>Host and port of the server.</summary>
    public override string DataSource => $"{_settings.Host}:{_settings.Port}";

    /// <summary>The server's version (for example 18.16.1), once open.</summary>
    public override string ServerVersion => Connector.Server.Version;

    /// <summary>The protocol revision both sides speak: min(client, server).</summary>
    public int ServerRevision => Connector.Revision;

    /// <summary>The server's timezone, used for DateTime values that carry none.</summary>
    public string ServerTimezone => Connector.ServerTimezone;

    /// <inheritdoc />
    public override ConnectionState State => _connector?.IsBroken == true ? ConnectionState.Broken : _state;

    /// <inheritdoc />
    public override int ConnectionTimeout => (int)Math.Ceiling(_settings.ConnectTimeout.TotalSeconds);

    internal ClickHouseConnector Connector => _connector ?? throw new InvalidOperationException("The connection is not open; call Open() or OpenAsync() first.");

    /// <summary>The leased connector while open, else null (for cancelling, which must not throw when nothing runs).</summary>
    internal ClickHouseConnector? OpenConnector => _connector;

    internal ClickHouseDataSource DataSourceInstance => _dataSource ??= ClickHouseDataSource.For(_settings);

    /// <inheritdoc />
    public override void Open() => SyncCompletion.Wait(OpenCoreAsync(async: false, CancellationToken.None));

    /// <inheritdoc />
    public override Task OpenAsync(CancellationToken cancellationToken) => OpenCoreAsync(async: true, cancellationToken).AsTask();

    internal async ValueTask OpenCoreAsync(bool async, CancellationToken cancellationToken)
    {
        if (_state == ConnectionState.Open)
        {
            throw new InvalidOperationException("The connection is already open.");
        }

        _state = ConnectionState.Connecting;
        try
        {
            _connector = await DataSourceInstance.Pool.RentAsync(async, cancellationToken);
            _state = ConnectionState.Open;
            if (!_settings.PersistSecurityInfo && _settings.Password.Length > 0)
            {
                _connectionString = (_settings with { Password = string.Empty }).ToConnectionString();
            }
        }
        catch
        {
            _state = ConnectionState.Closed;
            throw;
        }

        OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
    }

    /// <summary>Verifies the server answers (Ping/Pong) on this connection.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default) => await Connector.PingAsync(async: true, cancellationToken);

    /// <inheritdoc />
    public override void Close()
    {
        if (_connector is { } connector)
        {
            _connector = null;
            if (connector.State == ConnectorState.Busy)
            {
                // A statement is still streaming: its bytes would poison the next user, so drop it.
                connector.Break(new InvalidOperationException("Closed while a statement was running."));
            }

            DataSourceInstance.Pool.Return(connector);
        }

        if (_state != ConnectionState.Closed)
        {
            _state = ConnectionState.Closed;
            OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
        }
    }

    /// <inheritdoc />
    public override Task CloseAsync()
    {
        Close();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    /// <summary>Not supported: the database is fixed at connect time. Open a connection with another Database.</summary>
    public override void ChangeDatabase(string databaseName)
        => throw new NotSupportedException("ClickHouse fixes the database when the connection is made; use a connection whose Database setting names it, or qualify table names.");

    /// <summary>Not supported: ClickHouse has no transactions over the native protocol.</summary>
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
        => throw new NotSupportedException("ClickHouse does not support transactions. Each INSERT block is atomic on its own; see docs/reliability.md on insert semantics.");

    /// <summary>Creates a command bound to this connection.</summary>
    public new ClickHouseCommand CreateCommand() => new() { Connection = this };

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <inheritdoc />
    protected override DbProviderFactory DbProviderFactory => ClickHouseProviderFactory.Instance;

    /// <summary>Closes the idle pooled connections of every connection string; later opens connect anew.</summary>
    public static void ClearAllPools() => ClickHouseDataSource.ClearShared();
}
