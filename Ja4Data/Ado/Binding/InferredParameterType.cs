using System.Collections;
using System.Collections.Frozen;
using System.Data;
using Ja4Data.Types.Conversion;
using Ja4Data.Types.Syntax;

namespace Ja4Data.Ado.Binding;

/// <summary>
/// The ClickHouse type of an <c>@name</c> parameter, whose SQL names none. An explicit <see cref="DbType"/> decides
/// through the .NET type it stands for; otherwise the value's own type does. Both go through <see cref="ClrTypeMap"/>,
/// the one .NET-to-ClickHouse map, so a parameter gets the type a Dynamic value of the same .NET type would get
/// (docs/types.md has the table).
/// </summary>
internal static class InferredParameterType
{
    private static readonly FrozenDictionary<DbType, Type> ClrTypes = new Dictionary<DbType, Type>
    {
        [DbType.AnsiString] = typeof(string),
        [DbType.AnsiStringFixedLength] = typeof(string),
        [DbType.String] = typeof(string),
        [DbType.StringFixedLength] = typeof(string),
        [DbType.Xml] = typeof(string),
        [DbType.Binary] = typeof(byte[]),
        [DbType.Boolean] = typeof(bool),
        [DbType.Byte] = typeof(byte),
        [DbType.SByte] = typeof(sbyte),
        [DbType.Int16] = typeof(short),
        [DbType.UInt16] = typeof(ushort),
        [DbType.Int32] = typeof(int),
        [DbType.UInt32] = typeof(uint),
        [DbType.Int64] = typeof(long),
        [DbType.UInt64] = typeof(ulong),
        [DbType.Single] = typeof(float),
        [DbType.Double] = typeof(double),
        [DbType.Guid] = typeof(Guid),
        [DbType.Date] = typeof(DateOnly),
        [DbType.DateTime] = typeof(DateTime),
        [DbType.DateTime2] = typeof(DateTime),
        [DbType.DateTimeOffset] = typeof(DateTimeOffset),
    }.ToFrozenDictionary();

    /// <summary>
    /// The type to bind <paramref name="parameter"/> as. <paramref name="olderServer"/> (no server-side parameters:
    /// servers as old as 18.16) swaps the types such servers lack for ones they read: Bool as UInt8, Date32 as Date,
    /// DateTime64 as DateTime (whole seconds, as a DateTime column keeps them), IPv4 and IPv6 as their text.
    /// </summary>
    /// <exception cref="ArgumentException">No ClickHouse type follows from the DbType or the value.</exception>
    public static string TypeNameOf(ClickHouseParameter parameter, bool olderServer)
    {
        var name = parameter.DbType == DbType.Object ? FromValue(parameter) : FromDbType(parameter);
        return olderServer ? ForOlderServers(TypeParser.Parse(name)).ToString() : name;
    }

    private static string FromValue(ClickHouseParameter parameter)
    {
        if (parameter.Value is null or DBNull)
        {
            // NULL compares as NULL with anything and converts to every Nullable type.
            return "Nullable(Nothing)";
        }

        try
        {
            return ClrTypeMap.TypeNameOf(parameter.Value);
        }
        catch (InvalidCastException ex)
        {
            throw new ArgumentException(
                $"Parameter '{parameter.ParameterName}' holds a {parameter.Value.GetType().Name}, for which no ClickHouse type is inferred "
                + $"(docs/types.md lists the .NET types that are): set its DbType, or write {{{parameter.ParameterName}:Type}} in the SQL.",
                ex);
        }
    }

    private static string FromDbType(ClickHouseParameter parameter)
    {
        var value = parameter.Value is DBNull ? null : parameter.Value;
        var items = value as IEnumerable is { } sequence && value is not (string or byte[] or char[]) ? sequence : null;
        var scalar = parameter.DbType switch
        {
            DbType.Decimal or DbType.VarNumeric or DbType.Currency => DecimalName(parameter, items ?? new[] { value }),
            _ when ClrTypes.TryGetValue(parameter.DbType, out var clrType) => ClrTypeMap.TypeNameOf(clrType)!,
            _ => throw new ArgumentException(
                $"Parameter '{parameter.ParameterName}' has DbType.{parameter.DbType}, which names no ClickHouse type: write "
                + $"{{{parameter.ParameterName}:Type}} in the SQL (for a time of day, Time64(7) on servers that have it), or reset the DbType to infer it from the value."),
        };

        if (value is null)
        {
            return $"Nullable({scalar})";
        }

        // A DbType names the element type of a list (Dapper's list parameter: x IN @codes).
        return items is null ? scalar : items.Cast<object?>().Any(item => item is null or DBNull) ? $"Array(Nullable({scalar}))" : $"Array({scalar})";
    }

    // Decimal(Precision, Scale) when the parameter states a precision; else wide enough for the scale of every value.
    private static string DecimalName(ClickHouseParameter parameter, IEnumerable values)
    {
        if (parameter.Precision > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Decimal({parameter.Precision}, {parameter.Scale})");
        }

        if (parameter.DbType == DbType.Currency)
        {
            return "Decimal(19, 4)";
        }

        int scale = parameter.Scale, precision = 28;
        foreach (var value in values)
        {
            (precision, scale) = value switch
            {
                decimal d => (precision, Math.Max(scale, d.Scale)),
                ClickHouseDecimal exact => (76, Math.Max(scale, exact.Scale)),
                _ => (precision, scale),
            };
        }

        return string.Create(CultureInfo.InvariantCulture, $"Decimal({precision}, {scale})");
    }

    private static TypeNode ForOlderServers(TypeNode type) => type.Name switch
    {
        "Bool" => new TypeNode("UInt8"),
        "Date32" => new TypeNode("Date"),
        "IPv4" or "IPv6" => new TypeNode("String"),
        "DateTime64" => new TypeNode("DateTime", type.Arguments.Skip(1)), // keeps the time zone
        _ => new TypeNode(type.Name, type.Arguments.Select(argument => argument is TypeArg inner ? inner with { Type = ForOlderServers(inner.Type) } : argument), type.HasParentheses),
    };
}
