using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Ja4Data.Protocol;
using Ja4Data.Protocol.Packets;

namespace Ja4Data.Core;

internal sealed partial class ClickHouseConnector
{
    /// <summary>
    /// Connects, negotiates TLS when configured and performs the handshake, all within the connect timeout.
    /// </summary>
    public static async ValueTask<ClickHouseConnector> OpenAsync(ClickHouseSettings settings, bool async, CancellationToken cancellationToken)
    {
        settings.Validate();
        var client = ClientIdentity.Create(settings.ClientName);
        var socket = await ConnectSocketAsync(settings, async, cancellationToken);
        ClickHouseConnector? connector = null;
        // One deadline for TLS and the handshake: a peer that accepts but never answers must not hang us.
        using var deadline = new SocketDeadline(socket, settings.ConnectTimeout, cancellationToken);
        try
        {
            var stream = settings.Secure
                ? await AuthenticateTlsAsync(settings, socket, async, deadline.Token)
                : new NetworkStream(socket, ownsSocket: true);
            connector = new ClickHouseConnector(settings, socket, stream, client);
            await connector.HandshakeAsync(async, deadline.Token).ConfigureAwait(false);
            deadline.ThrowIfExpired(() => HandshakeTimeout(settings));
            connector.State = ConnectorState.Ready;
            return connector;
        }
        catch (Exception ex)
        {
            if (connector is not null)
            {
                connector.Dispose();
            }
            else
            {
                socket.Dispose();
            }

            throw TranslateOpenFailure(deadline.Expired && ex is not ClickHouseException ? new SocketDeadlineExpiredException(HandshakeTimeout(settings)) : ex, settings, cancellationToken);
        }
    }

    /// <summary>
    /// True when <paramref name="settings"/> send a password without TLS to <paramref name="remote"/>, an address that
    /// is not loopback. Decided on the address the socket reached, not the host name: a name that resolves to
    /// 127.0.0.1 keeps the password on the machine, an IP literal of another host does not.
    /// </summary>
    internal static bool PasswordTravelsInPlainText(ClickHouseSettings settings, IPAddress? remote)
        => !settings.Secure
            && settings.Password.Length > 0
            && remote is not null
            && !IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    // An HTTP port accepts the connection and then waits for a request line that never comes.
    private static string HandshakeTimeout(ClickHouseSettings settings)
        => $"the server accepted the connection but did not answer the native-protocol Hello within {settings.ConnectTimeout.TotalSeconds:0.#} s " +
           "(CLICKHOUSE_CONNECT_TIMEOUT). If this is ClickHouse's HTTP port (8123/8443), use the native port 9000 (9440 with TLS)";

    private static Exception TranslateOpenFailure(Exception ex, ClickHouseSettings settings, CancellationToken cancellationToken)
    {
        var endpoint = $"{settings.Host}:{settings.Port}";
        return ex switch
        {
            ClickHouseException => ex,
            OperationCanceledException when cancellationToken.IsCancellationRequested => ex,
            SocketDeadlineExpiredException expired => new ClickHouseConnectionException($"Cannot connect to ClickHouse at {endpoint}: {expired.Message}.", ClickHouseOutcome.NotExecuted, ex),
            TlsCertificateRejectedException rejected => new ClickHouseConnectionException(
                $"TLS with ClickHouse at {endpoint} failed: {rejected.Message}", ClickHouseOutcome.NotExecuted, ex),
            AuthenticationException => new ClickHouseConnectionException(
                $"TLS with ClickHouse at {endpoint} failed: {ex.Message} Check that the port is the TLS port (9440) and that the server certificate " +
                "is valid for this host name and trusted (CLICKHOUSE_TLS_CA_FILE names the CA to trust instead of the system's).", ClickHouseOutcome.NotExecuted, ex),
            _ when IsIoFailure(ex) => new ClickHouseConnectionException($"Cannot connect to ClickHouse at {endpoint}: {ex.Message}", ClickHouseOutcome.NotExecuted, ex),
            _ => ex,
        };
    }

