using System.Collections.Frozen;
using E = Ja4Data.ClickHouseEnvironmentVariables;
using S = Ja4Data.ClickHouseSettings;

namespace Ja4Data.Configuration;

/// <summary>
/// The one table of ClickHouse settings: names, environment variables, connection-string aliases and rules.
/// Adding a property to <see cref="ClickHouseSettings"/> means adding its row here.
/// </summary>
internal static class ClickHouseSettingCatalog
{
    public static IReadOnlyList<IClickHouseSetting> All { get; } =
    [
        Row(nameof(S.Host), E.Host, SettingKinds.HostName, s => s.Host, (s, v) => s with { Host = v }, "Server"),
        new ClickHouseSetting<int>(
            nameof(S.Port), E.Port, SettingKinds.Integer(1, 65535), s => s.Port, (s, v) => s with { Port = v },
            isSet: s => s.IsPortExplicit),
        Row(nameof(S.Database), E.Database, SettingKinds.DatabaseName, s => s.Database, (s, v) => s with { Database = v }),
        Row(
            nameof(S.User), E.User, SettingKinds.NonEmptyText, s => s.User, (s, v) => s with { User = v },
            "Username", "User Id", "UID"),
        new ClickHouseSetting<string>(
            nameof(S.Password), E.Password, SettingKinds.AnyText, s => s.Password, (s, v) => s with { Password = v },
            ["Pwd"], isSecret: true),
        Row(nameof(S.DbLogs), E.DbLogs, SettingKinds.DatabaseName, s => s.DbLogs, (s, v) => s with { DbLogs = v }),
        Row(
            nameof(S.DbProcessing), E.DbProcessing, SettingKinds.DatabaseName,
            s => s.DbProcessing, (s, v) => s with { DbProcessing = v }),
        Row(nameof(S.Secure), E.Secure, SettingKinds.Boolean, s => s.Secure, (s, v) => s with { Secure = v }),
        Row(
            nameof(S.TlsCaCertificatePath), E.TlsCaFile, SettingKinds.OptionalPath,
            s => s.TlsCaCertificatePath, (s, v) => s with { TlsCaCertificatePath = v }),
        Row(
            nameof(S.TlsCheckRevocation), E.TlsCheckRevocation, SettingKinds.RevocationCheck,
            s => s.TlsCheckRevocation, (s, v) => s with { TlsCheckRevocation = v }),
        Row(
            nameof(S.Compression), E.Compression, SettingKinds.Compression,
            s => s.Compression, (s, v) => s with { Compression = v }),
        Row(
            nameof(S.ConnectTimeout), E.ConnectTimeout, SettingKinds.Seconds(),
            s => s.ConnectTimeout, (s, v) => s with { ConnectTimeout = v }, "Timeout", "Connect Timeout"),
        Row(
            nameof(S.CommandTimeout), E.CommandTimeout, SettingKinds.Seconds("no limit"),
            s => s.CommandTimeout, (s, v) => s with { CommandTimeout = v }),
        Row(
            nameof(S.PoolMaxSize), E.PoolMaxSize, SettingKinds.Integer(1, 4096),
            s => s.PoolMaxSize, (s, v) => s with { PoolMaxSize = v }),
        Row(
            nameof(S.PoolMinSize), E.PoolMinSize, SettingKinds.Integer(0, 4096),
            s => s.PoolMinSize, (s, v) => s with { PoolMinSize = v }),
        Row(
            nameof(S.PoolAcquireTimeout), E.PoolAcquireTimeout, SettingKinds.Seconds(),
            s => s.PoolAcquireTimeout, (s, v) => s with { PoolAcquireTimeout = v }),
        Row(
            nameof(S.PoolIdleTimeout), E.PoolIdleTimeout, SettingKinds.Seconds(),
            s => s.PoolIdleTimeout, (s, v) => s with { PoolIdleTimeout = v }),
        Row(
            nameof(S.PoolValidateAfterIdle), E.PoolValidateAfter, SettingKinds.Seconds("ping before every lease"),
            s => s.PoolValidateAfterIdle, (s, v) => s with { PoolValidateAfterIdle = v }),
        Row(
            nameof(S.PoolConnectionLifetime), E.PoolConnectionLifetime, SettingKinds.Seconds("unlimited"),
            s => s.PoolConnectionLifetime, (s, v) => s with { PoolConnectionLifetime = v }),
        Row(
            nameof(S.RetryMaxAttempts), E.RetryMaxAttempts, SettingKinds.Integer(0, 100),
            s => s.RetryMaxAttempts, (s, v) => s with { RetryMaxAttempts = v }),
        Row(
            nameof(S.RetryBaseDelay), E.RetryBaseDelay, SettingKinds.Seconds(),
            s => s.RetryBaseDelay, (s, v) => s with { RetryBaseDelay = v }),
        Row(
            nameof(S.RetryMaxDelay), E.RetryMaxDelay, SettingKinds.Seconds(),
            s => s.RetryMaxDelay, (s, v) => s with { RetryMaxDelay = v }),
        Row(
            nameof(S.RetryTimeout), E.RetryTimeout, SettingKinds.Seconds(),
            s => s.RetryTimeout, (s, v) => s with { RetryTimeout = v }),
        Row(
            nameof(S.InsertBlockSize), E.InsertBlockSize, SettingKinds.Integer(1, 100_000_000),
            s => s.InsertBlockSize, (s, v) => s with { InsertBlockSize = v }),
        Row(
            nameof(S.MaxBlockBytes), E.MaxBlockBytes, SettingKinds.Bytes(1L << 20, 16L << 30),
            s => s.MaxBlockBytes, (s, v) => s with { MaxBlockBytes = v }),
        Row(
            nameof(S.PersistSecurityInfo), E.PersistSecurityInfo, SettingKinds.Boolean,
            s => s.PersistSecurityInfo, (s, v) => s with { PersistSecurityInfo = v }, "Persist Security Info"),
        Row(
            nameof(S.ClientName), E.ClientName, SettingKinds.NonEmptyText,
            s => s.ClientName, (s, v) => s with { ClientName = v }),
        Row(nameof(S.Cluster), E.Cluster, SettingKinds.OptionalIdentifier, s => s.Cluster, (s, v) => s with { Cluster = v }),
    ];

    private static readonly FrozenDictionary<string, IClickHouseSetting> ByKey = All
        .SelectMany(setting => setting.Aliases.Prepend(setting.Name).Select(key => KeyValuePair.Create(key, setting)))
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>"Host, Port, ... (aliases: Server, ...)", for messages about unknown keys.</summary>
    public static string ValidKeys { get; } =
        string.Join(", ", All.Select(setting => setting.Name))
        + " (aliases: " + string.Join(", ", All.SelectMany(setting => setting.Aliases)) + ")";

    /// <summary>The setting for a connection-string key or alias, ignoring case; null when there is none.</summary>
    public static IClickHouseSetting? Find(string key) => ByKey.GetValueOrDefault(key);

    private static ClickHouseSetting<T> Row<T>(
        string name,
        string environmentVariable,
        SettingKind<T> kind,
        Func<ClickHouseSettings, T> get,
        Func<ClickHouseSettings, T, ClickHouseSettings> with,
        params string[] aliases) =>
        new(name, environmentVariable, kind, get, with, aliases);
}
