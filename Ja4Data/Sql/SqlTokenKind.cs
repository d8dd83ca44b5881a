namespace Ja4Data.Sql;

/// <summary>
/// The kinds of token ClickHouse's lexer (<c>src/Parsers/Lexer.cpp</c>) cuts SQL into, with its names. Error kinds come
/// last: text the server rejects, reported as a token so a caller can decide (the placeholder scanner skips it, the
/// statement splitter reports an unclosed literal).
/// </summary>
internal enum SqlTokenKind : byte
{
    /// <summary>The end of the text (returned again on every further call).</summary>
    EndOfText,

    /// <summary>ASCII white space, or the Unicode spaces ClickHouse also skips (no-break space, BOM, ideographic space...).</summary>
    Whitespace,

    /// <summary><c>-- ...</c>, <c>// ...</c>, <c># ...</c>, <c>#!...</c> up to the line end (without it), or a nested <c>/* ... */</c>.</summary>
    Comment,

    /// <summary>An unquoted identifier or keyword: ASCII letters, digits, <c>_</c> and <c>$</c> (<c>SELECT</c>, <c>a$b</c>, <c>1abc</c>).</summary>
    BareWord,

    /// <summary>A numeric literal: <c>1</c>, <c>1.5e-3</c>, <c>.5</c>, <c>0x1F</c>, <c>0b101</c>, <c>1_000</c>; a sign is a separate token.</summary>
    Number,

    /// <summary><c>'...'</c> (backslash escapes, doubled quotes), <c>x'4142'</c>, <c>b'0101'</c>, or <c>‘...’</c> (no escapes).</summary>
    StringLiteral,

    /// <summary><c>`...`</c> or <c>"..."</c> (backslash escapes, doubled quotes), or <c>“...”</c> (no escapes).</summary>
    QuotedIdentifier,

    /// <summary><c>$tag$...$tag$</c>, the tag being any text without <c>$</c> (also empty: <c>$$...$$</c>); the content is verbatim.</summary>
    HereDoc,

    /// <summary><c>(</c></summary>
    OpeningRoundBracket,

    /// <summary><c>)</c></summary>
    ClosingRoundBracket,

    /// <summary><c>[</c></summary>
    OpeningSquareBracket,

    /// <summary><c>]</c></summary>
    ClosingSquareBracket,

    /// <summary><c>{</c></summary>
    OpeningCurlyBrace,

    /// <summary><c>}</c></summary>
    ClosingCurlyBrace,

    /// <summary><c>,</c></summary>
    Comma,

    /// <summary><c>;</c></summary>
    Semicolon,

    /// <summary><c>\G</c> (vertical output in the client).</summary>
    VerticalDelimiter,

    /// <summary><c>.</c> as a qualifier or tuple access (<c>db.t</c>, <c>x.1</c>).</summary>
    Dot,

    /// <summary><c>*</c></summary>
    Asterisk,

    /// <summary>A <c>$</c> that starts neither a heredoc nor a word.</summary>
    DollarSign,

    /// <summary><c>+</c></summary>
    Plus,

    /// <summary><c>-</c>, or the Unicode minus sign U+2212.</summary>
    Minus,

    /// <summary><c>/</c></summary>
    Slash,

    /// <summary><c>%</c></summary>
    Percent,

    /// <summary><c>-&gt;</c> (lambda).</summary>
    Arrow,

    /// <summary><c>?</c></summary>
    QuestionMark,

    /// <summary><c>:</c></summary>
    Colon,

    /// <summary><c>^</c></summary>
    Caret,

    /// <summary><c>::</c> (cast).</summary>
    DoubleColon,

    /// <summary><c>=</c> or <c>==</c>.</summary>
    EqualsSign,

    /// <summary><c>!=</c> or <c>&lt;&gt;</c>.</summary>
    NotEquals,

    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&lt;=</c></summary>
    LessOrEquals,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEquals,

    /// <summary><c>&lt;=&gt;</c> (NULL-safe equality).</summary>
    Spaceship,

    /// <summary><c>||</c></summary>
    Concatenation,

    /// <summary><c>|</c></summary>
    PipeMark,

    /// <summary><c>@</c></summary>
    At,

    /// <summary><c>@@</c></summary>
    DoubleAt,

    /// <summary>A character that starts no token (a lone <c>\</c>, <c>#</c> without a following space or <c>!</c>, a non-ASCII letter).</summary>
    Error,

    /// <summary>A <c>/*</c> comment without its closing <c>*/</c>; runs to the end of the text.</summary>
    ErrorMultilineCommentIsNotClosed,

    /// <summary>A string literal without its closing quote; runs to the end of the text.</summary>
    ErrorSingleQuoteIsNotClosed,

    /// <summary>A double-quoted identifier without its closing quote; runs to the end of the text.</summary>
    ErrorDoubleQuoteIsNotClosed,

    /// <summary>A back-quoted identifier without its closing quote; runs to the end of the text.</summary>
    ErrorBackQuoteIsNotClosed,

    /// <summary>A <c>!</c> not followed by <c>=</c>.</summary>
    ErrorSingleExclamationMark,

    /// <summary>A number run into letters after a point or exponent (<c>1.5x</c>).</summary>
    ErrorWrongNumber,
}
