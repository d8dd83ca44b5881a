namespace Ja4Data.Protocol;

/// <summary>Reads protocol bytes from a stream (the socket, a TLS stream, a Native-format file).</summary>
internal sealed class StreamProtocolReader(Stream stream) : ProtocolReader
{
    /// <summary>Total bytes taken from the stream, for diagnostics and traffic counters.</summary>
    public long BytesReceived { get; private set; }

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> destination, bool async, CancellationToken cancellationToken)
    {
        var read = async
            ? await stream.ReadAsync(destination, cancellationToken)
            : stream.Read(destination.Span);
        BytesReceived += read;
        return read;
    }

    /// <summary>True when nothing is buffered and the stream has no more bytes.</summary>
    public async ValueTask<bool> IsAtEndAsync(bool async, CancellationToken cancellationToken)
        => BufferedCount == 0 && !await TryFillAsync(1, async, cancellationToken);
}
