using Microsoft.Extensions.Logging;

namespace Ja4Data.Ado;

/// <summary>The log messages of a <see cref="ClickHouseDataSource"/>, with stable event ids.</summary>
internal static partial class DataSourceLog
{
    [LoggerMessage(
        EventId = 1001,
        EventName = "PlaintextPassword",
        Level = LogLevel.Warning,
        Message = "The password of ClickHouse user '{User}' is sent unencrypted to {Endpoint} ({Address}), which is not a loopback "
            + "address: anyone on the network path can read it. Set Secure=true (CLICKHOUSE_SECURE, port 9440) to send it over TLS. "
            + "Logged once per data source.")]
    public static partial void PlaintextPassword(ILogger logger, string user, string endpoint, string address);
}
