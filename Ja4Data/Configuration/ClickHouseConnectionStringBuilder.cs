using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Ja4Data.Configuration;

namespace Ja4Data;

/// <summary>
/// Builds and reads ClickHouse connection strings such as <c>Host=ch1;Port=9440;Secure=true;User=etl;Password=...</c>
/// or, for a cluster, <c>Host=ch1:9000,ch2,ch3:9440;LoadBalancing=round_robin</c>.
/// Keys are the <see cref="ClickHouseSettings"/> property names, case-insensitive, plus the aliases <c>Server</c>
/// (Host), <c>Username</c>/<c>User Id</c>/<c>UID</c> (User), <c>Pwd</c> (Password) and <c>Timeout</c>/<c>Connect
/// Timeout</c> (ConnectTimeout) and <c>Persist Security Info</c> (PersistSecurityInfo). Durations are seconds
/// (<c>ConnectTimeout=2.5</c>).
/// </summary>
/// <remarks>
/// Unknown keys and malformed values are rejected when set, with a <see cref="ClickHouseConfigurationException"/>:
/// a malformed value's error names its key, an unknown key is never shown (it may be a piece of an unquoted password).
/// <see cref="DbConnectionStringBuilder.ConnectionString"/> stays complete so it round-trips; <see cref="ToString"/>
/// masks the password. Keys not present read as their defaults, never as environment variables.
/// </remarks>
[SuppressMessage(
    "Design",
    "CA1010:Generic interface should also be implemented",
    Justification = "The collection shape is DbConnectionStringBuilder's; ADO.NET callers use it as such.")]
public sealed class ClickHouseConnectionStringBuilder : DbConnectionStringBuilder
{
    // An unknown key is never echoed: "Password=a;b=c" yields the key "b", a piece of the password, and no rule on the
    // key's characters can tell such a piece from a misspelt key ("Password=a;Hots=c" looks like a typo of Host).
    private const string UnknownKey = "A connection string key is not a ClickHouse setting (the key is not shown: it may "
        + "be a piece of an unquoted value such as a password; put a value that contains ';' in double quotes, doubling "
        + "any '\"' inside).";

    /// <summary>An empty builder: every property has its default.</summary>
    public ClickHouseConnectionStringBuilder()
    {
    }

    /// <summary>A builder holding the keys of <paramref name="connectionString"/>.</summary>
    /// <exception cref="ClickHouseConfigurationException">
    /// The string is malformed, has an unknown key or a bad value.
    /// </exception>
    public ClickHouseConnectionStringBuilder(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        try
        {
            ConnectionString = connectionString;
        }
        catch (ArgumentException ex)
        {
            // The framework's message gives only a character index, never the text, so it is safe to pass on.
            throw new ClickHouseConfigurationException(
                $"The connection string is malformed: {ex.Message} Expected key=value pairs separated by ';'; quote "
                + "values that contain ';', '=' or quotes.",
                ex);
        }
    }

