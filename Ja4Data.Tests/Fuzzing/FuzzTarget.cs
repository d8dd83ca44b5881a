using System.Globalization;
using Ja4Data.Protocol;

namespace Ja4Data.Tests.Fuzzing;

/// <summary>Which public entry point of the client an input is fed to.</summary>
internal enum FuzzClient
{
    /// <summary>The ADO.NET reader: every row, every column through GetValue (the bytes follow a proper handshake).</summary>
    Reader,

    /// <summary>The facade's QueryAsync, which materializes the whole result.</summary>
    Facade,

    /// <summary>The bulk writer: the INSERT's header, then the end of the data and the server's acknowledgement.</summary>
    BulkWriter,

    /// <summary>Opening a connection: the bytes are the server's answer to the client's Hello.</summary>
    Hello,

    /// <summary><see cref="NativeFormat.ReadBlocks(Stream)"/> over the bytes as a Native file.</summary>
    Native,

    /// <summary>As <see cref="Native"/>, from a stream that returns one byte per read.</summary>
    NativeTrickle,
}

/// <summary>
/// Where one input goes: the client entry point, the protocol revision the fake server's handshake agrees (the bytes
/// after it are what a server of that revision sends) and the compression the client asks for.
/// </summary>
internal sealed record FuzzTarget(FuzzClient Client, int Revision, ClickHouseCompression Compression)
{
    /// <summary>ClickHouse 18.16 answers the client with revision 54412.</summary>
    public const int Revision1816 = ProtocolRevision.Oldest;

    /// <summary>The file-name form: client.revision.compression, as in <c>reader.54412.lz4</c>.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Client.ToString().ToLowerInvariant()}.{Revision}.{Compression.ToString().ToLowerInvariant()}");

    /// <summary>The other entry points the same bytes make sense to (a query's answer: reader and facade).</summary>
    public IEnumerable<FuzzTarget> Alternatives() => Client switch
    {
        FuzzClient.Reader or FuzzClient.Facade => [this with { Client = FuzzClient.Reader }, this with { Client = FuzzClient.Facade }],
        FuzzClient.Native or FuzzClient.NativeTrickle => [this with { Client = FuzzClient.Native }, this with { Client = FuzzClient.NativeTrickle }],
        _ => [this],
    };

    /// <summary>Reads <see cref="ToString"/>'s form.</summary>
    public static FuzzTarget Parse(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException($"'{text}' is not client.revision.compression.");
        }

        return new FuzzTarget(
            Enum.Parse<FuzzClient>(parts[0], ignoreCase: true),
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            Enum.Parse<ClickHouseCompression>(parts[2], ignoreCase: true));
    }
}

/// <summary>One input: its bytes, where they go, and a name for reports (the seed it came from, or its file).</summary>
internal sealed record FuzzCase(string Name, FuzzTarget Target, byte[] Bytes);
