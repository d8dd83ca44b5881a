using System.Linq.Expressions;
using Ja4Data.Types.Codecs;
using Ja4Data.Types.Columns;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Mapping;

/// <summary>
/// How one column becomes values of a member type, decided once per (column type, member type) from the codec:
/// unwrapping Nullable and LowCardinality, converting through <see cref="ValueConvert.MemberConversion"/>, building
/// arrays and lists element by element. <see cref="ReadPlan{T}.Bind"/> attaches it to one block's column data.
/// </summary>
internal abstract class ReadPlan
{
    public abstract ColumnReader BindColumn(ColumnData data);

    /// <summary>The plan for reading <paramref name="codec"/>'s values as <paramref name="member"/>; null when the table has no way.</summary>
    public static ReadPlan? For(ColumnCodec codec, Type member)
    {
        if (member == typeof(object))
        {
            return new ObjectPlan();
        }

        if (Nullable.GetUnderlyingType(member) is { } underlying)
        {
            return For(codec, underlying) is { } inner ? Create(typeof(LiftedPlan<>), [underlying], inner) : null;
        }

        switch (codec)
        {
            case NullableCodec nullable:
                return For(nullable.Nested, member) is { } values ? Create(typeof(NullableColumnPlan<>), [member], values) : null;
            case LowCardinalityCodec lowCardinality:
                var keys = lowCardinality.Inner is NullableCodec inner ? inner.Nested : lowCardinality.Inner;
                return For(keys, member) is { } dictionary ? Create(typeof(LowCardinalityPlan<>), [member], dictionary) : null;
            case ArrayCodec array when CollectionElement(member) is { } element:
                return For(array.Elements, element) is { } elements ? Create(typeof(ArrayPlan<,>), [element, member], elements) : null;
        }

        var source = codec.ClrType;
        if (source == member)
        {
            return Create(typeof(DirectPlan<>), [member]);
        }

        if (!source.IsValueType && member.IsAssignableFrom(source))
        {
            return Create(typeof(AssignPlan<,>), [source, member]);
        }

        if (source == typeof(string) && member == typeof(byte[]))
        {
            return new BytesPlan();
        }

        return ValueConvert.MemberConversion(source, member) is { } conversion
            ? Create(typeof(ConvertPlan<,>), [source, member], Compile(conversion, source, member))
            : null;
    }

    /// <summary>
    /// The element type when <paramref name="type"/> is a collection an Array column fills: <c>T[]</c>,
    /// <c>List&lt;T&gt;</c>, or an interface a <c>T[]</c> implements (<c>IReadOnlyList&lt;T&gt;</c>, <c>IList&lt;T&gt;</c>,
    /// <c>IEnumerable&lt;T&gt;</c>...).
    /// </summary>
    public static Type? CollectionElement(Type type)
    {
        if (type.IsArray)
        {
            return type.GetArrayRank() == 1 ? type.GetElementType() : null;
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var element]
            && (type.GetGenericTypeDefinition() == typeof(List<>) || (type.IsInterface && type.IsAssignableFrom(element.MakeArrayType()))))
        {
            return element;
        }

        return null;
    }

    private static Delegate Compile(System.Reflection.MethodInfo conversion, Type source, Type member)
    {
        var value = Expression.Parameter(source, "value");
        return Expression.Lambda(typeof(Func<,>).MakeGenericType(source, member), Expression.Call(conversion, value), value).Compile();
    }

    private static ReadPlan Create(Type definition, Type[] arguments, params object[] parameters)
        => (ReadPlan)Activator.CreateInstance(definition.MakeGenericType(arguments), parameters)!;
}

/// <inheritdoc />
internal abstract class ReadPlan<T> : ReadPlan
{
    /// <summary>A reader over one block's column.</summary>
    public abstract ColumnReader<T> Bind(ColumnData data);

    public override ColumnReader BindColumn(ColumnData data) => Bind(data);

