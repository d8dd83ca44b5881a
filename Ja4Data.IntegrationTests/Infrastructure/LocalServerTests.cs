using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ja4Data.LocalServer;

namespace Ja4Data.IntegrationTests.Infrastructure;

/// <summary>
/// The test-server plumbing itself: the shared server answers, and a private <see cref="LocalClickHouseServer"/> can be
/// killed, paused, restarted and run twice. Talks to servers over raw TCP, TLS and HTTP so that these tests do not
/// depend on the library they exist to test.
/// </summary>
[TestFixture]
public sealed class LocalServerTests
{
    // currentUser() is newer than 18.16; the query finds itself in system.processes by the marker it contains.
    private const string WhoAmI = "SELECT user FROM system.processes WHERE query LIKE '%whoami_marker%'";
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(30);

    // One private server for the checks that change nothing (users, TLS); fault tests start their own.
    private LocalClickHouseServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        var started = Stopwatch.StartNew();
        _server = await TestServer.StartPrivateAsync();
        await TestContext.Progress.WriteLineAsync($"LocalClickHouseServer.StartAsync took {started.ElapsedMilliseconds} ms");
    }

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [TestCase("shared server")]
    [TestCase("password endpoint")]
    public async Task NativePort_RightLogin_AnswersClickHouseHello(string server)
    {
        var endpoint = server == "shared server" ? TestServer.Endpoint : _server.PasswordEndpoint;

        var reply = await NativeHello.ExchangeAsync(endpoint);

        Assert.That(reply, Is.EqualTo((NativeHello.ServerHelloPacket, "ClickHouse")));
    }

    [Test]
    public async Task SharedServer_HttpPing_ReturnsOk()
    {
        var endpoint = TestServer.Endpoint;
        Assert.That(endpoint.HttpPort, Is.Not.Null, "the shared server has no known HTTP port");

        Assert.That(await ClickHouseHttp.PingAsync(endpoint.Host, endpoint.HttpPort!.Value, IoTimeout), Is.EqualTo(ClickHouseHttp.PingOk));
    }

    [Test]
    public async Task PasswordEndpoint_HttpBasicAuth_LogsInAsJa4Test()
    {
        Assert.That(await ClickHouseHttp.QueryAsync(_server.PasswordEndpoint, WhoAmI), Is.EqualTo("ja4_test\n"));
    }

    [Test]
    public async Task PasswordEndpoint_WrongPassword_IsRejected()
    {
        var endpoint = _server.PasswordEndpoint;

        var (packet, _) = await NativeHello.ExchangeAsync(endpoint, endpoint.Password + "x");

        Assert.That(packet, Is.EqualTo(NativeHello.ServerExceptionPacket));
    }

    [Test]
    public void PasswordEndpoint_Password_HasSpecialCharactersThatToStringHides()
    {
        var endpoint = _server.PasswordEndpoint;

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.Password, Does.Contain(";").And.Contain("'").And.Contain("\"").And.Contain("\\"));
            Assert.That(endpoint.ToString(), Does.StartWith("ja4_test:***@127.0.0.1:"));
            foreach (var text in new[] { endpoint.ToString(), _server.ToString(), _server.Endpoint.ToString() })
            {
                Assert.That(text, Does.Not.Contain(endpoint.Password[..8]));
            }

            Assert.That(_server.Endpoint.ToString(), Does.StartWith("default@127.0.0.1:"));
        });
    }

    [Test]
    public void PasswordEndpoint_UsersFile_HoldsNoPlaintextPassword()
    {
        var root = Path.GetDirectoryName(_server.DataDirectory)!;
        var files = Directory.GetFiles(root, "*.xml");

        Assert.That(files, Is.Not.Empty);
        Assert.That(files.Select(File.ReadAllText), Has.None.Contain(_server.PasswordEndpoint.Password[..8]));
    }

    [TestCase("localhost")]
    [TestCase("127.0.0.1")]
    public async Task TlsPort_TrustingTheInstanceCa_HandshakeAndHelloSucceed(string targetHost)
    {
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(_server.CaCertificatePath));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.TlsPort);
        await using var tls = new SslStream(client.GetStream());

        await tls.AuthenticateAsClientAsync(TrustingOnly(ca, targetHost));
        var reply = await NativeHello.ExchangeAsync(tls, "default", string.Empty);

        Assert.That(reply, Is.EqualTo((NativeHello.ServerHelloPacket, "ClickHouse")));
    }

    [Test]
    public async Task TlsPort_HostNameNotInCertificate_IsRejected()
    {
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(_server.CaCertificatePath));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.TlsPort);
        await using var tls = new SslStream(client.GetStream());

        Assert.That(
            async () => await tls.AuthenticateAsClientAsync(TrustingOnly(ca, "clickhouse.example.com")),
            Throws.InstanceOf<AuthenticationException>());
    }

    [Test]
    public async Task TlsPort_SystemTrustStoreOnly_IsRejected()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.TlsPort);
        await using var tls = new SslStream(client.GetStream());

        Assert.That(
            async () => await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }),
            Throws.InstanceOf<AuthenticationException>());
    }

    [Test]
    public async Task Kill_ThenRestart_KeepsPortsAndData()
    {
        await using var victim = await TestServer.StartPrivateAsync();
        await ClickHouseHttp.QueryAsync(victim.Endpoint, "CREATE TABLE kept (x UInt32) ENGINE = MergeTree ORDER BY x");
        await ClickHouseHttp.QueryAsync(victim.Endpoint, "INSERT INTO kept VALUES (42)");
        var before = (victim.TcpPort, victim.HttpPort, victim.TlsPort, victim.DataDirectory);
        var killedPid = victim.ProcessId;

        victim.Kill();
        var pingWhileDead = await ClickHouseHttp.PingAsync("127.0.0.1", victim.HttpPort, ShortTimeout);
        var restart = Stopwatch.StartNew();
        await victim.RestartAsync();
        await TestContext.Out.WriteLineAsync($"RestartAsync after Kill took {restart.ElapsedMilliseconds} ms");
        var rows = await ClickHouseHttp.QueryAsync(victim.Endpoint, "SELECT x FROM kept");

        Assert.Multiple(() =>
        {
            Assert.That(pingWhileDead, Is.EqualTo(ClickHouseHttp.PingRefused));
            Assert.That((victim.TcpPort, victim.HttpPort, victim.TlsPort, victim.DataDirectory), Is.EqualTo(before));
            Assert.That(victim.ProcessId, Is.Not.EqualTo(killedPid));
            Assert.That(rows, Is.EqualTo("42\n"));
        });
    }

    [Test]
    public async Task StopAsync_Graceful_ThenRestartServesAgain()
    {
        await using var victim = await TestServer.StartPrivateAsync();

        var stop = Stopwatch.StartNew();
        await victim.StopAsync();
        await TestContext.Out.WriteLineAsync($"StopAsync took {stop.ElapsedMilliseconds} ms");
        var pingWhileStopped = await ClickHouseHttp.PingAsync("127.0.0.1", victim.HttpPort, ShortTimeout);
        await victim.RestartAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(pingWhileStopped, Is.EqualTo(ClickHouseHttp.PingRefused));
            Assert.That(await ClickHouseHttp.PingAsync("127.0.0.1", victim.HttpPort, IoTimeout), Is.EqualTo(ClickHouseHttp.PingOk));
        });
    }

    [Test]
    public async Task Pause_PingTimesOut_ThenResumeAnswersAgain()
    {
        await using var victim = await TestServer.StartPrivateAsync();

        victim.Pause();
        string pingWhilePaused;
        bool connectedWhilePaused;
        try
        {
            pingWhilePaused = await ClickHouseHttp.PingAsync("127.0.0.1", victim.HttpPort, ShortTimeout);
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, victim.TcpPort);
            connectedWhilePaused = client.Connected;
        }
        finally
        {
            victim.Resume();
        }

        var pingAfterResume = await ClickHouseHttp.PingAsync("127.0.0.1", victim.HttpPort, IoTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(pingWhilePaused, Is.EqualTo(ClickHouseHttp.PingTimedOut));
            Assert.That(connectedWhilePaused, Is.True, "the kernel still accepts connections for a stopped process");
            Assert.That(pingAfterResume, Is.EqualTo(ClickHouseHttp.PingOk));
        });
    }

    [Test]
    public async Task StartAsync_TwoAtOnce_RunSideBySideWithOwnPortsAndData()
    {
        var started = Stopwatch.StartNew();
        var both = await Task.WhenAll(TestServer.StartPrivateAsync(), TestServer.StartPrivateAsync());
        await TestContext.Out.WriteLineAsync($"two concurrent starts took {started.ElapsedMilliseconds} ms");
        await using var first = both[0];
        await using var second = both[1];

        await ClickHouseHttp.QueryAsync(first.Endpoint, "CREATE TABLE only_in_first (x UInt8) ENGINE = Memory");

        Assert.Multiple(async () =>
        {
            Assert.That(
                new[] { first.TcpPort, first.HttpPort, first.TlsPort, second.TcpPort, second.HttpPort, second.TlsPort },
                Is.Unique);
            Assert.That(first.ProcessId, Is.Not.EqualTo(second.ProcessId));
            Assert.That(first.DataDirectory, Is.Not.EqualTo(second.DataDirectory));
            Assert.That(await ClickHouseHttp.QueryAsync(first.Endpoint, "EXISTS TABLE only_in_first"), Is.EqualTo("1\n"));
            Assert.That(await ClickHouseHttp.QueryAsync(second.Endpoint, "EXISTS TABLE only_in_first"), Is.EqualTo("0\n"));
        });
    }

    [Test]
    public async Task DisposeAsync_EndsProcessAndDeletesDirectory()
    {
        var disposed = await TestServer.StartPrivateAsync();
        var pid = disposed.ProcessId;
        var root = Path.GetDirectoryName(disposed.DataDirectory)!;

        await disposed.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(root), Is.False);
            Assert.That(Directory.Exists($"/proc/{pid}"), Is.False);
        });
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task StartAsync_ServerExitsWhileStarting_ThrowsWithItsOutputQuickly()
    {
        var script = Path.Combine(Path.GetTempPath(), $"fake-clickhouse-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho 'fake server: cannot start' >&2\nexit 3\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var elapsed = Stopwatch.StartNew();
            var error = Assert.ThrowsAsync<InvalidOperationException>(
                () => LocalClickHouseServer.StartAsync(new LocalServerOptions { ServerBinary = script }));

            Assert.That(error!.Message, Does.Contain("fake server: cannot start").And.Contain("code 3"));
            Assert.That(elapsed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Test]
    public void StartAsync_BinaryMissing_ThrowsFileNotFound()
    {
        Assert.That(
            () => LocalClickHouseServer.StartAsync(new LocalServerOptions { ServerBinary = "/nonexistent/clickhouse-server" }),
            Throws.InstanceOf<FileNotFoundException>());
    }

    [Test]
    [NonParallelizable] // changes process-wide environment variables
    public async Task FindOrStartAsync_EnvironmentNamesAServer_UsesItAndStartsNothing()
    {
        var variables = new Dictionary<string, string>
        {
            [EnvironmentServer.HostVariable] = "127.0.0.1",
            [EnvironmentServer.PortVariable] = _server.TcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EnvironmentServer.UserVariable] = "ja4_test",
            [EnvironmentServer.PasswordVariable] = _server.PasswordEndpoint.Password,
            [EnvironmentServer.HttpPortVariable] = _server.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var saved = variables.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        LocatedServer located;
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            located = await ClickHouseServerLocator.FindOrStartAsync();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        await using (located)
        {
            Assert.Multiple(async () =>
            {
                Assert.That(located.Source, Is.EqualTo(LocatedServer.EnvironmentSource));
                Assert.That(located.Local, Is.Null);
                Assert.That(located.PasswordEndpoint, Is.Null);
                Assert.That(located.Endpoint, Is.EqualTo(_server.PasswordEndpoint with { TlsPort = null, CaCertificatePath = null }));
                Assert.That(located.ToString(), Does.Not.Contain(_server.PasswordEndpoint.Password[..8]));
                Assert.That(await ClickHouseHttp.QueryAsync(located.Endpoint, WhoAmI), Is.EqualTo("ja4_test\n"));
            });
        }
    }

    [Test]
    public void EnvironmentServer_NothingSet_ReturnsNull()
    {
        Assert.That(EnvironmentServer.Read(_ => null), Is.Null);
    }

    [Test]
    public void EnvironmentServer_HostOnly_UsesClickHouseDefaults()
    {
        var endpoint = EnvironmentServer.Read(name => name == EnvironmentServer.HostVariable ? "db.internal" : null);

        Assert.That(endpoint, Is.EqualTo(new ClickHouseEndpoint("db.internal", 9000, "default", string.Empty, null, null, 8123)));
    }

    [TestCase("90x0")]
    [TestCase("0")]
    [TestCase("65536")]
    public void EnvironmentServer_PortNotAPort_ThrowsNamingTheVariable(string port)
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => EnvironmentServer.Read(name => name == EnvironmentServer.PortVariable ? port : null));

        Assert.That(error!.Message, Does.Contain(EnvironmentServer.PortVariable));
    }

    [Test]
    public async Task DockerProbe_NoSocket_ReturnsFalseAtOnce()
    {
        var elapsed = Stopwatch.StartNew();

        var available = await DockerEngineProbe.IsAvailableAsync(
            null, false, "/nonexistent/docker.sock", DockerEngineProbe.DefaultTimeout, CancellationToken.None);

        Assert.That(available, Is.False);
        Assert.That(elapsed.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(100)));
    }

    [Test]
    public async Task DockerProbe_EngineThatNeverAnswers_ReturnsFalseWithinOneSecond()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // the kernel completes connects; nobody ever answers
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var elapsed = Stopwatch.StartNew();

        var available = await DockerEngineProbe.IsAvailableAsync(
            $"tcp://127.0.0.1:{port}", false, DockerEngineProbe.DefaultSocket, DockerEngineProbe.DefaultTimeout, CancellationToken.None);

        Assert.That(available, Is.False);
        Assert.That(elapsed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task DockerProbe_EngineAnsweringPing_ReturnsTrue()
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"fake-docker-{Guid.NewGuid():N}.sock");
        using var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        engine.Bind(new UnixDomainSocketEndPoint(socketPath));
        engine.Listen();
        try
        {
            var answer = AnswerOnePingAsync(engine);

            var available = await DockerEngineProbe.IsAvailableAsync(
                $"unix://{socketPath}", false, DockerEngineProbe.DefaultSocket, TimeSpan.FromSeconds(5), CancellationToken.None);
            await answer;

            Assert.That(available, Is.True);
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    private static async Task AnswerOnePingAsync(Socket engine)
    {
        using var connection = await engine.AcceptAsync();
        var request = new byte[256];
        await connection.ReceiveAsync(request, SocketFlags.None);
        await connection.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"), SocketFlags.None);
    }

    private static SslClientAuthenticationOptions TrustingOnly(X509Certificate2 ca, string targetHost)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(ca);
        return new SslClientAuthenticationOptions { TargetHost = targetHost, CertificateChainPolicy = policy };
    }
}
