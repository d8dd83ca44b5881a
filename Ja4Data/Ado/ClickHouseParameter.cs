using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Ja4Data;

/// <summary>
/// A value for a <c>{name:Type}</c> placeholder. The placeholder's type (in the SQL) decides how the value is sent;
/// <see cref="ParameterName"/> is the placeholder name, with or without a leading <c>@</c>.
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
        set => _name = (value ?? string.Empty).TrimStart('@', ':');
    }

    /// <inheritdoc />
    public override object? Value { get; set; }

    /// <inheritdoc />
    public override DbType DbType { get; set; } = DbType.Object;

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

    /// <summary>Shows name and value type, never the value (it may be a secret).</summary>
    public override string ToString() => $"{{{ParameterName}}} = {(Value is null or DBNull ? "NULL" : Value.GetType().Name)}";
}
