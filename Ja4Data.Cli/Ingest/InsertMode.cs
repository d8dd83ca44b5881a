namespace Ja4Data.Cli.Ingest;

/// <summary>How a batch is handed to Ja4Data.</summary>
internal enum InsertMode
{
    /// <summary>A bulk writer fed whole typed columns (<c>AppendColumn&lt;T&gt;</c>): no boxing, no per-row objects.</summary>
    Columnar,

    /// <summary>The row API: <c>ClickHouseConnection.InsertAsync</c> with one <c>object?[]</c> per row.</summary>
    Rows,
}
