using System.Collections;
using System.Data.Common;

namespace Ja4Data;

/// <summary>
/// The parameters of a <see cref="ClickHouseCommand"/>. Names are looked up with or without a leading <c>@</c>, <c>:</c>
/// or <c>?</c> (<c>Contains("@p")</c> and <c>Contains("p")</c> agree).
/// </summary>
public sealed class ClickHouseParameterCollection : DbParameterCollection, IEnumerable<ClickHouseParameter>
{
    private readonly List<ClickHouseParameter> _items = [];

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <inheritdoc />
    public override object SyncRoot => ((ICollection)_items).SyncRoot;

    /// <summary>Adds a parameter.</summary>
    public ClickHouseParameter Add(ClickHouseParameter parameter)
    {
        _items.Add(parameter);
        return parameter;
    }

    /// <summary>Adds a parameter for the placeholder <c>{name:Type}</c> or <c>@name</c>.</summary>
    public ClickHouseParameter AddWithValue(string name, object? value) => Add(new ClickHouseParameter(name, value));

    /// <summary>
    /// The parameter a placeholder named <paramref name="name"/> binds: the one of exactly that name (a leading @, : or ?
    /// ignored), else the only one whose name differs in case alone (SQL written <c>@Status</c> for a member
    /// <c>status</c>, which Dapper passes), else null.
    /// </summary>
    public ClickHouseParameter? Find(string name)
    {
        var index = IndexOf(name);
        if (index >= 0)
        {
            return _items[index];
        }

        var bare = ClickHouseParameter.BareName(name);
        var matches = _items.FindAll(p => string.Equals(p.ParameterName, bare, StringComparison.OrdinalIgnoreCase));
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <inheritdoc />
    public override int Add(object value)
    {
        _items.Add(Cast(value));
        return _items.Count - 1;
    }

    /// <inheritdoc />
    public override void AddRange(Array values)
    {
        foreach (var value in values)
        {
            Add(value!);
        }
    }

    /// <inheritdoc />
    public override void Clear() => _items.Clear();

    /// <inheritdoc />
    public override bool Contains(object value) => value is ClickHouseParameter p && _items.Contains(p);

    /// <inheritdoc />
    public override bool Contains(string value) => IndexOf(value) >= 0;

    /// <inheritdoc />
    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<ClickHouseParameter> IEnumerable<ClickHouseParameter>.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public override int IndexOf(object value) => value is ClickHouseParameter p ? _items.IndexOf(p) : -1;

    /// <inheritdoc />
    public override int IndexOf(string parameterName)
    {
        var bare = ClickHouseParameter.BareName(parameterName);
        return _items.FindIndex(p => string.Equals(p.ParameterName, bare, StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public override void Insert(int index, object value) => _items.Insert(index, Cast(value));

    /// <inheritdoc />
    public override void Remove(object value) => _items.Remove(Cast(value));

    /// <inheritdoc />
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    /// <inheritdoc />
    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOfOrThrow(parameterName));

    /// <inheritdoc />
    protected override DbParameter GetParameter(int index) => _items[index];

    /// <inheritdoc />
    protected override DbParameter GetParameter(string parameterName) => _items[IndexOfOrThrow(parameterName)];

    /// <inheritdoc />
    protected override void SetParameter(int index, DbParameter value) => _items[index] = Cast(value);

    /// <inheritdoc />
    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOfOrThrow(parameterName)] = Cast(value);

    private int IndexOfOrThrow(string name)
    {
        var index = IndexOf(name);
#pragma warning disable CA2201 // ADO.NET specifies IndexOutOfRangeException for an unknown parameter name.
        return index >= 0 ? index : throw new IndexOutOfRangeException($"No parameter named '{name}'.");
#pragma warning restore CA2201
    }

    private static ClickHouseParameter Cast(object value) => value as ClickHouseParameter
        ?? throw new InvalidCastException($"Expected a ClickHouseParameter, got {value?.GetType().Name ?? "null"}.");
}
