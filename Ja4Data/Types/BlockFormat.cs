using Ja4Data.Protocol;

namespace Ja4Data.Types;

/// <summary>
/// What frames a Native block: over TCP every block starts with BlockInfo and, from revision 54454, each column
/// carries a custom-serialization flag; the format-level Native (files, chDB, clickhouse-client) has neither.
/// </summary>
internal readonly record struct BlockFormat(bool WithBlockInfo, int Revision)
{
    public static BlockFormat File => new(false, 0);

    public static BlockFormat Tcp(int revision) => new(true, revision);

    public bool WithCustomSerialization => WithBlockInfo && Revision >= ProtocolRevision.WithCustomSerialization;
}
