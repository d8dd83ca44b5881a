using System.Collections;
using Ja4Data.Protocol;
using Ja4Data.Types.Conversion;

namespace Ja4Data.Types.Columns;

/// <summary>Builds a Map column from any <see cref="IDictionary"/>, or a sequence of pairs (KeyValuePair, 2-tuples).</summary>
internal sealed class MapColumnBuilder(ColumnBuilder entries, string typeName) : ColumnBuilder
{
    public override int Count => entries.Count;

    public override void Append(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                throw ValueConvert.NullNotAllowed();
            case IDictionary dictionary:
                var list = new List<object?[]>(dictionary.Count);
                for (var e = dictionary.GetEnumerator(); e.MoveNext();)
                {
                    list.Add([e.Key, e.Value]);
                }

                entries.Append(list);
                break;
            case IEnumerable pairs and not string:
                entries.Append(pairs.Cast<object?>().Select(Pair).ToList());
                break;
            default:
                throw ValueConvert.Unsupported(value, typeName + " (expected a dictionary)");
        }
    }

    private object?[] Pair(object? item) => item switch
    {
        ITuple { Length: 2 } tuple => [tuple[0], tuple[1]],
        object?[] { Length: 2 } array => array,
        not null when item.GetType().IsGenericType && item.GetType().GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
            => [item.GetType().GetProperty("Key")!.GetValue(item), item.GetType().GetProperty("Value")!.GetValue(item)],
        _ => throw new InvalidCastException($"a {item?.GetType().Name ?? "null"} entry cannot be written to {typeName} (expected key/value pairs)."),
    };

    public override void WritePrefix(ProtocolWriter writer) => entries.WritePrefix(writer);

    public override void WriteData(ProtocolWriter writer) => entries.WriteData(writer);

    public override void Clear() => entries.Clear();

    public override void Truncate(int count) => entries.Truncate(count);

    protected override void ReleaseBuffers() => entries.Dispose();
}