    /// <summary>A builder holding every value of <paramref name="settings"/> that differs from the default.</summary>
    /// <exception cref="ClickHouseConfigurationException">
    /// A value of <paramref name="settings"/> is out of range.
    /// </exception>
    public ClickHouseConnectionStringBuilder(ClickHouseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var setting in ClickHouseSettingCatalog.All)
        {
            if (setting.IsSet(settings))
            {
                setting.Validate(settings);
                base[setting.Name] = setting.Format(settings);
            }
        }
    }

    /// <summary>
    /// The canonical text of the value for <paramref name="keyword"/> (a key or alias), its default when absent.
    /// Setting checks and normalizes the value; null removes the key.
    /// </summary>
    /// <exception cref="ClickHouseConfigurationException">The key is unknown or the value malformed.</exception>
    [AllowNull]
    public override object this[string keyword]
    {
        get
        {
            var setting = Resolve(keyword);
            return base.TryGetValue(setting.Name, out var value) ? value : setting.Format(Draft());
        }

        set
        {
            var setting = Resolve(keyword);
            if (value is null)
            {
                base.Remove(setting.Name);
            }
            else
            {
                base[setting.Name] = setting.Normalize(value, Label(keyword, setting));
            }
        }
    }

    /// <inheritdoc cref="ClickHouseSettings.Host" />
    public string Host { get => Draft().Host; set => this[nameof(Host)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.Port" />
    public int Port { get => Draft().Port; set => this[nameof(Port)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.Database" />
    public string Database { get => Draft().Database; set => this[nameof(Database)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.User" />
    public string User { get => Draft().User; set => this[nameof(User)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.Password" />
    public string Password { get => Draft().Password; set => this[nameof(Password)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.DbLogs" />
    public string DbLogs { get => Draft().DbLogs; set => this[nameof(DbLogs)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.DbProcessing" />
    public string DbProcessing { get => Draft().DbProcessing; set => this[nameof(DbProcessing)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.Secure" />
    public bool Secure { get => Draft().Secure; set => this[nameof(Secure)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.TlsCaCertificatePath" />
    public string? TlsCaCertificatePath
    {
        get => Draft().TlsCaCertificatePath;
        set => this[nameof(TlsCaCertificatePath)] = value;
    }

    /// <inheritdoc cref="ClickHouseSettings.TlsCheckRevocation" />
    public ClickHouseTlsRevocationCheck TlsCheckRevocation
    {
        get => Draft().TlsCheckRevocation;
        set => this[nameof(TlsCheckRevocation)] = value;
    }

    /// <inheritdoc cref="ClickHouseSettings.Compression" />
    public ClickHouseCompression Compression { get => Draft().Compression; set => this[nameof(Compression)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.ConnectTimeout" />
    public TimeSpan ConnectTimeout { get => Draft().ConnectTimeout; set => this[nameof(ConnectTimeout)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.CommandTimeout" />
    public TimeSpan CommandTimeout { get => Draft().CommandTimeout; set => this[nameof(CommandTimeout)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.PoolMaxSize" />
    public int PoolMaxSize { get => Draft().PoolMaxSize; set => this[nameof(PoolMaxSize)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.PoolMinSize" />
    public int PoolMinSize { get => Draft().PoolMinSize; set => this[nameof(PoolMinSize)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.PoolAcquireTimeout" />
    public TimeSpan PoolAcquireTimeout
    {
        get => Draft().PoolAcquireTimeout;
        set => this[nameof(PoolAcquireTimeout)] = value;
    }

    /// <inheritdoc cref="ClickHouseSettings.PoolIdleTimeout" />
    public TimeSpan PoolIdleTimeout { get => Draft().PoolIdleTimeout; set => this[nameof(PoolIdleTimeout)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.PoolValidateAfterIdle" />
    public TimeSpan PoolValidateAfterIdle
    {
        get => Draft().PoolValidateAfterIdle;
        set => this[nameof(PoolValidateAfterIdle)] = value;
    }

    /// <inheritdoc cref="ClickHouseSettings.PoolConnectionLifetime" />
    public TimeSpan PoolConnectionLifetime
    {
        get => Draft().PoolConnectionLifetime;
        set => this[nameof(PoolConnectionLifetime)] = value;
    }

    /// <inheritdoc cref="ClickHouseSettings.RetryMaxAttempts" />
    public int RetryMaxAttempts { get => Draft().RetryMaxAttempts; set => this[nameof(RetryMaxAttempts)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.RetryBaseDelay" />
    public TimeSpan RetryBaseDelay { get => Draft().RetryBaseDelay; set => this[nameof(RetryBaseDelay)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.RetryMaxDelay" />
    public TimeSpan RetryMaxDelay { get => Draft().RetryMaxDelay; set => this[nameof(RetryMaxDelay)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.RetryTimeout" />
    public TimeSpan RetryTimeout { get => Draft().RetryTimeout; set => this[nameof(RetryTimeout)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.InsertBlockSize" />
    public int InsertBlockSize { get => Draft().InsertBlockSize; set => this[nameof(InsertBlockSize)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.MaxBlockBytes" />
    public long MaxBlockBytes { get => Draft().MaxBlockBytes; set => this[nameof(MaxBlockBytes)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.TraceQueryText" />
    public bool TraceQueryText { get => Draft().TraceQueryText; set => this[nameof(TraceQueryText)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.SlowStatementThreshold" />
    public TimeSpan SlowStatementThreshold { get => Draft().SlowStatementThreshold; set => this[nameof(SlowStatementThreshold)] = value; }
    /// <inheritdoc cref="ClickHouseSettings.PersistSecurityInfo" />
    public bool PersistSecurityInfo { get => Draft().PersistSecurityInfo; set => this[nameof(PersistSecurityInfo)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.ClientName" />
    public string ClientName { get => Draft().ClientName; set => this[nameof(ClientName)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.LoadBalancing" />
    public ClickHouseLoadBalancing LoadBalancing { get => Draft().LoadBalancing; set => this[nameof(LoadBalancing)] = value; }

    /// <inheritdoc cref="ClickHouseSettings.HostRecheckInterval" />
    public TimeSpan HostRecheckInterval
    {
        get => Draft().HostRecheckInterval;
        set => this[nameof(HostRecheckInterval)] = value;
    }

    /// <inheritdoc cref="ClickHouseSettings.InsertRetryDeduplicated" />
    public bool InsertRetryDeduplicated
    {
        get => Draft().InsertRetryDeduplicated;
        set => this[nameof(InsertRetryDeduplicated)] = value;
    }

    /// <inheritdoc cref="ClickHouseSettings.Cluster" />
    public string Cluster { get => Draft().Cluster; set => this[nameof(Cluster)] = value; }

    /// <summary>The settings these keys describe (defaults for absent keys), validated.</summary>
    /// <exception cref="ClickHouseConfigurationException">
    /// The values contradict each other (see <see cref="ClickHouseSettings.Validate"/>).
    /// </exception>
    public ClickHouseSettings ToSettings()
    {
        var settings = Draft();
        settings.Validate();
        return settings;
    }

    /// <inheritdoc />
    public override bool ContainsKey(string keyword) =>
        ClickHouseSettingCatalog.Find(keyword) is { } setting && base.ContainsKey(setting.Name);

    /// <inheritdoc />
    public override bool Remove(string keyword) =>
        ClickHouseSettingCatalog.Find(keyword) is { } setting && base.Remove(setting.Name);

    /// <inheritdoc />
    public override bool ShouldSerialize(string keyword) =>
        ClickHouseSettingCatalog.Find(keyword) is { } setting && base.ShouldSerialize(setting.Name);

    /// <inheritdoc />
    public override bool TryGetValue(string keyword, [NotNullWhen(true)] out object? value)
    {
        value = null;
        return ClickHouseSettingCatalog.Find(keyword) is { } setting && base.TryGetValue(setting.Name, out value);
    }

    /// <summary>The connection string with the password replaced by <c>***</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var setting in ClickHouseSettingCatalog.All)
        {
            if (base.TryGetValue(setting.Name, out var value))
            {
                var shown = setting.IsSecret && value is string { Length: > 0 } ? "***" : (string)value;
                AppendKeyValuePair(text, setting.Name, shown);
            }
        }

        return text.ToString();
    }

    // DbConnectionStringBuilder lower-cases keys it parses, so an alias is shown with its canonical name.
    private static string Label(string keyword, IClickHouseSetting setting) =>
        string.Equals(keyword, setting.Name, StringComparison.OrdinalIgnoreCase)
            ? $"Connection string key '{setting.Name}'"
            : $"Connection string key '{keyword}' ({setting.Name})";

    private static IClickHouseSetting Resolve(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return ClickHouseSettingCatalog.Find(keyword) ?? throw new ClickHouseConfigurationException(
            $"{UnknownKey} Valid keys: {ClickHouseSettingCatalog.ValidKeys}.");
    }

    /// <summary>
    /// <paramref name="settings"/> with the values of the keys present here, not validated (a connection string
    /// layered over other settings).
    /// </summary>
    internal ClickHouseSettings ApplyTo(ClickHouseSettings settings)
    {
        // Stored values are canonical and were checked when set, so parsing them back cannot fail.
        foreach (var setting in ClickHouseSettingCatalog.All)
        {
            if (base.TryGetValue(setting.Name, out var value))
            {
                settings = setting.Apply(settings, (string)value, setting.Name);
            }
        }

        return settings;
    }

    private ClickHouseSettings Draft() => ApplyTo(new ClickHouseSettings());
}
