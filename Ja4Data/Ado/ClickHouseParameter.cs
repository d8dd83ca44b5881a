using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Ja4Data;

/// <summary>
/// A value for a <c>{name:Type}</c> or <c>@name</c> placeholder. A <c>{name:Type}</c> placeholder's type (in the SQL)
/// decides how the value is sent; an <c>@name</c> placeholder is typed by <see cref="DbType"/> when it is set, else by
/// the value's .NET type (docs/types.md has both tables). <see cref="ParameterName"/> is the placeholder name; a
/// leading <c>@</c>, <c>:</c> or <c>?</c> is dropped.
/// </summary>
public sealed class ClickHouseParameter : DbParameter
{
    private string _name = string.Empty;

    /// <summary>Creates a parameter.</summary>
    public ClickHouseParameter()
    {
    }

    /// <summary>Creates a named parameter with a value.</summary>
    public ClickHouseParameter(string name, object? value)
    {
        ParameterName = name;
        Value = value;
    }

    /// <inheritdoc />
    [AllowNull]
    public override string ParameterName
    {
        get => _name;
        set => _name = BareName(value ?? string.Empty);
    }

    /// <inheritdoc />
    public override object? Value { get; set; }

    /// <summary>
    /// The type of an <c>@name</c> placeholder: <see cref="DbType.Object"/> (the default) infers it from the value;
    /// any other DbType names it (a list value then holds elements of that type). Not used by <c>{name:Type}</c>.
    /// </summary>
    public override DbType DbType { get; set; } = DbType.Object;

    /// <summary>With <see cref="DbType.Decimal"/>: the P of <c>Decimal(P, S)</c>; 0 takes it from the value.</summary>
    public override byte Precision { get; set; }

    /// <summary>With <see cref="DbType.Decimal"/>: the S of <c>Decimal(P, S)</c>.</summary>
    public override byte Scale { get; set; }

    /// <summary>Only input parameters exist in ClickHouse.</summary>
    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input)
            {
                throw new NotSupportedException("ClickHouse parameters are input-only.");
            }
        }
    }

    /// <inheritdoc />
    public override bool IsNullable { get; set; }

    /// <inheritdoc />
    public override int Size { get; set; }

    /// <inheritdoc />
    [AllowNull]
    public override string SourceColumn { get; set; } = string.Empty;

    /// <inheritdoc />
    public override bool SourceColumnNullMapping { get; set; }

    /// <inheritdoc />
    public override void ResetDbType() => DbType = DbType.Object;

    /// <summary>A parameter name without the prefix ADO.NET providers write before it (<c>@</c>, <c>:</c>, <c>?</c>).</summary>
    internal static string BareName(string name) => name.TrimStart('@', ':', '?');

    /// <summary>Shows name and value type, never the value (it may be a secret).</summary>
    public override string ToString() => $"{{{ParameterName}}} = {(Value is null or DBNull ? "NULL" : Value.GetType().Name)}";
}
