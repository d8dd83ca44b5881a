using System.Collections.Concurrent;
using System.Data.Common;
using Ja4Data.Ado;
using Ja4Data.Core;
using Ja4Data.Core.Pooling;
using Ja4Data.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ja4Data;

/// <summary>
/// One ClickHouse server as an application sees it: the settings and the connection pool. Connections and commands
/// created here lease pooled connections. Create one per server and keep it for the application's lifetime (in a
/// .NET service, <c>services.AddJa4Data(...)</c> registers it as a singleton); disposing it closes its pooled
/// connections. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// await using var dataSource = new ClickHouseDataSource(ClickHouseSettings.Load());
/// await using var command = dataSource.CreateCommand("SELECT count() FROM system.tables");
/// var tables = (ulong)(await command.ExecuteScalarAsync())!;
/// </code>
/// </example>
public sealed class ClickHouseDataSource : DbDataSource
{
    // Connections made from a connection string alone share one data source per distinct settings value (ADO.NET
    // connection-string pooling); these live as long as the process.
    private static readonly ConcurrentDictionary<ClickHouseSettings, ClickHouseDataSource> SharedByConnectionString = new();

    private int _disposed;
    private int _warnedAboutPlaintextPassword;

    /// <summary>A data source for <paramref name="settings"/>, which are validated here.</summary>
    /// <param name="settings">Where and how to connect.</param>
    /// <param name="loggerFactory">
    /// Where the data source, its pool and its connections log; <see langword="null"/> logs nothing. In a .NET service
    /// the registration passes the container's factory.
    /// </param>
    /// <exception cref="ClickHouseConfigurationException">A setting is out of range.</exception>
    public ClickHouseDataSource(ClickHouseSettings settings, ILoggerFactory? loggerFactory = null)
        : this(settings, loggerFactory, timeProvider: null)
    {
    }

    /// <param name="settings">Validated here.</param>
    /// <param name="loggerFactory">Kept for the data source's diagnostics; null logs nothing.</param>
    /// <param name="timeProvider">The pool's clock; tests pass a fake one.</param>
    /// <param name="open">Opens physical connections; tests substitute it.</param>
    internal ClickHouseDataSource(ClickHouseSettings settings, ILoggerFactory? loggerFactory, TimeProvider? timeProvider, ConnectorFactory? open = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Pool = new ConnectorPool(settings, timeProvider, WarnOnceAboutPlaintextPassword(open ?? ClickHouseConnector.OpenAsync));
    }

    /// <summary>The settings every connection of this data source uses.</summary>
    public ClickHouseSettings Settings { get; }

    /// <summary>
    /// The settings as a connection string without the password (a data source's connection string tends to end up
    /// in logs and diagnostics) unless <see cref="ClickHouseSettings.PersistSecurityInfo"/> is true;
    /// <see cref="Settings"/> holds the complete values.
    /// </summary>
    public override string ConnectionString => (Settings.PersistSecurityInfo ? Settings : Settings with { Password = string.Empty }).ToConnectionString();

    /// <summary>The factory the data source was given (a null factory when none); the seam diagnostics log through.</summary>
    internal ILoggerFactory LoggerFactory { get; }

    internal ConnectorPool Pool { get; }

    /// <summary>A data source for a connection string (see <see cref="ClickHouseConnectionStringBuilder"/>).</summary>
    /// <exception cref="ClickHouseConfigurationException">A key is unknown or a value is malformed.</exception>
    public static ClickHouseDataSource Create(string connectionString) =>
        new(ClickHouseSettings.FromConnectionString(connectionString));

    /// <summary>A closed connection that leases from this data source's pool when opened.</summary>
    public new ClickHouseConnection CreateConnection() => new(this);

    /// <summary>An open connection leased from the pool; disposing it returns it.</summary>
    /// <exception cref="ClickHouseException">The server cannot be reached or the pool is exhausted.</exception>
    public new ClickHouseConnection OpenConnection() => SyncCompletion.Result(OpenConnectionCoreAsync(async: false, CancellationToken.None));

    /// <summary>An open connection leased from the pool; disposing it returns it.</summary>
    /// <exception cref="ClickHouseException">The server cannot be reached or the pool is exhausted.</exception>
    public new ValueTask<ClickHouseConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        OpenConnectionCoreAsync(async: true, cancellationToken);

    /// <summary>
    /// A command that leases a connection for each execution and returns it when the execution ends (when its reader
    /// is closed, for <c>ExecuteReader</c>). Its <see cref="ClickHouseCommand.Connection"/> cannot be set.
    /// </summary>
    public new ClickHouseCommand CreateCommand(string? commandText = null) => new(this, commandText);

    /// <summary>Closes every idle pooled connection now and each leased one when it comes back; later opens connect anew.</summary>
    public void Clear() => Pool.Clear();

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => CreateConnection();

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection() => OpenConnection();

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        await OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand(string? commandText = null) => CreateCommand(commandText);

    /// <summary>Closes the pooled connections; leased ones close when returned. Later opens fail.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposePool();
        }

        base.Dispose(disposing);
    }

    /// <summary>Closes the pooled connections, as <see cref="Dispose(bool)"/> does.</summary>
    protected override async ValueTask DisposeAsyncCore()
    {
        DisposePool();
        await base.DisposeAsyncCore();
    }

    /// <summary>The process-wide data source for connections made from these settings alone.</summary>
    internal static ClickHouseDataSource For(ClickHouseSettings settings) =>
        SharedByConnectionString.GetOrAdd(settings, static s => new ClickHouseDataSource(s));

    /// <summary>Closes the idle connections of every data source shared by connection string.</summary>
    internal static void ClearShared()
    {
        foreach (var source in SharedByConnectionString.Values)
        {
            source.Clear();
        }
    }

    // Once only: a container disposes the instance under each service type it was registered as.
    private void DisposePool()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Pool.Dispose();
        }
    }

    // The first connection that sent the password unencrypted to a non-loopback address logs a warning; later ones of
    // the same data source stay quiet (a pool opens many connections, and one warning per deployment is the point).
    private ConnectorFactory WarnOnceAboutPlaintextPassword(ConnectorFactory open)
    {
        if (Settings.Secure || Settings.Password.Length == 0)
        {
            return open;
        }

        return async (settings, async, cancellationToken) =>
        {
            var connector = await open(settings, async, cancellationToken);
            if (connector.SentPasswordInPlainText && Interlocked.Exchange(ref _warnedAboutPlaintextPassword, 1) == 0)
            {
                DataSourceLog.PlaintextPassword(
                    LoggerFactory.CreateLogger<ClickHouseDataSource>(), settings.User, $"{settings.Host}:{settings.Port}", $"{connector.RemoteAddress}");
            }

            return connector;
        };
    }

    /// <summary>A new connection, open; disposed again when opening fails.</summary>
    internal async ValueTask<ClickHouseConnection> OpenConnectionCoreAsync(bool async, CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenCoreAsync(async, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
