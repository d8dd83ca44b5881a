using Ja4Data.Protocol;
using Ja4Data.Sql;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// Binds the placeholders of a statement: the one place where SQL text meets parameter values. <c>{name:Type}</c>
/// takes its type from the SQL; <c>@name</c> from the parameter's DbType or value (<see cref="InferredParameterType"/>).
/// From revision 54459 values travel as server-side parameters (escaped text forms), and each <c>@name</c> is rewritten
/// to <c>{name:Type}</c>; older servers get each placeholder replaced by a typed literal built by
/// <see cref="ParameterFormatter"/>, and a list on the right of <c>IN</c> by a set of them. Placeholders inside string
/// literals, quoted identifiers, heredocs and comments are left alone, exactly as ClickHouse's parser would.
/// </summary>
internal static class ParameterBinder
{
    /// <exception cref="ArgumentException">
    /// A placeholder has no parameter, a value does not fit its placeholder type, no type is inferred for an
    /// <c>@name</c> value, or one name is used with types that would need different text (a server-side parameter has
    /// one value per name).
    /// </exception>
    /// <exception cref="NotSupportedException">The text holds more than one statement.</exception>
    public static (string Sql, IReadOnlyDictionary<string, string>? ServerParameters) Bind(string sql, ClickHouseParameterCollection parameters, int revision)
    {
        var placeholders = Find(sql);
        if (placeholders.Count == 0)
        {
            return (sql, null);
        }

        var serverSide = revision >= ProtocolRevision.WithParameters;
        var bound = placeholders.ConvertAll(placeholder => Resolve(placeholder, parameters, olderServer: !serverSide));
        return serverSide ? ServerSide(sql, bound) : (ClientSide(sql, bound), null);
    }

    /// <summary>The placeholders of <paramref name="sql"/> as <see cref="Bind"/> reads them, in order.</summary>
    /// <exception cref="NotSupportedException">The text holds more than one statement.</exception>
    public static List<Placeholder> Find(string sql)
    {
        var placeholders = PlaceholderScanner.Find(sql, out var secondStatement);
        return secondStatement < 0 ? placeholders : throw new NotSupportedException(
            $"The command text holds more than one statement (the second starts at offset {secondStatement}). ClickHouse runs one statement per "
            + "query, so a command has one result (Dapper's QueryMultiple reads only the first grid): run each statement as a command of its own.");
    }

    /// <summary>
    /// The value of a placeholder that stands for a value of inline INSERT data (<c>VALUES ({a:UInt32}, ...)</c>): bound
    /// as data, never as SQL, after the same checks as every bound value (it must fit its placeholder type).
    /// </summary>
    /// <exception cref="ArgumentException">No such parameter, or the value does not fit the placeholder type.</exception>
    public static object? DataValue(Placeholder placeholder, ClickHouseParameterCollection parameters)
    {
        // An @name value takes the type of its column, which the conversion table checks; {name:Type} is checked as written.
        var value = ParameterOf(placeholder, parameters).Value;
        if (placeholder.TypeName is not null)
        {
            _ = ParameterFormatter.TextForm(value, placeholder.TypeName, placeholder.Name);
        }

        return value is DBNull ? null : value;
    }

    private static (string Sql, Dictionary<string, string> Values) ServerSide(string sql, List<Bound> placeholders)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (placeholder, value, typeName) in placeholders)
        {
            if (types.TryGetValue(placeholder.Name, out var firstType) && firstType == typeName)
            {
                continue;
            }

            var text = ParameterFormatter.TextForm(value, typeName, placeholder.Name);
            if (values.TryGetValue(placeholder.Name, out var earlier) && earlier != text)
            {
                throw new ArgumentException(
                    $"The placeholder name '{placeholder.Name}' is used as {firstType} and as {typeName}, which need different text for the same value; use two parameters.");
            }

            values[placeholder.Name] = text;
            types.TryAdd(placeholder.Name, typeName);
        }

        // The server binds {name:Type} only: each @name becomes one, typed as inferred.
        return (Rewrite(sql, placeholders, p => p.Placeholder.TypeName is null ? $"{{{p.Placeholder.Name}:{p.TypeName}}}" : null), values);
    }

    private static string ClientSide(string sql, List<Bound> placeholders) => Rewrite(sql, placeholders, p => p.Placeholder.AfterIn
        ? ParameterFormatter.InSetLiteral(p.Value, p.TypeName, p.Placeholder.Name)
        : ParameterFormatter.Literal(p.Value, p.TypeName, p.Placeholder.Name));

    // The text with each placeholder replaced by its replacement (null: kept as written).
    private static string Rewrite(string sql, List<Bound> placeholders, Func<Bound, string?> replacement)
    {
        StringBuilder? text = null;
        var last = 0;
        foreach (var bound in placeholders)
        {
            if (replacement(bound) is not { } replaced)
            {
                continue;
            }

            var start = bound.Placeholder.Start;
            (text ??= new StringBuilder(sql.Length + 32)).Append(sql, last, start - last).Append(replaced);
            last = start + bound.Placeholder.Length;
        }

        return text is null ? sql : text.Append(sql, last, sql.Length - last).ToString();
    }

    private static Bound Resolve(Placeholder placeholder, ClickHouseParameterCollection parameters, bool olderServer)
    {
        var parameter = ParameterOf(placeholder, parameters);
        return new Bound(placeholder, parameter.Value, placeholder.TypeName ?? InferredParameterType.TypeNameOf(parameter, olderServer));
    }

    private static ClickHouseParameter ParameterOf(Placeholder placeholder, ClickHouseParameterCollection parameters)
        => parameters.Find(placeholder.Name) ?? throw new ArgumentException(placeholder.TypeName is null
            ? $"The query uses @{placeholder.Name} but no parameter named '{placeholder.Name}' was given: add one (its name may be written with or without the '@')."
            : $"The query uses the placeholder {{{placeholder.Name}:{placeholder.TypeName}}} but no parameter named '{placeholder.Name}' was given.");

    private readonly record struct Bound(Placeholder Placeholder, object? Value, string TypeName);
}
