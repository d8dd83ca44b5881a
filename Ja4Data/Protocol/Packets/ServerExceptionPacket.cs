namespace Ja4Data.Protocol.Packets;

/// <summary>The Exception packet (docs/protocol.md, "Server packets"); nested exceptions become inner exceptions.</summary>
internal static class ServerExceptionPacket
{
    /// <summary>Old servers chain exceptions; a hostile one must not make us recurse without end.</summary>
    private const int MaxDepth = 32;

    public static ValueTask<ClickHouseServerException> ReadAsync(ProtocolReader reader, bool async, CancellationToken ct)
        // Messages and stack traces are strings of up to 1 GiB each: the whole packet is held to the block ceiling.
        => reader.ReadWithinBlockLimitAsync(ReadChainAsync, async, ct);

    private static async ValueTask<ClickHouseServerException> ReadChainAsync(ProtocolReader reader, bool async, CancellationToken ct)
    {
        var chain = new List<(int Code, string Name, string Message, string Stack)>();
        bool hasNested;
        do
        {
            if (chain.Count == MaxDepth)
            {
                throw new ClickHouseProtocolException($"The server sent an exception chain deeper than {MaxDepth}.");
            }

            var code = await reader.ReadInt32Async(async, ct);
            var name = await reader.ReadStringAsync(async, ct);
            var message = await reader.ReadStringAsync(async, ct);
            var stack = await reader.ReadStringAsync(async, ct);
            hasNested = await reader.ReadBoolAsync(async, ct);
            chain.Add((code, name, message, stack));
        }
        while (hasNested);

        ClickHouseServerException? inner = null;
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var (code, name, message, stack) = chain[i];
            inner = new ClickHouseServerException(code, name, StripCodePrefix(message, name), stack, inner);
        }

        return inner!;
    }

    // Servers prefix the message with "DB::Exception: "; the name is reported separately.
    private static string StripCodePrefix(string message, string name)
        => message.StartsWith(name + ": ", StringComparison.Ordinal) ? message[(name.Length + 2)..] : message;
}
