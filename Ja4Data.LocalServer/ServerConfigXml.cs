using System.Globalization;
using System.Xml.Linq;

namespace Ja4Data.LocalServer;

/// <summary>
/// Writes the <c>config.xml</c> and <c>users.xml</c> of a local server. The element set is what ClickHouse 18.16
/// understands (root <c>yandex</c>, which current releases still accept); everything is kept small because many
/// fault tests start a server each.
/// </summary>
internal static class ServerConfigXml
{
    /// <summary>The user that logs in with a password; see <see cref="TestPassword"/>.</summary>
    public const string PasswordUser = "ja4_test";

    private const string LegacyRoot = "yandex";
    private static readonly string[] LoopbackNetworks = ["127.0.0.1", "::1"];

    /// <summary>Writes both files; a <paramref name="seat"/> makes the server a node of a local cluster.</summary>
    public static void Write(ServerLayout layout, ServerPorts ports, string passwordSha256Hex, ClusterSeat? seat = null)
    {
        var config = BuildConfig(layout, ports);
        var users = BuildUsers(passwordSha256Hex);
        if (seat is not null)
        {
            config.Add(ClusterConfigXml.ConfigElements(seat, ports));
            users.Element("profiles")!.Element("default")!.Add(ClusterConfigXml.ProfileSettings());
        }

        Save(config, layout.ConfigFile);
        Save(users, layout.UsersFile);
    }

    /// <summary>The <c>ja4_test</c> user element, also mounted into containers.</summary>
    public static XElement PasswordUserElement(string passwordSha256Hex, IEnumerable<string> networks) =>
        new(
            PasswordUser,
            new XElement("password_sha256_hex", passwordSha256Hex),
            Networks(networks),
            new XElement("profile", "default"),
            new XElement("quota", "default"));

    private static XElement BuildConfig(ServerLayout layout, ServerPorts ports)
    {
        var root = new XElement(
            LegacyRoot,
            new XElement(
                "logger",
                new XElement("level", "information"),
                new XElement("log", layout.ServerLog),
                new XElement("errorlog", layout.ErrorLog),
                new XElement("size", "100M"),
                new XElement("count", 1)),
            new XElement("listen_host", "127.0.0.1"),
            new XElement("tcp_port", Invariant(ports.Tcp)),
            new XElement("http_port", Invariant(ports.Http)),
            // ClickHouse requires the trailing slash on every path setting.
            new XElement("path", DirectoryPath(layout.DataDirectory)),
            new XElement("tmp_path", DirectoryPath(Path.Combine(layout.DataDirectory, "tmp"))),
            new XElement("user_files_path", DirectoryPath(Path.Combine(layout.DataDirectory, "user_files"))),
            new XElement("format_schema_path", DirectoryPath(Path.Combine(layout.DataDirectory, "format_schemas"))),
            new XElement("users_config", layout.UsersFile),
            new XElement("default_profile", "default"),
            new XElement("default_database", "default"),
            // Fixed so that DateTime tests do not depend on the machine's zone.
            new XElement("timezone", "UTC"),
            new XElement("max_connections", 1024),
            new XElement("max_concurrent_queries", 100),
            new XElement("keep_alive_timeout", 3),
            // The packaged defaults (8 GiB / 5 GiB) are sized for production, not for several servers per test run.
            new XElement("uncompressed_cache_size", 256L * 1024 * 1024),
            new XElement("mark_cache_size", 256L * 1024 * 1024),
            new XElement("mlock_executable", "false"));

        if (ports.Tls is { } tlsPort)
        {
            root.Add(
                new XElement("tcp_port_secure", Invariant(tlsPort)),
                new XElement(
                    "openSSL",
                    new XElement(
                        "server",
                        new XElement("certificateFile", layout.ServerCertificate),
                        new XElement("privateKeyFile", layout.ServerKey),
                        // Clients are not asked for certificates; the server proves itself, that is all tests need.
                        new XElement("verificationMode", "none"),
                        new XElement("loadDefaultCAFile", "false"),
                        new XElement("cacheSessions", "true"),
                        new XElement("disableProtocols", "sslv2,sslv3,tlsv1,tlsv1_1"),
                        new XElement("preferServerCiphers", "true"))));
        }

        return root;
    }

    private static XElement BuildUsers(string passwordSha256Hex) =>
        new(
            LegacyRoot,
            new XElement(
                "profiles",
                new XElement(
                    "default",
                    new XElement("max_memory_usage", 4_000_000_000L),
                    new XElement("use_uncompressed_cache", 0),
                    new XElement("load_balancing", "random"),
                    new XElement("log_queries", 0),
                    // Fewer merge threads than the default 16: the machines running tests have few cores.
                    new XElement("background_pool_size", 4))),
            new XElement(
                "users",
                new XElement(
                    "default",
                    new XElement("password", string.Empty),
                    Networks(LoopbackNetworks),
                    new XElement("profile", "default"),
                    new XElement("quota", "default")),
                PasswordUserElement(passwordSha256Hex, LoopbackNetworks)),
            new XElement(
                "quotas",
                new XElement(
                    "default",
                    new XElement(
                        "interval",
                        new XElement("duration", 3600),
                        new XElement("queries", 0),
                        new XElement("errors", 0),
                        new XElement("result_rows", 0),
                        new XElement("read_rows", 0),
                        new XElement("execution_time", 0)))));

    private static XElement Networks(IEnumerable<string> networks) =>
        new("networks", networks.Select(ip => new XElement("ip", ip)));

    private static string DirectoryPath(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Save(XElement root, string file) =>
        new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(file);
}
