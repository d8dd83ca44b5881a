namespace Ja4Data.Protocol;

/// <summary>
/// Protocol revision gates (ClickHouse <c>ProtocolDefines.h</c>). Every field that depends on a revision is read and
/// written by comparing the negotiated revision with one of these constants, never with a literal.
/// </summary>
internal static class ProtocolRevision
{
    /// <summary>
    /// The revision this client announces: the highest one whose every gate is implemented. 54470 would add chunked
    /// framing negotiation and 54473 the V2 Dynamic/JSON serialization; neither is implemented, so we stop at 54469.
    /// </summary>
    public const int Current = 54469;

    /// <summary>ClickHouse 18.16.1 (the oldest server we test live) announces this.</summary>
    public const int Oldest = 54412;

    public const int WithClientInfo = 54032;
    public const int WithServerTimezone = 54058;
    public const int WithQuotaKeyInClientInfo = 54060;
    public const int WithServerDisplayName = 54372;
    public const int WithVersionPatch = 54401;
    public const int WithLowCardinalityType = 54405;
    public const int WithServerLogs = 54406;
    public const int WithColumnDefaultsMetadata = 54410;
    public const int WithClientWriteInfo = 54420;
    public const int WithSettingsSerializedAsStrings = 54429;
    public const int WithInterserverSecret = 54441;
    public const int WithOpenTelemetry = 54442;
    public const int WithDistributedDepth = 54448;
    public const int WithInitialQueryStartTime = 54449;
    public const int WithIncrementalProfileEvents = 54451;
    public const int WithParallelReplicas = 54453;
    public const int WithCustomSerialization = 54454;
    public const int WithAddendum = 54458;
    public const int WithParameters = 54459;
    public const int WithServerQueryTimeInProgress = 54460;
    public const int WithPasswordComplexityRules = 54461;
    public const int WithInterserverSecretV2 = 54462;
    public const int WithTotalBytesInProgress = 54463;
    public const int WithTimezoneUpdates = 54464;
    public const int WithSparseSerialization = 54465;
    public const int WithRowsBeforeAggregation = 54469;
}
