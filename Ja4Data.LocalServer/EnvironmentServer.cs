using System.Globalization;

namespace Ja4Data.LocalServer;

/// <summary>Reads a server to test against from <c>CLICKHOUSE_TEST_*</c> environment variables.</summary>
internal static class EnvironmentServer
{
    public const string HostVariable = "CLICKHOUSE_TEST_HOST";
    public const string PortVariable = "CLICKHOUSE_TEST_PORT";
    public const string UserVariable = "CLICKHOUSE_TEST_USER";
    public const string PasswordVariable = "CLICKHOUSE_TEST_PASSWORD";
    public const string HttpPortVariable = "CLICKHOUSE_TEST_HTTP_PORT";
    public const string TlsPortVariable = "CLICKHOUSE_TEST_TLS_PORT";
    public const string CaCertificateVariable = "CLICKHOUSE_TEST_CA_CERTIFICATE";

    /// <summary>
    /// The endpoint described by the variables, or <see langword="null"/> when neither host nor port is set. Missing
    /// parts take ClickHouse's defaults (127.0.0.1, 9000, HTTP 8123, user <c>default</c>, no password, no TLS).
    /// </summary>
    /// <exception cref="InvalidOperationException">A port variable is not a port number (the message names it).</exception>
    public static ClickHouseEndpoint? Read(Func<string, string?> getVariable)
    {
        var host = NonEmpty(getVariable(HostVariable));
        var port = NonEmpty(getVariable(PortVariable));
        if (host is null && port is null)
        {
            return null;
        }

        return new ClickHouseEndpoint(
            host ?? "127.0.0.1",
            ParsePort(PortVariable, port) ?? 9000,
            NonEmpty(getVariable(UserVariable)) ?? "default",
            getVariable(PasswordVariable) ?? string.Empty,
            ParsePort(TlsPortVariable, NonEmpty(getVariable(TlsPortVariable))),
            NonEmpty(getVariable(CaCertificateVariable)),
            ParsePort(HttpPortVariable, NonEmpty(getVariable(HttpPortVariable))) ?? 8123);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int? ParsePort(string variable, string? value)
    {
        if (value is null)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"{variable} must be a TCP port number (1-65535), not '{value}'.");
    }
}
