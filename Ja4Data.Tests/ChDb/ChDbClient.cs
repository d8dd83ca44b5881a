using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Ja4Data.LocalServer.ChDb;

namespace Ja4Data.Tests.ChDb;

/// <summary>
/// An <see cref="IClickHouseClient"/> that runs every statement on chDB (ClickHouse 26.7 in-process), so code written
/// against the facade is tested on a modern engine without a server. Results travel as JSONCompact. Only what the
/// schema tests need: no parameters, no inserts, no ADO.NET connection.
/// </summary>
internal sealed class ChDbClient(ChDbSession session) : IClickHouseClient
{
    private readonly ConcurrentQueue<string> _commands = new();

    /// <summary>Every statement sent through <see cref="Command"/>/<see cref="CommandAsync"/>, in order.</summary>
    public IReadOnlyCollection<string> Commands => _commands;

    public ClickHouseConnection Connect() => throw new NotSupportedException("ChDbClient has no ADO.NET connection.");

    public QueryResult Query(string query, object? parameters = null)
    {
        if (parameters is not null)
        {
            throw new NotSupportedException("ChDbClient does not bind parameters.");
        }

        return Parse(session.QueryText(query, "JSONCompact"));
    }

    public Task<QueryResult> QueryAsync(string query, object? parameters = null, CancellationToken cancellationToken = default)
        => Task.FromResult(Query(query, parameters));

    public object? Command(string query, object? parameters = null)
    {
        _commands.Enqueue(query);
        return Query(query, parameters).FirstValue;
    }

    public Task<object?> CommandAsync(string query, object? parameters = null, CancellationToken cancellationToken = default)
        => Task.FromResult(Command(query, parameters));

    public long Insert(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null)
        => throw new NotSupportedException("ChDbClient does not insert rows; use INSERT ... SELECT or ChDbSession.Insert.");

    public Task<long> InsertAsync(string table, IEnumerable<IReadOnlyList<object?>> data, IReadOnlyList<string>? columnNames = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("ChDbClient does not insert rows; use INSERT ... SELECT or ChDbSession.Insert.");

    public IReadOnlyList<T> Query<T>(string query, object? parameters = null) => throw new NotSupportedException("ChDbClient serves QueryResult and commands only.");

    public Task<IReadOnlyList<T>> QueryAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("ChDbClient serves QueryResult and commands only.");

    public IAsyncEnumerable<T> QueryStreamAsync<T>(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("ChDbClient serves QueryResult and commands only.");

    public IAsyncEnumerable<object?[]> QueryStreamAsync(string query, object? parameters = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("ChDbClient serves QueryResult and commands only.");

    public long Insert<T>(string table, IEnumerable<T> rows) => throw new NotSupportedException("ChDbClient serves QueryResult and commands only.");

    public Task<long> InsertAsync<T>(string table, IEnumerable<T> rows, CancellationToken cancellationToken = default) => throw new NotSupportedException("ChDbClient serves QueryResult and commands only.");

    public Task<long> InsertAsync<T>(string table, IAsyncEnumerable<T> rows, CancellationToken cancellationToken = default) => throw new NotSupportedException("ChDbClient serves QueryResult and commands only.");

    public void Close()
    {
    }

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static QueryResult Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new QueryResult([], [], []);
        }

        using var doc = JsonDocument.Parse(json);
        var meta = doc.RootElement.GetProperty("meta").EnumerateArray().ToList();
        var names = meta.Select(m => m.GetProperty("name").GetString()!).ToList();
        var types = meta.Select(m => m.GetProperty("type").GetString()!).ToList();
        var rows = doc.RootElement.GetProperty("data").EnumerateArray()
            .Select(row => row.EnumerateArray().Select((cell, i) => Convert(cell, types[i])).ToArray())
            .ToList();
        return new QueryResult(names, types, rows);
    }

    private static object? Convert(JsonElement cell, string type)
    {
        if (cell.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (type.StartsWith("Nullable(", StringComparison.Ordinal) || type.StartsWith("LowCardinality(", StringComparison.Ordinal))
        {
            return Convert(cell, type[(type.IndexOf('(', StringComparison.Ordinal) + 1)..^1]);
        }

        // JSONCompact quotes 64-bit integers by default, so integers are read from their text either way.
        var text = cell.ValueKind == JsonValueKind.String ? cell.GetString()! : cell.GetRawText();
        var c = CultureInfo.InvariantCulture;
        return type switch
        {
            "UInt8" => byte.Parse(text, c),
            "UInt16" => ushort.Parse(text, c),
            "UInt32" => uint.Parse(text, c),
            "UInt64" => ulong.Parse(text, c),
            "Int8" => sbyte.Parse(text, c),
            "Int16" => short.Parse(text, c),
            "Int32" => int.Parse(text, c),
            "Int64" => long.Parse(text, c),
            "Float32" => float.Parse(text, c),
            "Float64" => double.Parse(text, c),
            "DateTime" => DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss", c),
            "Date" => DateOnly.ParseExact(text, "yyyy-MM-dd", c),
            _ => text,
        };
    }
}