    private static async ValueTask<Socket> ConnectSocketAsync(ClickHouseSettings settings, bool async, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(settings.Host, out var literal)
            ? [literal]
            : async
                ? await Dns.GetHostAddressesAsync(settings.Host, cancellationToken)
                : Dns.GetHostAddresses(settings.Host);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var deadline = new SocketDeadline(socket, settings.ConnectTimeout, cancellationToken);
                var endpoint = new IPEndPoint(address, settings.Port);
                if (async)
                {
                    await socket.ConnectAsync(endpoint, deadline.Token);
                }
                else
                {
                    socket.Connect(endpoint);
                }

                deadline.ThrowIfExpired(() => $"no TCP connection within {settings.ConnectTimeout.TotalSeconds:0.#} s (CLICKHOUSE_CONNECT_TIMEOUT)");
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                return socket;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or SocketDeadlineExpiredException && !cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                last = ex is OperationCanceledException or ObjectDisposedException
                    ? new SocketDeadlineExpiredException($"no TCP connection within {settings.ConnectTimeout.TotalSeconds:0.#} s (CLICKHOUSE_CONNECT_TIMEOUT)")
                    : ex;
            }
        }

        throw last switch
        {
            SocketException se => new ClickHouseConnectionException($"Cannot connect to ClickHouse at {settings.Host}:{settings.Port}: {se.Message} ({se.SocketErrorCode}).", ClickHouseOutcome.NotExecuted, se),
            null => new ClickHouseConnectionException($"The host name {settings.Host} resolved to no address.", ClickHouseOutcome.NotExecuted),
            _ => new ClickHouseConnectionException($"Cannot connect to ClickHouse at {settings.Host}:{settings.Port}: {last.Message}.", ClickHouseOutcome.NotExecuted, last),
        };
    }

    private static async ValueTask<Stream> AuthenticateTlsAsync(ClickHouseSettings settings, Socket socket, bool async, CancellationToken cancellationToken)
    {
        var check = new TlsCertificateCheck();
        var options = TlsTrust.ClientOptions(settings, check);
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            if (async)
            {
                await ssl.AuthenticateAsClientAsync(options, cancellationToken);
            }
            else
            {
                ssl.AuthenticateAsClient(options);
            }

            return ssl;
        }
        catch (AuthenticationException ex) when (check.Errors != SslPolicyErrors.None)
        {
            await ssl.DisposeAsync();
            throw new TlsCertificateRejectedException(check.Describe(settings), ex);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    private async ValueTask HandshakeAsync(bool async, CancellationToken cancellationToken)
    {
        ClientHello.Write(_writer, Client, Settings.Database, Settings.User, Settings.Password);
        await _writer.FlushAsync(_stream, async, cancellationToken);
        await _reader.EnsureAsync(1, async, cancellationToken);
        if (_reader.Buffered[0] == (byte)'H')
        {
            await RejectHttpAsync(async, cancellationToken);
        }

        var packet = (ServerPacketType)await _reader.ReadVarUIntAsync(async, cancellationToken);
        switch (packet)
        {
            case ServerPacketType.Hello:
                try
                {
                    Server = await ServerHello.ReadAsync(_reader, async, cancellationToken);
                }
                catch (Exception ex) when (DecodeFailure.IsUnmapped(ex))
                {
                    throw DecodeFailure.ToProtocolError(ex, $"the Hello of the server at {Endpoint}");
                }

                Revision = Server.NegotiatedRevision;
                ServerTimezone = Server.Timezone;
                break;
            case ServerPacketType.Exception:
                throw await ServerExceptionPacket.ReadAsync(_reader, async, cancellationToken);
            default:
                throw new ClickHouseProtocolException($"Expected Hello from the server at {Endpoint}, got packet {(int)packet}. Is this a ClickHouse native port (9000, or 9440 for TLS)?");
        }

        if (Revision >= ProtocolRevision.WithAddendum)
        {
            ClientHello.WriteAddendum(_writer, Revision, quotaKey: string.Empty);
            await _writer.FlushAsync(_stream, async, cancellationToken);
        }
    }

    // An HTTP server answers our binary Hello with "HTTP/1.x 400": say which port to use instead of "unknown packet 72".
    private async ValueTask RejectHttpAsync(bool async, CancellationToken cancellationToken)
    {
        await _reader.TryFillAsync(5, async, cancellationToken);
        if (_reader.Buffered.StartsWith("HTTP/"u8))
        {
            throw new ClickHouseConnectionException(
                $"{Endpoint} is ClickHouse's HTTP interface, not the native protocol port. Ja4Data speaks the native protocol: use port 9000 (9440 with TLS).",
                ClickHouseOutcome.NotExecuted);
        }
    }
}
