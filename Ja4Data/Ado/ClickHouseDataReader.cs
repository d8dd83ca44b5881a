using System.Collections;
using System.Data;
using System.Data.Common;
using Ja4Data.Core;
using Ja4Data.Core.Diagnostics;
using Ja4Data.Core.Inserts;
using Ja4Data.Protocol;
using Ja4Data.Types;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;

namespace Ja4Data;

/// <summary>
/// A forward-only reader over a result that arrives block by block: memory is bounded by the block size, not the
/// result size. Typed getters read the decoded column directly (no boxing) when the requested type is the column's.
/// </summary>
public sealed partial class ClickHouseDataReader : DbDataReader
{
    private readonly ClickHouseCommand _command;
    private readonly ClickHouseConnection _connection;
    private readonly ClickHouseConnector _connector;
    private readonly CommandBehavior _behavior;
    private BlockColumn[] _schema = [];
    private Block? _block;
    private int _row = -1;
    private long _rowsBefore;
    private bool _finished;
    private bool _closed;

    /// <summary>The execution's span and measurements: a failed read records its error, closing ends it.</summary>
    internal DbOperation? Operation { get; set; }

    private ClickHouseDataReader(ClickHouseCommand command, ClickHouseConnection connection, ClickHouseConnector connector, CommandBehavior behavior)
    {
        _command = command;
        _connection = connection;
        _connector = connector;
        _behavior = behavior;
    }

    internal static async ValueTask<ClickHouseDataReader> StartAsync(ClickHouseCommand command, ClickHouseConnection connection, ClickHouseConnector connector, CommandBehavior behavior, bool async)
    {
        var reader = new ClickHouseDataReader(command, connection, connector, behavior);
        await reader.ReadSchemaAsync(async);
        return reader;
    }

    /// <summary>A reader over a statement the command already ran to its end (an INSERT whose rows the SQL carried).</summary>
    internal static ClickHouseDataReader Completed(ClickHouseCommand command, ClickHouseConnection connection, ClickHouseConnector connector, CommandBehavior behavior)
    {
        var reader = new ClickHouseDataReader(command, connection, connector, behavior);
        reader._finished = true;
        return reader;
    }

    /// <summary>Progress summary of the statement (final once the reader reached the end).</summary>
    public QuerySummary Summary => _command.LastSummary ?? (_connector.CurrentQuery?.FinalSummary() ?? _connector.LastSummary) ?? new QuerySummary();

    /// <summary>The ClickHouse type names of the columns.</summary>
    public IReadOnlyList<string> ColumnTypes => Array.ConvertAll(_schema, c => c.TypeName);

    /// <summary>The column names.</summary>
    public IReadOnlyList<string> ColumnNames => Array.ConvertAll(_schema, c => c.Name);

    // The first Data block is the header: column names and types with zero rows (statements without result have none).
    private async ValueTask ReadSchemaAsync(bool async)
    {
        var block = await NextBlockAsync(async, CancellationToken.None);
        if (block is null)
        {
            return;
        }

        _schema = [.. block.Columns];
        if (block.RowCount > 0)
        {
            _block = block;
        }
        else
        {
            block.Dispose();
        }
    }

    // cancellationToken: a caller's token for this wait only (ReadAsync). Firing, it cancels the statement on the
    // server as Cancel() does, and the read ends once the server confirms, leaving the connection usable.
    private async ValueTask<Block?> NextBlockAsync(bool async, CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return null;
        }

        try
        {
            using var cancellation = _connector.CancelOn(cancellationToken);
            while (await _connector.ReadBlockAsync(async) is { } block)
            {
                if (block.ColumnCount > 0)
                {
                    return block;
                }

                block.Dispose();
            }
        }
        catch (Exception ex)
        {
            _finished = true;
            Operation?.Fail(ex);
            _command.LastSummary = (_connector.CurrentQuery?.FinalSummary() ?? _connector.LastSummary);
            if (ex is OperationCanceledException cancelled && cancelled.CancellationToken != cancellationToken && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(ex.Message, ex, cancellationToken);
            }

            throw;
        }

