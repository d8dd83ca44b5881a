using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Ja4Data.Core;
using Ja4Data.Tests.Configuration;
using Microsoft.Extensions.Logging;

namespace Ja4Data.Tests.Ado;

/// <summary>
/// The password after it was used: an opened connection's connection string drops it (unless PersistSecurityInfo),
/// and a password that crossed a network unencrypted is reported once per data source, without the password.
/// </summary>
[TestFixture]
public sealed class ConnectionSecretsTests
{
    [Test]
    public async Task ConnectionString_OnceOpened_NoLongerHoldsThePassword_AndReopeningStillWorks()
    {
        await using var server = new FakeNativeServer(FakeScripts.HandshakeThenPongs(() => true));
        var connectionString = $"Host=127.0.0.1;Port={server.Port};User=etl;Password=\"{TestSecrets.Password.Replace("\"", "\"\"", StringComparison.Ordinal)}\";RetryMaxAttempts=0";
        await using var connection = new ClickHouseConnection(connectionString);
        var before = connection.ConnectionString;

        await connection.OpenAsync();
        var whileOpen = connection.ConnectionString;
        await connection.CloseAsync();
        var afterClose = connection.ConnectionString;
        await connection.OpenAsync();
        await connection.PingAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(connectionString), "unchanged until opened");
            Assert.That(whileOpen, Does.Not.Contain(TestSecrets.Fragment).And.Not.Contain("Password").And.Contain("User=etl"));
            Assert.That(afterClose, Is.EqualTo(whileOpen), "once opened, for good (the ADO.NET convention)");
            Assert.That(connection.Settings.Password, Is.EqualTo(TestSecrets.Password), "the connection itself keeps it to reconnect");
        });
    }

    [Test]
    public async Task ConnectionString_WithPersistSecurityInfo_KeepsThePassword()
    {
        await using var server = new FakeNativeServer(FakeScripts.HandshakeThenPongs(() => true));
        await using var dataSource = new ClickHouseDataSource(server.Settings() with { Password = TestSecrets.Password, PersistSecurityInfo = true });
        await using var connection = dataSource.CreateConnection();

        await connection.OpenAsync();

        Assert.Multiple(() =>
        {
            Assert.That(new ClickHouseConnectionStringBuilder(connection.ConnectionString).Password, Is.EqualTo(TestSecrets.Password));
            Assert.That(new ClickHouseConnectionStringBuilder(dataSource.ConnectionString).Password, Is.EqualTo(TestSecrets.Password));
            Assert.That(ClickHouseSettings.FromConnectionString("Persist Security Info=true").PersistSecurityInfo, Is.True);
        });
    }

    [TestCase("10.1.2.3", true)]
    [TestCase("192.0.2.2", true)]
    [TestCase("2001:db8::1", true)]
    [TestCase("127.0.0.1", false)]
    [TestCase("127.0.0.2", false)]
    [TestCase("::1", false)]
    [TestCase("::ffff:127.0.0.1", false)]
    [TestCase("::ffff:10.1.2.3", true)]
    public void PasswordTravelsInPlainText_IsDecidedByTheAddressReached(string address, bool exposed)
    {
        var settings = new ClickHouseSettings { Password = "x" };

        Assert.Multiple(() =>
        {
            Assert.That(ClickHouseConnector.PasswordTravelsInPlainText(settings, IPAddress.Parse(address)), Is.EqualTo(exposed));
            Assert.That(ClickHouseConnector.PasswordTravelsInPlainText(settings with { Secure = true }, IPAddress.Parse(address)), Is.False, "TLS");
            Assert.That(ClickHouseConnector.PasswordTravelsInPlainText(settings with { Password = string.Empty }, IPAddress.Parse(address)), Is.False, "no password");
        });
    }

    [Test]
    [Explicit("Listens on this machine's own non-loopback interface; the suite's network tests talk to loopback only.")]
    public async Task PlaintextPasswordToANonLoopbackAddress_WarnsOncePerDataSource_WithoutThePassword()
    {
        // An address of this machine's own network interface: not loopback, yet the bytes never leave the machine.
        var address = OwnInterfaceAddress() ?? throw new IgnoreException("This machine has no non-loopback IPv4 interface to connect to.");
        await using var server = new FakeNativeServer(FakeScripts.HandshakeThenPongs(() => true), address);
        var logs = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var settings = server.Settings() with { Password = TestSecrets.Password };

        await using (var dataSource = new ClickHouseDataSource(settings, loggerFactory))
        {
            // Three connections at once: the pool opens three, the warning comes once.
            var connections = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => dataSource.OpenConnectionAsync().AsTask()));
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }

        await using (var second = new ClickHouseDataSource(settings, loggerFactory))
        {
            await using var connection = await second.OpenConnectionAsync();
        }

        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(server.Accepted, Is.EqualTo(4));
            Assert.That(warnings, Has.Count.EqualTo(2), "one per data source");
            Assert.That(warnings[0].Message, Does.Contain(address.ToString()).And.Contain("CLICKHOUSE_SECURE").And.Contain("'default'"));
            Assert.That(logs.Entries.Select(e => e.Message), Has.None.Contains(TestSecrets.Fragment));
            Assert.That(warnings[0].EventName, Is.EqualTo("PlaintextPassword"));
        });
    }

    [TestCase("x")]
    [TestCase("")]
    public async Task PlaintextPassword_ToLoopback_IsNotWarnedAbout(string password)
    {
        await using var server = new FakeNativeServer(FakeScripts.HandshakeThenPongs(() => true), IPAddress.Loopback);
        var logs = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));

        await using (var dataSource = new ClickHouseDataSource(server.Settings() with { Password = password }, loggerFactory))
        {
            await using var connection = await dataSource.OpenConnectionAsync();
        }

        Assert.That(logs.Entries, Is.Empty);
    }

    private static IPAddress? OwnInterfaceAddress() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    private sealed record LogEntry(LogLevel Level, string? EventName, string Message);

    // The smallest ILoggerProvider that remembers what was logged.
    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Collector(_entries);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => entries.Enqueue(new LogEntry(logLevel, eventId.Name, formatter(state, exception)));
        }
    }
}
