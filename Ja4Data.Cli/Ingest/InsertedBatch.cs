namespace Ja4Data.Cli.Ingest;

/// <summary>What one INSERT wrote.</summary>
/// <param name="Rows">Rows acknowledged by the server.</param>
/// <param name="PayloadBytes">Native-encoded size of the data, before compression.</param>
internal readonly record struct InsertedBatch(long Rows, long PayloadBytes);