    /// <summary>
    /// A non-NULL value as <see cref="ColumnData.GetValue"/> gives it, for column shapes without a typed path (sparse
    /// columns from newer servers).
    /// </summary>
    public abstract T FromBoxed(object value);

    protected ColumnReader<T> Boxed(ColumnData data) => new BoxedReader<T>(data, this);
}

/// <summary>Values of one column of one block, as a member type (<see cref="ColumnReader{T}"/>).</summary>
internal abstract class ColumnReader
{
    /// <summary>Reads a row and drops the value: finds which column of a failed row threw.</summary>
    public abstract void Probe(int row);
}

/// <summary>
/// A bound reader. <see cref="Get"/> throws <see cref="InvalidCastException"/>, <see cref="OverflowException"/> or
/// <see cref="FormatException"/> for a value that does not convert (<see cref="NullValueException"/> for NULL into a
/// non-nullable member); the record reader adds row, column and member.
/// </summary>
internal abstract class ColumnReader<T> : ColumnReader
{
    public abstract T Get(int row);

    public override void Probe(int row) => Get(row);

    /// <summary>What a NULL becomes: null for reference types (Nullable members are lifted before), an error otherwise.</summary>
    protected static T Null() => default(T) is null ? default! : throw new NullValueException();
}

/// <summary>A NULL for a member that cannot hold one.</summary>
internal sealed class NullValueException() : InvalidCastException("the value is NULL");

internal sealed class ObjectPlan : ReadPlan<object?>
{
    public override ColumnReader<object?> Bind(ColumnData data) => Boxed(data);

    public override object? FromBoxed(object value) => value;
}

internal sealed class DirectPlan<T> : ReadPlan<T>
{
    public override ColumnReader<T> Bind(ColumnData data) => data is ColumnData<T> typed ? new Reader(typed) : Boxed(data);

    public override T FromBoxed(object value) => (T)value;

    private sealed class Reader(ColumnData<T> column) : ColumnReader<T>
    {
        public override T Get(int row) => column.Get(row);
    }
}

/// <summary>A reference type read as a base type or interface it implements (no conversion, no boxing).</summary>
internal sealed class AssignPlan<TSource, T> : ReadPlan<T>
    where TSource : class, T
{
    public override ColumnReader<T> Bind(ColumnData data) => data is ColumnData<TSource> typed ? new Reader(typed) : Boxed(data);

    public override T FromBoxed(object value) => (T)value;

    private sealed class Reader(ColumnData<TSource> column) : ColumnReader<T>
    {
        public override T Get(int row) => column.Get(row);
    }
}

internal sealed class ConvertPlan<TSource, T>(Func<TSource, T> convert) : ReadPlan<T>
{
    public override ColumnReader<T> Bind(ColumnData data) => data is ColumnData<TSource> typed ? new Reader(typed, convert) : Boxed(data);

    public override T FromBoxed(object value) => convert((TSource)value);

    private sealed class Reader(ColumnData<TSource> column, Func<TSource, T> convert) : ColumnReader<T>
    {
        public override T Get(int row) => convert(column.Get(row));
    }
}

/// <summary>A String column's raw bytes, without UTF-8 decoding.</summary>
internal sealed class BytesPlan : ReadPlan<byte[]>
{
    public override ColumnReader<byte[]> Bind(ColumnData data) => data is StringColumnData strings ? new Reader(strings) : Boxed(data);

    public override byte[] FromBoxed(object value) => value as byte[] ?? System.Text.Encoding.UTF8.GetBytes((string)value);

    private sealed class Reader(StringColumnData column) : ColumnReader<byte[]>
    {
        public override byte[] Get(int row) => column.GetBytes(row).ToArray();
    }
}

/// <summary>A <c>Nullable&lt;T&gt;</c> member: NULL is null, anything else the plan of <typeparamref name="T"/>.</summary>
internal sealed class LiftedPlan<T>(ReadPlan<T> values) : ReadPlan<T?>
    where T : struct
{
    public override ColumnReader<T?> Bind(ColumnData data) => new Reader(data, values.Bind(data));

    public override T? FromBoxed(object value) => values.FromBoxed(value);

    private sealed class Reader(ColumnData column, ColumnReader<T> values) : ColumnReader<T?>
    {
        public override T? Get(int row) => column.IsNull(row) ? null : values.Get(row);
    }
}

