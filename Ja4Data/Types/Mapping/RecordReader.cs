using System.Linq.Expressions;
using System.Net;
using System.Numerics;
using System.Reflection;

namespace Ja4Data.Types.Mapping;

/// <summary>
/// Builds records of <typeparamref name="T"/> from result blocks, compiled once per (T, result columns) by
/// <see cref="RecordMaps.Reader{T}"/>: per block, each mapped column gets a typed reader (<see cref="ReadPlan"/>), and one
/// compiled function calls T's constructor and setters for a row - no reflection and no boxing per row.
/// </summary>
/// <remarks>
/// Rules (docs/types.md, "Typed records"): names as <see cref="ColumnMatch"/> says; a constructor parameter without a
/// column takes its default value if it declares one and is an error otherwise; a settable member without a column
/// keeps its initial value unless it is <c>required</c> (an error); columns without a member are ignored. A scalar
/// <typeparamref name="T"/> (number, string, date, Guid, enum, array...) is read from the first column.
/// </remarks>
internal sealed class RecordReader<T>
{
    private readonly int[] _ordinals;
    private readonly ReadPlan[] _plans;
    private readonly ColumnSite[] _sites;
    private readonly int _columnCount;
    private readonly Func<ColumnReader[], int, T> _build;

    private RecordReader(int columnCount, int[] ordinals, ReadPlan[] plans, ColumnSite[] sites, Func<ColumnReader[], int, T> build)
    {
        _columnCount = columnCount;
        _ordinals = ordinals;
        _plans = plans;
        _sites = sites;
        _build = build;
    }

    /// <summary>Compiles the mapping; throws <see cref="ClickHouseMappingException"/> when T does not fit the columns.</summary>
    public static RecordReader<T> Create(IReadOnlyList<BlockColumn> columns)
    {
        var record = typeof(T);
        var names = columns.Select(c => c.Name).ToArray();
        if (IsScalar(record))
        {
            if (columns.Count == 0)
            {
                throw new ClickHouseMappingException($"The result has no columns to read {TypeNames.Of(record)} values from.", record, null, null, ClickHouseOutcome.Failed);
            }

            var member = new RecordMember(TypeNames.Of(record), record, null, null, null, Required: true);
            var site = Site(record, member, columns[0]);
            var plan = ReadPlan.For(columns[0].Codec, record) ?? throw site.TypeError();
            return Compile(columns.Count, [(0, plan, site, member)], null, record);
        }

        var shape = RecordShape.Of(record, forReading: true);
        var members = shape.Parameters.Concat(shape.Settable).ToList();
        var assigned = ColumnMatch.Assign(record, members, names, ClickHouseOutcome.Failed);
        var used = new List<(int Ordinal, ReadPlan Plan, ColumnSite Site, RecordMember Member)>();
        for (var m = 0; m < members.Count; m++)
        {
            var member = members[m];
            if (assigned[m] < 0)
            {
                if (member.Required)
                {
                    throw Missing(record, member, names);
                }

                continue;
            }

            var site = Site(record, member, columns[assigned[m]]);
            used.Add((assigned[m], ReadPlan.For(columns[assigned[m]].Codec, member.Type) ?? throw site.TypeError(), site, member));
        }

        return Compile(columns.Count, used, shape, record);
    }

    /// <summary>
    /// The records of <paramref name="block"/>, each built when it is asked for (a stream that hands them on one by
    /// one leaves each to the youngest generation of the collector); <paramref name="firstRow"/> numbers the block's
    /// first row in the result, for messages. Valid while the block is.
    /// </summary>
    public BlockRecords Bind(Block block, long firstRow)
    {
        if (block.ColumnCount != _columnCount)
        {
            throw new InvalidOperationException($"A block of {block.ColumnCount} columns was read with a mapping for {_columnCount}.");
        }

        var readers = new ColumnReader[_ordinals.Length];
        for (var k = 0; k < readers.Length; k++)
        {
            readers[k] = _plans[k].BindColumn(block.Columns[_ordinals[k]].Data!);
        }

        return new BlockRecords(this, readers, firstRow, block.RowCount);
    }

    /// <summary>
    /// Reads every row of <paramref name="block"/> into <paramref name="output"/> (at least as long as the block);
    /// <paramref name="firstRow"/> numbers the block's first row in the result, for messages.
    /// </summary>
    public void Read(Block block, long firstRow, T[] output)
    {
        var records = Bind(block, firstRow);
        for (var row = 0; row < records.Count; row++)
        {
            output[row] = records[row];
        }
    }