        _finished = true;
        return null;
    }

    /// <inheritdoc />
    public override bool Read() => SyncCompletion.Result(ReadCoreAsync(async: false));

    /// <summary>
    /// Advances to the next row. <paramref name="cancellationToken"/> cancels the statement on the server while the
    /// reader waits for the next block (the read then throws <see cref="OperationCanceledException"/> and the
    /// connection stays usable); a token cancelled before the call throws without touching the statement.
    /// </summary>
    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => ReadCoreAsync(async: true, cancellationToken).AsTask();

    internal async ValueTask<bool> ReadCoreAsync(bool async, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_block is not null && ++_row < _block.RowCount)
        {
            return true;
        }

        if (_block is not null)
        {
            _rowsBefore += _block.RowCount;
            _block.Dispose();
        }

        _block = null;
        _row = -1;
        if (await NextBlockWithRowsAsync(async, cancellationToken) is { } next)
        {
            _block = next;
            _row = 0;
            return true;
        }

        return false;
    }

    private async ValueTask<Block?> NextBlockWithRowsAsync(bool async, CancellationToken cancellationToken)
    {
        while (await NextBlockAsync(async, cancellationToken) is { } next)
        {
            if (next.RowCount > 0)
            {
                return next;
            }

            next.Dispose();
        }

        return null;
    }

    /// <summary>The result's columns as the header announced them (names and codecs), for whole-block readers.</summary>
    internal IReadOnlyList<BlockColumn> Columns => _schema;

    /// <summary>
    /// Hands the next block with rows to the caller, who owns (and disposes) it from then on; null at the end. For
    /// readers that take whole blocks (the facade's typed and columnar results) instead of rows: do not mix with
    /// <see cref="Read"/>. <paramref name="cancellationToken"/> cancels the statement as in <see cref="ReadAsync"/>.
    /// </summary>
    internal async ValueTask<Block?> ReadBlockCoreAsync(bool async, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_closed, this);
        var current = _block;
        _block = null;
        if (current is not null && _row < 0)
        {
            // The first block, read with the header and not yet started.
            return current;
        }

        current?.Dispose();
        _row = -1;
        return await NextBlockWithRowsAsync(async, cancellationToken);
    }

    /// <summary>Rows of the current block when the reader stands on its first row, else null: where a caller that
    /// materializes rows checks the block's size before building any of them.</summary>
    internal int? RowsOfBlockStartingHere => _row == 0 ? _block?.RowCount : null;

    /// <summary>Reads to the end of the statement (discarding rows), so the connection is ready again.</summary>
    internal async ValueTask ConsumeAsync(bool async)
    {
        _block?.Dispose();
        _block = null;
        while (await NextBlockAsync(async, CancellationToken.None) is { } block)
        {
            block.Dispose();
        }

        _command.LastSummary ??= (_connector.CurrentQuery?.FinalSummary() ?? _connector.LastSummary);
    }

    /// <summary>
    /// Ends an INSERT whose header this reader took for a result: sends the end-of-data block without any rows (so
    /// nothing is written) and reads the server's acknowledgement, leaving the connection ready.
    /// </summary>
    internal async ValueTask EndInsertWithoutRowsAsync(bool async)
    {
        _closed = true;
        _finished = true;
        _block?.Dispose();
        _block = null;
        // The header's columns without data: the reader already released what it read.
        var header = new Block(Array.ConvertAll(_schema, c => c with { Data = null }), 0);
        using var insert = InsertSession.Continue(_connector, header, _command.CommandText);
        _command.LastSummary = await insert.EndAsync(async, CancellationToken.None);
    }

    /// <inheritdoc />
    public override bool NextResult() => false;

    /// <inheritdoc />
    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    /// <inheritdoc />
    public override int Depth => 0;

    /// <inheritdoc />
    public override bool IsClosed => _closed;

    /// <summary>Rows written by the statement (inserts), or -1 for queries.</summary>
    public override int RecordsAffected => _schema.Length == 0 ? (int)Math.Min(Summary.WrittenRows, int.MaxValue) : -1;

    /// <inheritdoc />
    public override bool HasRows => _block is not null;

    /// <inheritdoc />
    public override int FieldCount => _schema.Length;

    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <inheritdoc />
    public override string GetName(int ordinal) => _schema[ordinal].Name;

    /// <inheritdoc />
    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < _schema.Length; i++)
        {
            if (string.Equals(_schema[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < _schema.Length; i++)
        {
            if (string.Equals(_schema[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

#pragma warning disable CA2201 // ADO.NET specifies IndexOutOfRangeException for an unknown column name.
        throw new IndexOutOfRangeException($"The result has no column named '{name}'.");
#pragma warning restore CA2201
    }

    /// <summary>The ClickHouse type name, for example <c>LowCardinality(String)</c>.</summary>
    public override string GetDataTypeName(int ordinal) => _schema[ordinal].TypeName;

    /// <summary>The .NET type of the column's values (without Nullable: ADO.NET reports NULL as DBNull).</summary>
    public override Type GetFieldType(int ordinal)
    {
        var type = _schema[ordinal].Codec.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private ColumnData CurrentColumn(int ordinal)
    {
        if (_block is null || _row < 0)
        {
            throw new InvalidOperationException("No current row: call Read() first and check that it returned true.");
        }

        return _block.Columns[ordinal].Data!;
    }

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => CurrentColumn(ordinal).IsNull(_row);

    /// <inheritdoc />
    /// <exception cref="ClickHouseDataException">The server sent a value the column's .NET type cannot hold.</exception>
    public override object GetValue(int ordinal) => GetValueOrNull(ordinal) ?? DBNull.Value;

    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, _schema.Length);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    /// <summary>The value, or null for NULL (rather than DBNull).</summary>
    internal object? GetValueOrNull(int ordinal)
    {
        var column = CurrentColumn(ordinal);
        try
        {
            return column.GetValue(_row);
        }
        catch (OverflowException ex)
        {
            throw DoesNotFit(ordinal, typeof(object), ex);
        }
    }

    /// <summary>Reads the value as <typeparamref name="T"/>; without boxing when <typeparamref name="T"/> is the column's own type.</summary>
    /// <exception cref="ClickHouseDataException">The value does not fit <typeparamref name="T"/>, or the server sent a value the
    /// column's .NET type cannot hold.</exception>
    public override T GetFieldValue<T>(int ordinal)
    {
        var column = CurrentColumn(ordinal);
        try
        {
            return GetFieldValue<T>(ordinal, column);
        }
        catch (OverflowException ex)
        {
            throw DoesNotFit(ordinal, typeof(T), ex);
        }
    }

    // Values are mapped to .NET when read, so a value the server sent that .NET cannot hold fails here, for this value
    // only: the stream is in step, and the connection and the row's other columns stay usable.
    private ClickHouseDataException DoesNotFit(int ordinal, Type requested, OverflowException ex)
        => ex is UnrepresentableValueException unrepresentable
            ? unrepresentable.ToDataException(GetName(ordinal), GetDataTypeName(ordinal), _rowsBefore + _row)
            : ClickHouseDataException.ForRead(GetName(ordinal), GetDataTypeName(ordinal), _rowsBefore + _row, requested == typeof(object) ? ex.Message : $"{ex.Message} Read it as a wider type than {requested.Name}.", ex);

    private T GetFieldValue<T>(int ordinal, ColumnData column)
    {
        if (column is ColumnData<T> typed)
        {
            return typed.Get(_row);
        }

        var resolved = column.Resolve(_row);
        if (resolved is null)
        {
            return default(T) is null && typeof(T) != typeof(DBNull)
                ? default!
                : throw new InvalidCastException($"Column '{GetName(ordinal)}' is NULL in this row; read it as a nullable type or check IsDBNull first.");
        }

        if (resolved.Value.Column is ColumnData<T> inner)
        {
            return inner.Get(resolved.Value.Row);
        }

        if (typeof(T) == typeof(byte[]) && resolved.Value.Column is StringColumnData strings)
        {
            return (T)(object)strings.GetBytes(resolved.Value.Row).ToArray();
        }

        if (resolved.Value.Column is ColumnData<ClickHouseDateTime64> exact && ValueConvert.TryReadAs<T>(exact.Get(resolved.Value.Row), out var instant))
        {
            return instant;
        }

        var value = column.GetValue(_row);
        return value switch
        {
            T t => t,
            IConvertible when typeof(T) != typeof(object) && Nullable.GetUnderlyingType(typeof(T)) is null && typeof(IConvertible).IsAssignableFrom(typeof(T))
                => (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidCastException($"Column '{GetName(ordinal)}' ({GetDataTypeName(ordinal)}) holds {value?.GetType().Name ?? "NULL"}, which cannot be read as {typeof(T).Name}."),
        };
    }

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => GetFieldValue<bool>(ordinal);

    /// <inheritdoc />
    public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);

    /// <inheritdoc />
    public override char GetChar(int ordinal) => GetString(ordinal) is [var c] ? c : throw new InvalidCastException($"Column '{GetName(ordinal)}' does not hold a single character.");

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => GetFieldValue<DateTime>(ordinal);

    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => GetFieldValue<decimal>(ordinal);

    /// <inheritdoc />
    public override double GetDouble(int ordinal) => GetFieldValue<double>(ordinal);

    /// <inheritdoc />
    public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);

    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);

    /// <inheritdoc />
    public override short GetInt16(int ordinal) => GetFieldValue<short>(ordinal);

    /// <inheritdoc />
    public override int GetInt32(int ordinal) => GetFieldValue<int>(ordinal);

    /// <inheritdoc />
    public override long GetInt64(int ordinal) => GetFieldValue<long>(ordinal);

    /// <inheritdoc />
    public override string GetString(int ordinal) => GetFieldValue<string>(ordinal);

    /// <summary>Copies raw bytes of a String or FixedString value (no UTF-8 decoding).</summary>
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = GetFieldValue<byte[]>(ordinal);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <inheritdoc />
    public override void Close() => SyncCompletion.Wait(CloseCoreAsync(async: false));

    /// <inheritdoc />
    public override Task CloseAsync() => CloseCoreAsync(async: true).AsTask();

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await CloseCoreAsync(async: true);
        await base.DisposeAsync();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    // Closing early cancels the statement and drains it, so the connection can run the next one.
    private async ValueTask CloseCoreAsync(bool async)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _block?.Dispose();
        _block = null;
        try
        {
            if (!_finished)
            {
                _connector.RequestCancel(timedOut: false);
                try
                {
                    await ConsumeAsync(async);
                }
                catch (OperationCanceledException)
                {
                    // The cancellation we asked for: the connection is clean again.
                }
            }
        }
        finally
        {
            _command.LastSummary ??= (_connector.CurrentQuery?.FinalSummary() ?? _connector.LastSummary);
            if ((_behavior & CommandBehavior.CloseConnection) != 0)
            {
                _connection.Close();
            }

            Operation?.End(_command.LastSummary);
        }
    }
}
