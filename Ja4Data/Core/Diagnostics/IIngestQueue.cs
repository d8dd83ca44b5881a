namespace Ja4Data.Core.Diagnostics;

/// <summary>What the queue-depth gauge reads from an ingest buffer (which lives in a higher layer).</summary>
internal interface IIngestQueue
{
    string Table { get; }

    long QueueDepth { get; }
}
