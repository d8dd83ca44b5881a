namespace Ja4Data.Protocol;

/// <summary>Reads protocol bytes from a stream (the socket, a TLS stream, a Native-format file).</summary>
internal sealed class StreamProtocolReader(Stream stream) : ProtocolReader
{
    protected override ValueTask<int> ReadCoreAsync(Memory<byte> destination, bool async, CancellationToken cancellationToken)
        => async ? stream.ReadAsync(destination, cancellationToken) : new ValueTask<int>(stream.Read(destination.Span));

    /// <summary>True when nothing is buffered and the stream has no more bytes.</summary>
    public async ValueTask<bool> IsAtEndAsync(bool async, CancellationToken cancellationToken)
        => BufferedCount == 0 && !await TryFillAsync(1, async, cancellationToken);
}