    /// <summary>
    /// The types read from one column rather than mapped member by member: numbers, text, dates and times, Guid,
    /// addresses, enums, decimals, their Nullable forms, arrays and lists, dictionaries and <c>object</c>.
    /// </summary>
    public static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(object)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeSpan)
            || type == typeof(Guid) || type == typeof(BigInteger) || type == typeof(Int128) || type == typeof(UInt128) || type == typeof(Half)
            || type == typeof(IPAddress) || type == typeof(ClickHouseDecimal) || typeof(Array).IsAssignableFrom(type)
            || ReadPlan.CollectionElement(type) is not null
            || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>));
    }

    internal static bool IsConversionFailure(Exception exception)
        => exception is InvalidCastException or OverflowException or FormatException or ArgumentException;

    private static ColumnSite Site(Type record, RecordMember member, BlockColumn column) => new(record, member, column.Name, column.TypeName, ClickHouseOutcome.Failed);

    private static ClickHouseMappingException Missing(Type record, RecordMember member, IReadOnlyList<string> names)
    {
        var remedy = member.Parameter is null
            ? "select it, or drop 'required' from the member"
            : "select it (or alias a column AS it), give the parameter a default value, or name its column with [property: Column(\"...\")]";
        return new ClickHouseMappingException(
            $"{member.Describe(record)} has no column in the result (columns: {string.Join(", ", names)}); {remedy}.",
            record, member.Name, null, ClickHouseOutcome.Failed);
    }

    // Re-reads the failed row column by column: reads are pure, so the column that threw in the loop throws again.
    private ClickHouseMappingException Locate(ColumnReader[] readers, int row, long firstRow, Exception failure)
    {
        for (var k = 0; k < readers.Length; k++)
        {
            try
            {
                readers[k].Probe(row);
            }
            catch (Exception ex) when (IsConversionFailure(ex))
            {
                return ex is NullValueException ? _sites[k].NullError(firstRow + row) : _sites[k].ValueError(firstRow + row, ex.Message, ex);
            }
        }

        return new ClickHouseMappingException($"Row {firstRow + row} could not be mapped to {typeof(T).Name}: {failure.Message}", typeof(T), null, null, ClickHouseOutcome.Failed, failure);
    }

    // One compiled function per mapping builds the record of one row: the typed column readers are taken from the array
    // and each member's value read and converted without reflection or boxing.
    private static RecordReader<T> Compile(int columnCount, List<(int Ordinal, ReadPlan Plan, ColumnSite Site, RecordMember Member)> used, RecordShape? shape, Type record)
    {
        var readers = Expression.Parameter(typeof(ColumnReader[]), "readers");
        var row = Expression.Parameter(typeof(int), "row");
        var values = new Dictionary<RecordMember, Expression>();
        for (var k = 0; k < used.Count; k++)
        {
            var readerType = typeof(ColumnReader<>).MakeGenericType(used[k].Member.Type);
            var reader = Expression.Convert(Expression.ArrayIndex(readers, Expression.Constant(k)), readerType);
            values[used[k].Member] = Expression.Call(reader, readerType.GetMethod(nameof(ColumnReader<int>.Get))!, row);
        }

        var build = shape is null ? values.Values.Single() : Construct(shape, values);
        var compiled = Expression.Lambda<Func<ColumnReader[], int, T>>(build, readers, row).Compile();
        return new RecordReader<T>(columnCount, [.. used.Select(u => u.Ordinal)], [.. used.Select(u => u.Plan)], [.. used.Select(u => u.Site)], compiled);
    }

    private static Expression Construct(RecordShape shape, Dictionary<RecordMember, Expression> values)
    {
        var arguments = shape.Parameters.Select(p => values.TryGetValue(p, out var value) ? value : DefaultOf(p.Parameter!)).ToList();
        var created = shape.Constructor is null ? Expression.New(shape.Type) : Expression.New(shape.Constructor, arguments);
        var bindings = shape.Settable
            .Where(values.ContainsKey)
            .Select(m => (MemberBinding)Expression.Bind(m.Member!, values[m]))
            .ToList();
        return bindings.Count == 0 ? created : Expression.MemberInit(created, bindings);
    }

    private static Expression DefaultOf(ParameterInfo parameter)
        => parameter.DefaultValue is null or DBNull ? Expression.Default(parameter.ParameterType) : Expression.Constant(parameter.DefaultValue, parameter.ParameterType);

    /// <summary>The records of one block, built on demand by <see cref="Bind"/>'s reader.</summary>
    internal sealed class BlockRecords(RecordReader<T> owner, ColumnReader[] readers, long firstRow, int count)
    {
        /// <summary>The block's row count.</summary>
        public int Count { get; } = count;

        /// <summary>The record of <paramref name="row"/> (0-based in the block).</summary>
        /// <exception cref="ClickHouseMappingException">A value does not fit its member; names row, column and member.</exception>
        public T this[int row]
        {
            get
            {
                try
                {
                    return owner._build(readers, row);
                }
                catch (Exception ex) when (IsConversionFailure(ex))
                {
                    throw owner.Locate(readers, row, firstRow, ex);
                }
            }
        }
    }
}
