using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ja4Data.LocalServer;

/// <summary>
/// Tells quickly whether a Docker engine answers, before Testcontainers is asked: Testcontainers itself takes many
/// seconds to give up when there is none, and most test machines here have none.
/// </summary>
internal static class DockerEngineProbe
{
    public const string DefaultSocket = "/var/run/docker.sock";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(800);

    private static readonly byte[] PingRequest = Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n");

    /// <summary>Probes the engine that Docker clients would use: <c>DOCKER_HOST</c>, else <see cref="DefaultSocket"/>.</summary>
    public static Task<bool> IsAvailableAsync(CancellationToken cancellationToken) =>
        IsAvailableAsync(
            Environment.GetEnvironmentVariable("DOCKER_HOST"),
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY")),
            DefaultSocket,
            DefaultTimeout,
            cancellationToken);

    /// <summary>
    /// Whether the engine at <paramref name="dockerHost"/> (<c>unix://</c> or <c>tcp://</c>; <see langword="null"/>
    /// means <paramref name="defaultSocket"/>) answers <c>GET /_ping</c> within <paramref name="timeout"/>. Over TLS
    /// (<paramref name="tls"/>) only the TCP connect is checked: the probe has no client certificate.
    /// </summary>
    public static async Task<bool> IsAvailableAsync(
        string? dockerHost, bool tls, string defaultSocket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        EndPoint endpoint;
        if (string.IsNullOrWhiteSpace(dockerHost))
        {
            if (!Path.Exists(defaultSocket))
            {
                return false;
            }

            endpoint = new UnixDomainSocketEndPoint(defaultSocket);
        }
        else if (dockerHost.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = dockerHost["unix://".Length..];
            if (!Path.Exists(path))
            {
                return false;
            }

            endpoint = new UnixDomainSocketEndPoint(path);
        }
        else if (dockerHost.StartsWith("tcp://", StringComparison.Ordinal)
            && Uri.TryCreate(dockerHost, UriKind.Absolute, out var uri) && uri.Port > 0)
        {
            endpoint = new DnsEndPoint(uri.Host, uri.Port);
        }
        else
        {
            // npipe:// and other transports cannot be probed cheaply; let Testcontainers try them.
            return true;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, timeoutSource.Token);
            if (tls && endpoint is DnsEndPoint)
            {
                return true;
            }

            await socket.SendAsync(PingRequest, SocketFlags.None, timeoutSource.Token);
            var buffer = new byte[64];
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeoutSource.Token);
            var statusLine = Encoding.ASCII.GetString(buffer, 0, received);
            return statusLine.StartsWith("HTTP/1.", StringComparison.Ordinal) && statusLine.Contains(" 200", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
