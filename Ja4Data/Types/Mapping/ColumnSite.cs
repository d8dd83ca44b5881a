namespace Ja4Data.Types.Mapping;

/// <summary>Where a mapped value comes from or goes to, for messages: record member, column and their types.</summary>
internal sealed class ColumnSite(Type record, RecordMember member, string column, string columnType, ClickHouseOutcome outcome)
{
    public Type Record => record;

    public RecordMember Member => member;

    public string Column => column;

    public string ColumnType => columnType;

    /// <summary>A value of one row that does not convert (out of range, NULL for a non-nullable member, unknown name).</summary>
    public ClickHouseMappingException ValueError(long row, string problem, Exception? inner = null) => new(
        $"Row {row}, column '{column}' ({columnType}) into {member.Describe(record)} ({TypeNames.Of(member.Type)}): {problem}",
        record, member.Name, column, outcome, inner);

    public ClickHouseMappingException NullError(long row) => ValueError(
        row, $"the value is NULL; declare the member as {TypeNames.Of(member.Type)}? (or a reference type) to take NULLs.");

    /// <summary>The column's values can never become the member's type.</summary>
    public ClickHouseMappingException TypeError(string? detail = null) => new(
        $"Column '{column}' ({columnType}) cannot be mapped to {member.Describe(record)} ({TypeNames.Of(member.Type)}){detail}; "
        + "change the member's type to one the column converts to (docs/types.md, \"Typed records\") or convert in the query.",
        record, member.Name, column, outcome);
}

/// <summary>.NET type names as C# spells them in messages: <c>int?</c>, <c>List&lt;string&gt;</c>.</summary>
internal static class TypeNames
{
    public static string Of(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Of(underlying) + "?";
        }

        if (type.IsArray)
        {
            return Of(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType)
        {
            var name = type.Name;
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            return $"{(tick < 0 ? name : name[..tick])}<{string.Join(", ", type.GetGenericArguments().Select(Of))}>";
        }

        if (type.IsEnum)
        {
            return type.Name;
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "bool",
            TypeCode.SByte => "sbyte",
            TypeCode.Byte => "byte",
            TypeCode.Int16 => "short",
            TypeCode.UInt16 => "ushort",
            TypeCode.Int32 => "int",
            TypeCode.UInt32 => "uint",
            TypeCode.Int64 => "long",
            TypeCode.UInt64 => "ulong",
            TypeCode.Single => "float",
            TypeCode.Double => "double",
            TypeCode.Decimal => "decimal",
            TypeCode.String => "string",
            _ when type == typeof(object) => "object",
            _ => type.Name,
        };
    }
}
