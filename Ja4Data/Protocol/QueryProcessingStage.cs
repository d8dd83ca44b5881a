namespace Ja4Data.Protocol;

/// <summary>How far the server should process a query; clients always ask for the complete result.</summary>
internal enum QueryProcessingStage : byte
{
    Complete = 2,
}
