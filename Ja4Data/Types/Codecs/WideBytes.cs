namespace Ja4Data.Types.Codecs;

/// <summary>16 raw wire bytes (UUID, IPv6): a value type so fixed-width columns copy them without per-row objects.</summary>
[InlineArray(16)]
internal struct Bytes16
{
    private byte _first;
}

/// <summary>32 raw little-endian bytes of an Int256/UInt256 (and Decimal(P &gt; 38)).</summary>
[InlineArray(32)]
internal struct Bytes32
{
    private byte _first;
}