/// <summary>A Nullable(X) column: the null map, then X's plan over the nested column.</summary>
internal sealed class NullableColumnPlan<T>(ReadPlan<T> values) : ReadPlan<T>
{
    public override ColumnReader<T> Bind(ColumnData data) => data is NullableColumnData nullable ? new Reader(nullable, values.Bind(nullable.Values)) : Boxed(data);

    public override T FromBoxed(object value) => values.FromBoxed(value);

    private sealed class Reader(NullableColumnData column, ColumnReader<T> values) : ColumnReader<T>
    {
        public override T Get(int row) => column.IsNull(row) ? Null() : values.Get(row);
    }
}

/// <summary>
/// A LowCardinality column: each dictionary key is converted once per block, on first use, so rows that share a
/// key share the value (one string instance for all rows of a LowCardinality(String) key).
/// </summary>
internal sealed class LowCardinalityPlan<T>(ReadPlan<T> keys) : ReadPlan<T>
{
    public override ColumnReader<T> Bind(ColumnData data)
        => data is LowCardinalityColumnData lowCardinality ? new Reader(lowCardinality, keys.Bind(lowCardinality.Dictionary)) : Boxed(data);

    public override T FromBoxed(object value) => keys.FromBoxed(value);

    private sealed class Reader(LowCardinalityColumnData column, ColumnReader<T> keys) : ColumnReader<T>
    {
        private readonly T[] _values = new T[column.Dictionary.Count];
        private readonly bool[] _converted = new bool[column.Dictionary.Count];

        public override T Get(int row)
        {
            if (column.IsNull(row))
            {
                return Null();
            }

            var key = column.IndexAt(row);
            if (!_converted[key])
            {
                _values[key] = keys.Get(key);
                _converted[key] = true;
            }

            return _values[key];
        }
    }
}

/// <summary>An Array(X) column into <c>T[]</c>, <c>List&lt;T&gt;</c> or an interface of <c>T[]</c>: one new collection per row.</summary>
internal sealed class ArrayPlan<TElement, T>(ReadPlan<TElement> elements) : ReadPlan<T>
    where T : class
{
    public override ColumnReader<T> Bind(ColumnData data)
        => data is ArrayColumnData array ? new Reader(array, elements.Bind(array.Elements)) : Boxed(data);

    public override T FromBoxed(object value)
    {
        var source = (Array)value;
        var result = new TElement[source.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var element = source.GetValue(i);
            result[i] = element is null ? NullElement() : elements.FromBoxed(element);
        }

        return Shape(result);
    }

    private static TElement NullElement() => default(TElement) is null ? default! : throw new NullValueException();

    private static T Shape(TElement[] values) => typeof(T) == typeof(List<TElement>) ? (T)(object)new List<TElement>(values) : (T)(object)values;

    private sealed class Reader(ArrayColumnData column, ColumnReader<TElement> elements) : ColumnReader<T>
    {
        public override T Get(int row)
        {
            var (start, length) = column.Range(row);
            if (typeof(T) == typeof(List<TElement>))
            {
                var list = new List<TElement>(length);
                CollectionsMarshal.SetCount(list, length);
                Fill(CollectionsMarshal.AsSpan(list), start);
                return (T)(object)list;
            }

            TElement[] values = length == 0 ? [] : new TElement[length];
            Fill(values, start);
            return (T)(object)values;
        }

        private void Fill(Span<TElement> values, int start)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = elements.Get(start + i);
            }
        }
    }
}

/// <summary>Any column shape without a typed path: the boxed value, then the plan's conversion.</summary>
internal sealed class BoxedReader<T>(ColumnData column, ReadPlan<T> plan) : ColumnReader<T>
{
    public override T Get(int row) => column.GetValue(row) is { } value ? plan.FromBoxed(value) : Null();
}
