namespace Ja4Data;

/// <summary>
/// Binds <c>{name:Type}</c> placeholders. From revision 54459 the SQL is sent unchanged with server-side parameters
/// (escaped text forms); older servers get each placeholder replaced by a typed literal built by
/// <see cref="ParameterFormatter"/>. Placeholders inside string literals, quoted identifiers and comments are
/// left alone, exactly as ClickHouse's parser would.
/// </summary>
internal static class ParameterBinder
{
    public static (string Sql, IReadOnlyDictionary<string, string>? ServerParameters) Bind(string sql, ClickHouseParameterCollection parameters, int revision)
    {
        var placeholders = PlaceholderScanner.Find(sql);
        if (placeholders.Count == 0)
        {
            return (sql, null);
        }

        var serverSide = revision >= Protocol.ProtocolRevision.WithParameters;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new System.Text.StringBuilder(sql.Length + 32);
        var last = 0;
        foreach (var placeholder in placeholders)
        {
            var parameter = parameters.Find(placeholder.Name)
                ?? throw new ArgumentException($"The query uses the placeholder {{{placeholder.Name}:{placeholder.TypeName}}} but no parameter named '{placeholder.Name}' was given.");
            if (serverSide)
            {
                values[placeholder.Name] = ParameterFormatter.TextForm(parameter.Value, placeholder.TypeName, placeholder.Name);
            }
            else
            {
                text.Append(sql, last, placeholder.Start - last).Append(ParameterFormatter.Literal(parameter.Value, placeholder.TypeName, placeholder.Name));
                last = placeholder.Start + placeholder.Length;
            }
        }

        return serverSide ? (sql, values) : (text.Append(sql, last, sql.Length - last).ToString(), null);
    }
}
