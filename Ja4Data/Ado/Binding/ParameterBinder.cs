using Ja4Data.Sql;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// Binds <c>{name:Type}</c> placeholders. From revision 54459 the SQL is sent unchanged with server-side parameters
/// (escaped text forms); older servers get each placeholder replaced by a typed literal built by
/// <see cref="ParameterFormatter"/>. Placeholders inside string literals, quoted identifiers, heredocs and comments
/// are left alone, exactly as ClickHouse's parser would.
/// </summary>
internal static class ParameterBinder
{
    /// <exception cref="ArgumentException">
    /// A placeholder has no parameter, a value does not fit its placeholder type, or one name is used with types that
    /// would need different text (a server-side parameter has one value per name).
    /// </exception>
    public static (string Sql, IReadOnlyDictionary<string, string>? ServerParameters) Bind(string sql, ClickHouseParameterCollection parameters, int revision)
    {
        var placeholders = Find(sql);
        if (placeholders.Count == 0)
        {
            return (sql, null);
        }

        return revision >= Protocol.ProtocolRevision.WithParameters
            ? (sql, ServerSide(placeholders, parameters))
            : (ClientSide(sql, placeholders, parameters), null);
    }

    /// <summary>The placeholders of <paramref name="sql"/> as <see cref="Bind"/> reads them, in order.</summary>
    public static List<Placeholder> Find(string sql) => PlaceholderScanner.Find(sql);

    /// <summary>
    /// The value of a placeholder that stands for a value of inline INSERT data (<c>VALUES ({a:UInt32}, ...)</c>): bound
    /// as data, never as SQL, after the same checks as every bound value (it must fit its placeholder type).
    /// </summary>
    /// <exception cref="ArgumentException">No such parameter, or the value does not fit the placeholder type.</exception>
    public static object? DataValue(Placeholder placeholder, ClickHouseParameterCollection parameters)
    {
        var value = ValueOf(placeholder, parameters);
        _ = ParameterFormatter.TextForm(value, placeholder.TypeName, placeholder.Name);
        return value is DBNull ? null : value;
    }

    private static Dictionary<string, string> ServerSide(List<Placeholder> placeholders, ClickHouseParameterCollection parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var placeholder in placeholders)
        {
            if (types.TryGetValue(placeholder.Name, out var firstType) && firstType == placeholder.TypeName)
            {
                continue;
            }

            var text = ParameterFormatter.TextForm(ValueOf(placeholder, parameters), placeholder.TypeName, placeholder.Name);
            if (values.TryGetValue(placeholder.Name, out var earlier) && earlier != text)
            {
                throw new ArgumentException(
                    $"The placeholder name '{placeholder.Name}' is used as {firstType} and as {placeholder.TypeName}, which need different text for the same value; use two parameters.");
            }

            values[placeholder.Name] = text;
            types.TryAdd(placeholder.Name, placeholder.TypeName);
        }

        return values;
    }

    private static string ClientSide(string sql, List<Placeholder> placeholders, ClickHouseParameterCollection parameters)
    {
        var text = new System.Text.StringBuilder(sql.Length + 32);
        var last = 0;
        foreach (var placeholder in placeholders)
        {
            text.Append(sql, last, placeholder.Start - last)
                .Append(ParameterFormatter.Literal(ValueOf(placeholder, parameters), placeholder.TypeName, placeholder.Name));
            last = placeholder.Start + placeholder.Length;
        }

        return text.Append(sql, last, sql.Length - last).ToString();
    }

    private static object? ValueOf(Placeholder placeholder, ClickHouseParameterCollection parameters)
        => (parameters.Find(placeholder.Name)
            ?? throw new ArgumentException($"The query uses the placeholder {{{placeholder.Name}:{placeholder.TypeName}}} but no parameter named '{placeholder.Name}' was given.")).Value;
}
