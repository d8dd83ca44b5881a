using BitFaster.Caching.Lru;

namespace Ja4Data.Types.Mapping;

/// <summary>
/// The compiled mappings between record types and columns, one per (direction, type, column names and types), kept
/// in a bounded least-recently-used cache shared by the process (thread-safe; compiling takes about a millisecond,
/// so a program that maps more shapes than the cache holds recompiles, never grows). The entry point for everything
/// that reads or writes typed records: the facade, and batching inserts, which use it as follows.
/// <code>
/// var columns = RecordMaps.InsertColumns&lt;T&gt;(tableHeader.Columns, table); // once: INSERT INTO t (columns) VALUES
/// var writer = RecordMaps.Writer&lt;T&gt;(session.Header.Columns);           // the columns the server announced
/// using var block = new BlockBuffer(session.Header);
/// block.AppendRecord(writer, row, rowIndex);                               // per row: typed, no boxing, validated
/// BlockWriter.Write(...block.Builders...)                                   // encode once; or session.SendAsync(block)
/// </code>
/// </summary>
internal static class RecordMaps
{
    private const int Capacity = 1024;

    private static readonly ConcurrentLru<(Kind Kind, Type Type, string Signature), object> Cache = new(Capacity);

    private enum Kind
    {
        Reader,
        Writer,
        InsertColumns,
    }

    /// <summary>The reader of <typeparamref name="T"/> for a result with <paramref name="columns"/>.</summary>
    /// <exception cref="ClickHouseMappingException">T does not fit the columns.</exception>
    public static RecordReader<T> Reader<T>(IReadOnlyList<BlockColumn> columns)
        => (RecordReader<T>)Cache.GetOrAdd((Kind.Reader, typeof(T), Signature(columns)), _ => RecordReader<T>.Create(columns));

    /// <summary>The writer of <typeparamref name="T"/> into an insert whose header is <paramref name="header"/>.</summary>
    /// <exception cref="ClickHouseMappingException">A column has no member.</exception>
    public static RecordWriter<T> Writer<T>(IReadOnlyList<BlockColumn> header)
        => (RecordWriter<T>)Cache.GetOrAdd((Kind.Writer, typeof(T), Signature(header)), _ => RecordWriter<T>.Create(header));

    /// <summary>
    /// The columns of <paramref name="table"/> (its full insert header) that <typeparamref name="T"/> fills, in table
    /// order; the others are left to their defaults.
    /// </summary>
    /// <exception cref="ClickHouseMappingException">A member has no column.</exception>
    public static IReadOnlyList<string> InsertColumns<T>(IReadOnlyList<BlockColumn> tableColumns, string table)
        => (string[])Cache.GetOrAdd((Kind.InsertColumns, typeof(T), table + "\n" + Signature(tableColumns)), _ => RecordWriter<T>.ChooseColumns([.. tableColumns.Select(c => c.Name)], table));

    private static string Signature(IReadOnlyList<BlockColumn> columns)
    {
        var text = new StringBuilder();
        foreach (var column in columns)
        {
            text.Append(column.Name).Append('\t').Append(column.TypeName).Append('\n');
        }

        return text.ToString();
    }
}
