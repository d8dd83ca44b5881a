namespace Ja4Data.Sql;

/// <summary>What a <see cref="SqlValue"/> is.</summary>
internal enum SqlValueKind : byte
{
    /// <summary><c>NULL</c> (any case), or a text format's NULL (<c>\N</c>, JSON <c>null</c>).</summary>
    Null,

    /// <summary>A number: <see cref="SqlValue.Text"/> in the form <see cref="SqlValue.Number"/> says.</summary>
    Number,

    /// <summary>A string: <see cref="SqlValue.Text"/>, or <see cref="SqlValue.Bytes"/> when it is not UTF-8.</summary>
    String,

    /// <summary><c>true</c> or <c>false</c> (any case): <see cref="SqlValue.Boolean"/>.</summary>
    Bool,

    /// <summary><c>[a, b]</c>: <see cref="SqlValue.Items"/>.</summary>
    Array,

    /// <summary><c>(a, b)</c>, or one value in parentheses: <see cref="SqlValue.Items"/>.</summary>
    Tuple,

    /// <summary><c>{k: v, ...}</c> or a JSON object: <see cref="SqlValue.Items"/> holds key, value, key, value...</summary>
    Map,

    /// <summary>A parameter placeholder: <see cref="SqlValue.Index"/> is its index in the list the parser was given.</summary>
    Placeholder,

    /// <summary>Anything else, for the server to evaluate: <see cref="SqlValue.Text"/> is its SQL text.</summary>
    Expression,

    /// <summary>The keyword <c>DEFAULT</c>: the column's default, which only the server can compute.</summary>
    Default,

    /// <summary>A value the data leaves out (a JSON key absent from a row, an empty unquoted CSV field).</summary>
    Missing,
}

/// <summary>How the text of a <see cref="SqlValueKind.Number"/> reads.</summary>
internal enum SqlNumberForm : byte
{
    /// <summary>An optional <c>-</c> and decimal digits (hexadecimal and binary literals already converted).</summary>
    Integer,

    /// <summary>An optional <c>-</c>, digits with a point and/or an exponent (<c>1.5</c>, <c>-2e3</c>, <c>.5</c>, <c>1.</c>).</summary>
    Real,

    /// <summary><c>inf</c>, <c>-inf</c> or <c>nan</c>.</summary>
    Special,
}

/// <summary>
/// One value of inline INSERT data as written: a literal (SQL in <c>VALUES</c>, or what a text format holds), a
/// placeholder, or an expression the server must evaluate. Conversion to a column type happens in the Types layer,
/// which knows the types; this is only the syntax, with where it stood for error messages.
/// </summary>
internal sealed class SqlValue
{
    private SqlValue(SqlValueKind kind, int start, int length)
    {
        Kind = kind;
        Start = start;
        Length = length;
    }

    public SqlValueKind Kind { get; }

    /// <summary>Offset of the value in the text it was read from (-1 when it comes from no text).</summary>
    public int Start { get; }

    public int Length { get; }

    /// <summary>Number: its text as <see cref="Number"/> says; String: the decoded text; Expression: its SQL.</summary>
    public string? Text { get; private init; }

    /// <summary>A string that is not UTF-8, byte for byte.</summary>
    public byte[]? Bytes { get; private init; }

    public SqlNumberForm Number { get; private init; }

    public bool Boolean { get; private init; }

    public IReadOnlyList<SqlValue> Items { get; private init; } = [];

    public int Index { get; private init; }

    /// <summary>The string's value: <see cref="Text"/> or <see cref="Bytes"/>.</summary>
    public object StringValue => (object?)Text ?? Bytes!;

    public static SqlValue Null(int start, int length) => new(SqlValueKind.Null, start, length);

    public static SqlValue Default(int start, int length) => new(SqlValueKind.Default, start, length);

    public static SqlValue Missing() => new(SqlValueKind.Missing, -1, 0);

    public static SqlValue FromNumber(string text, SqlNumberForm form, int start, int length)
        => new(SqlValueKind.Number, start, length) { Text = text, Number = form };

    /// <summary>A string: <paramref name="value"/> is a <see cref="string"/> or a <see cref="byte"/> array.</summary>
    public static SqlValue FromString(object value, int start, int length)
        => new(SqlValueKind.String, start, length) { Text = value as string, Bytes = value as byte[] };

    public static SqlValue FromBool(bool value, int start, int length) => new(SqlValueKind.Bool, start, length) { Boolean = value };

    public static SqlValue Composite(SqlValueKind kind, IReadOnlyList<SqlValue> items, int start, int length)
        => new(kind, start, length) { Items = items };

    public static SqlValue FromPlaceholder(int index, string name, int start, int length)
        => new(SqlValueKind.Placeholder, start, length) { Index = index, Text = name };

    public static SqlValue FromExpression(string sql, int start, int length) => new(SqlValueKind.Expression, start, length) { Text = sql };

    public override string ToString() => Kind switch
    {
        SqlValueKind.String => Text is null ? $"{Bytes!.Length} bytes" : $"'{Text}'",
        SqlValueKind.Number or SqlValueKind.Expression => Text!,
        SqlValueKind.Bool => Boolean ? "true" : "false",
        _ => Kind.ToString(),
    };
}
