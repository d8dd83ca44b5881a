namespace Ja4Data.Cli.Ingest;

/// <summary>
/// The generated rows as a target's producers add them to an ingest buffer, and how the bulk writer of a comparison
/// writes the very same rows.
/// </summary>
/// <typeparam name="T">The row type a service would add: a record mapped to the target's columns.</typeparam>
/// <param name="Rows">One object per row, built before the clock starts.</param>
/// <param name="PayloadBytes">Native-encoded size of the rows, before compression.</param>
/// <param name="BulkColumns">The columns the bulk writer fills.</param>
/// <param name="AppendBlock">Appends rows [start, start + count) to the bulk writer, column by column.</param>
internal sealed record BufferedWorkload<T>(T[] Rows, long PayloadBytes, IReadOnlyList<string> BulkColumns, Action<ClickHouseBulkWriter, int, int> AppendBlock);
