using System.Linq.Expressions;
using System.Reflection;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Mapping;

/// <summary>
/// Appends records of <typeparamref name="T"/> to the column builders of an insert block whose columns are exactly
/// <see cref="Names"/> (a header whose every column has a member, see <see cref="RecordMaps.InsertColumns{T}"/>).
/// Compiled once per (T, header) by <see cref="RecordMaps.Writer{T}"/>: one delegate per row reads each member and calls
/// the builder's typed append for the member's type - after a conversion from the one table
/// (<see cref="ValueConvert.MemberConversion"/>) where the column's .NET type differs - so value-type members are not
/// boxed. Member and column types without a typed path (Map, Tuple, Variant, Dynamic, JSON, and conversions the
/// builders do themselves, such as text into UUID or IPv4) go through the builder's object append.
/// </summary>
internal sealed class RecordWriter<T>
{
    private readonly Action<T, ColumnBuilder[]> _append;
    private readonly RecordMember[] _members;

    private RecordWriter(string[] names, string[] types, RecordMember[] members, Action<T, ColumnBuilder[]> append)
    {
        Names = names;
        Types = types;
        _members = members;
        _append = append;
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<string> Types { get; }

    /// <summary>Appends one row to <paramref name="builders"/> (one per column, in <see cref="Names"/> order).</summary>
    public void Append(T row, ColumnBuilder[] builders) => _append(row, builders);

    /// <summary>The member that fills column <paramref name="column"/> and its value in <paramref name="row"/> (for error messages).</summary>
    public (string Member, object? Value) Describe(int column, T row)
    {
        var member = _members[column];
        var value = member.Member switch
        {
            PropertyInfo property => property.GetValue(row),
            FieldInfo field => field.GetValue(row),
            _ => null,
        };
        return (member.Describe(typeof(T)), value);
    }

    /// <summary>
    /// The table columns <typeparamref name="T"/> fills, in table order: columns without a member are left out (their
    /// defaults apply); a member without a column is a <see cref="ClickHouseMappingException"/> naming it.
    /// </summary>
    public static string[] ChooseColumns(IReadOnlyList<string> tableColumns, string table)
    {
        var record = typeof(T);
        var members = Members();
        var assigned = ColumnMatch.Assign(record, members, tableColumns, ClickHouseOutcome.NotExecuted);
        var missing = members.Where((_, m) => assigned[m] < 0).ToList();
        if (missing.Count > 0)
        {
            throw new ClickHouseMappingException(
                $"{string.Join(", ", missing.Select(m => m.Describe(record)))} {(missing.Count == 1 ? "has" : "have")} no column in {table} "
                + $"(columns: {string.Join(", ", tableColumns)}); add the column, name it with [Column(\"...\")], or mark the member [NotMapped].",
                record, missing[0].Name, null, ClickHouseOutcome.NotExecuted);
        }

        return [.. tableColumns.Where((_, c) => assigned.Contains(c))];
    }

    /// <summary>Compiles the writer for <paramref name="header"/>; every column needs a member (<see cref="ChooseColumns"/>).</summary>
    public static RecordWriter<T> Create(IReadOnlyList<BlockColumn> header)
    {
        var record = typeof(T);
        var members = Members();
        var names = header.Select(c => c.Name).ToArray();
        var assigned = ColumnMatch.Assign(record, members, names, ClickHouseOutcome.NotExecuted);
        var byColumn = new RecordMember[header.Count];
        for (var m = 0; m < members.Count; m++)
        {
            if (assigned[m] >= 0)
            {
                byColumn[assigned[m]] = members[m];
            }
        }

        var row = Expression.Parameter(record, "row");
        var builders = Expression.Parameter(typeof(ColumnBuilder[]), "builders");
        var body = new List<Expression>();
        for (var c = 0; c < header.Count; c++)
        {
            var member = byColumn[c] ?? throw new ClickHouseMappingException(
                $"Column '{header[c].Name}' of the insert has no member in {record.Name}; insert the columns {record.Name} maps, or add a member for it.",
                record, null, header[c].Name, ClickHouseOutcome.NotExecuted);
            using var sample = header[c].Codec.CreateBuilder();
            var builder = Expression.Convert(Expression.ArrayIndex(builders, Expression.Constant(c)), sample.GetType());
            var value = member.Member is PropertyInfo property ? Expression.Property(row, property) : Expression.Field(row, (FieldInfo)member.Member!);
            body.Add(Append(header[c].Codec, sample, builder, value));
        }

        var append = Expression.Lambda<Action<T, ColumnBuilder[]>>(Expression.Block(body.Append(Expression.Empty())), row, builders).Compile();
        return new RecordWriter<T>(names, [.. header.Select(c => c.TypeName)], byColumn, append);
    }

    private static List<RecordMember> Members()
    {
        var members = RecordShape.Of(typeof(T), forReading: false).Readable;
        return members.Count > 0
            ? [.. members]
            : throw new ClickHouseMappingException(
                $"{typeof(T).Name} has no public readable properties or fields to insert; insert records, or rows as object?[] with column names.",
                typeof(T), null, null, ClickHouseOutcome.NotExecuted);
    }

    // One value into one builder, NULL handled here: Nullable columns flag it, LowCardinality points at key 0, other
    // columns refuse it.
    private static BlockExpression Append(ColumnCodec codec, ColumnBuilder sample, Expression builder, Expression value)
    {
        var type = value.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        var temp = Expression.Variable(type, "value");
        Expression? isNull = underlying is not null
            ? Expression.Not(Expression.Property(temp, nameof(Nullable<int>.HasValue)))
            : type.IsValueType ? null : Expression.ReferenceEqual(temp, Expression.Constant(null, type));
        Expression present = underlying is not null ? Expression.Call(temp, type.GetMethod(nameof(Nullable<int>.GetValueOrDefault), Type.EmptyTypes)!) : temp;
        Expression body;
        switch (codec)
        {
            case NullableCodec nullable:
                var values = ((NullableColumnBuilder)sample).Values;
                var inner = Expression.Convert(Expression.Property(builder, nameof(NullableColumnBuilder.Values)), values.GetType());
                var nonNull = Expression.Block(AppendPresent(nullable.Nested, values, inner, present), Expression.Call(builder, nameof(NullableColumnBuilder.AppendPresent), null));
                body = isNull is null ? nonNull : Expression.IfThenElse(isNull, Expression.Call(builder, nameof(NullableColumnBuilder.AppendNull), null), nonNull);
                break;
            case LowCardinalityCodec lowCardinality:
                var keys = lowCardinality.Inner is NullableCodec n ? n.Nested : lowCardinality.Inner;
                var key = Converted(present, keys.ClrType);
                Expression appendKey = key is null
                    ? Expression.Call(builder, typeof(ColumnBuilder).GetMethod(nameof(ColumnBuilder.Append))!, Expression.Convert(present, typeof(object)))
                    : Expression.Call(builder, nameof(LowCardinalityColumnBuilder.Append), [keys.ClrType], key);
                body = isNull is null ? appendKey : Expression.IfThenElse(isNull, Expression.Call(builder, nameof(LowCardinalityColumnBuilder.AppendNull), null), appendKey);
                break;
            default:
                var append = AppendPresent(codec, sample, builder, present);
                body = isNull is null ? append : Expression.IfThenElse(isNull, Expression.Throw(Expression.Call(typeof(ValueConvert).GetMethod(nameof(ValueConvert.NullNotAllowed))!)), append);
                break;
        }

        return Expression.Block([temp], Expression.Assign(temp, value), body);
    }

    // A value known not to be NULL into a builder of a non-Nullable type.
    private static MethodCallExpression AppendPresent(ColumnCodec codec, ColumnBuilder sample, Expression builder, Expression value)
    {
        var type = value.Type;
        var builderType = sample.GetType();
        if (codec is ArrayCodec array && type != typeof(string) && Element(type) is { } element)
        {
            var elements = ((ArrayColumnBuilder)sample).Elements;
            var elementBuilder = Expression.Parameter(typeof(ColumnBuilder), "elements");
            var item = Expression.Parameter(element, "element");
            var appendElement = Expression.Lambda(
                typeof(Action<,>).MakeGenericType(typeof(ColumnBuilder), element),
                Append(array.Elements, elements, Expression.Convert(elementBuilder, elements.GetType()), item),
                elementBuilder,
                item).Compile();
            return Expression.Call(
                typeof(ArrayAppend).GetMethod(nameof(ArrayAppend.Append))!.MakeGenericMethod(element),
                builder,
                Expression.Convert(value, typeof(IEnumerable<>).MakeGenericType(element)),
                Expression.Constant(appendElement));
        }

        if (type.IsEnum && codec.Type.Name is "Enum8" or "Enum16")
        {
            var raw = codec.Type.Name == "Enum8" ? typeof(sbyte) : typeof(short);
            var labels = Activator.CreateInstance(typeof(EnumLabels<,>).MakeGenericType(type, raw), codec.Type)!;
            return Expression.Call(Expression.Constant(labels), labels.GetType().GetMethod("Append")!, builder, value);
        }

        if (TypedAppend(builderType, type) is { } direct)
        {
            return Expression.Call(builder, direct, value);
        }

        var clr = codec.ClrType;
        if (TypedAppend(builderType, clr) is { } typed && Converted(value, clr) is { } converted)
        {
            return Expression.Call(builder, typed, converted);
        }

        return Expression.Call(builder, typeof(ColumnBuilder).GetMethod(nameof(ColumnBuilder.Append))!, Expression.Convert(value, typeof(object)));
    }

    // The builder's own Append(T) when it implements IColumnAppender<T>.
    private static MethodInfo? TypedAppend(Type builderType, Type valueType)
        => typeof(IColumnAppender<>).MakeGenericType(valueType).IsAssignableFrom(builderType)
            ? builderType.GetMethod(nameof(IColumnAppender<int>.Append), [valueType])
            : null;

    // The value as the column's .NET type: itself, or through the conversion table; null when neither.
    private static Expression? Converted(Expression value, Type target)
        => value.Type == target ? value
            : ValueConvert.MemberConversion(value.Type, target) is { } conversion ? Expression.Call(conversion, value)
            : null;

    private static Type? Element(Type type)
        => ReadPlan.CollectionElement(type)
            ?? type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}
