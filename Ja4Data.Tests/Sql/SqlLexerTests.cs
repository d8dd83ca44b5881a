using System.Text;
using Ja4Data.Sql;
using K = Ja4Data.Sql.SqlTokenKind;

namespace Ja4Data.Tests.Sql;

/// <summary>The lexer against ClickHouse's lexical rules (src/Parsers/Lexer.cpp), token by token.</summary>
[TestFixture]
public sealed class SqlLexerTests
{
    private static List<(K Kind, string Text)> Tokens(string sql)
    {
        var tokens = new List<(K, string)>();
        var lexer = new SqlLexer(sql);
        for (var token = lexer.Next(); token.Kind != K.EndOfText; token = lexer.Next())
        {
            tokens.Add((token.Kind, token.TextIn(sql).ToString()));
        }

        return tokens;
    }

    private static (K Kind, string Text) Only(string sql)
    {
        var tokens = Tokens(sql);
        Assert.That(tokens, Has.Count.EqualTo(1), string.Join(" | ", tokens));
        return tokens[0];
    }

    [Test]
    public void Next_Statement_GivesEveryTokenWithItsKind()
        => Assert.That(Tokens("SELECT a, 1 FROM t;"), Is.EqualTo(new List<(K, string)>
        {
            (K.BareWord, "SELECT"), (K.Whitespace, " "), (K.BareWord, "a"), (K.Comma, ","), (K.Whitespace, " "), (K.Number, "1"),
            (K.Whitespace, " "), (K.BareWord, "FROM"), (K.Whitespace, " "), (K.BareWord, "t"), (K.Semicolon, ";"),
        }));

    [TestCase("'plain'")]
    [TestCase(@"'back\'slash'")]
    [TestCase("'it''s'")]
    [TestCase(@"'ends with backslash \\'")]
    [TestCase("'multi\nline ; -- /* $$'")]
    [TestCase("x'4142'")]
    [TestCase("B'0101'")]
    [TestCase("\u2018typographic 'quotes' \\\u2019")]
    public void Next_StringLiterals_AreOneToken(string sql)
        => Assert.That(Only(sql), Is.EqualTo((K.StringLiteral, sql)));

    [TestCase("`a``b`")]
    [TestCase(@"`a\`b`")]
    [TestCase("\"dq\"\"name\"")]
    [TestCase("\u201Cname\u201D")]
    public void Next_QuotedIdentifiers_AreOneToken(string sql)
        => Assert.That(Only(sql), Is.EqualTo((K.QuotedIdentifier, sql)));

    [TestCase("'open", nameof(K.ErrorSingleQuoteIsNotClosed))]
    [TestCase(@"'escaped quote at end\'", nameof(K.ErrorSingleQuoteIsNotClosed))]
    [TestCase("'backslash at end\\", nameof(K.ErrorSingleQuoteIsNotClosed))]
    [TestCase("\"open", nameof(K.ErrorDoubleQuoteIsNotClosed))]
    [TestCase("`open", nameof(K.ErrorBackQuoteIsNotClosed))]
    [TestCase("\u2018open string", nameof(K.ErrorSingleQuoteIsNotClosed))]
    [TestCase("\u201Copen name", nameof(K.ErrorDoubleQuoteIsNotClosed))]
    [TestCase("x'41zz' more", nameof(K.ErrorSingleQuoteIsNotClosed))]
    [TestCase("/* open /* nested */ still open", nameof(K.ErrorMultilineCommentIsNotClosed))]
    public void Next_UnclosedLiteralOrComment_IsAnErrorToTheEnd(string sql, string kind)
        => Assert.That(Only(sql), Is.EqualTo((Enum.Parse<K>(kind), sql)));

    [TestCase("-- line")]
    [TestCase("// line")]
    [TestCase("# line")]
    [TestCase("#!/usr/bin/env clickhouse-local")]
    [TestCase("/* block */")]
    [TestCase("/* outer /* inner */ ; still a comment */")]
    [TestCase("/**/")]
    public void Next_Comments_AreOneToken(string sql)
        => Assert.That(Only(sql), Is.EqualTo((K.Comment, sql)));

    [Test]
    public void Next_LineComment_EndsBeforeTheNewline()
        => Assert.That(Tokens("-- a;\nb"), Is.EqualTo(new List<(K, string)> { (K.Comment, "-- a;"), (K.Whitespace, "\n"), (K.BareWord, "b") }));

    [Test]
    public void Next_HashWithoutSpaceOrBang_IsNoComment()
        => Assert.That(Tokens("#x"), Is.EqualTo(new List<(K, string)> { (K.Error, "#"), (K.BareWord, "x") }));

    [TestCase("$$a;b$$")]
    [TestCase("$tag$ $$ ; $other$ $tag$")]
    [TestCase("$a b$text$a b$")]
    [TestCase("$$$$")]
    public void Next_Heredocs_AreOneToken(string sql)
        => Assert.That(Only(sql), Is.EqualTo((K.HereDoc, sql)));

    [TestCase("$a$", nameof(K.BareWord))]
    [TestCase("$1", nameof(K.BareWord))]
    [TestCase("a$b$c", nameof(K.BareWord))]
    [TestCase("$", nameof(K.DollarSign))]
    public void Next_DollarWithoutClosingTag_IsAWordOrADollarSign(string sql, string kind)
        => Assert.That(Only(sql), Is.EqualTo((Enum.Parse<K>(kind), sql)));

    [Test]
    public void Next_LoneDollarBeforeAPunctuation_IsADollarSign()
        => Assert.That(Tokens("$("), Is.EqualTo(new List<(K, string)> { (K.DollarSign, "$"), (K.OpeningRoundBracket, "(") }));

    [TestCase("0")]
    [TestCase("123")]
    [TestCase("1.5")]
    [TestCase("1.5e-3")]
    [TestCase("1E+10")]
    [TestCase("1.")]
    [TestCase("0x1F")]
    [TestCase("0xAbC.8p-2")]
    [TestCase("0b1011")]
    [TestCase("1_000_000")]
    [TestCase(".5")]
    [TestCase(".5e3")]
    public void Next_Numbers_AreOneToken(string sql)
        => Assert.That(Only(sql), Is.EqualTo((K.Number, sql)));

    [TestCase("1abc")]
    [TestCase("0x")]
    [TestCase("0b2")]
    [TestCase("1__0")]
    [TestCase("12_")]
    [TestCase("0x_1F")] // a separator may not start a block
    public void Next_NumberRunIntoLetters_IsAWord(string sql)
        => Assert.That(Only(sql), Is.EqualTo((K.BareWord, sql)));

    [Test]
    public void Next_NumberWithPointRunIntoLetters_IsAWrongNumber()
        => Assert.That(Only("1.5x"), Is.EqualTo((K.ErrorWrongNumber, "1.5x")));

    [Test]
    public void Next_NumberBeforeDollar_EndsAtTheDollar()
        => Assert.That(Tokens("1$x$"), Is.EqualTo(new List<(K, string)> { (K.Number, "1"), (K.BareWord, "$x$") }));

    [Test]
    public void Next_DotAfterAnOperand_IsTupleAccess()
        => Assert.That(Tokens("t.1.2"), Is.EqualTo(new List<(K, string)>
        {
            (K.BareWord, "t"), (K.Dot, "."), (K.Number, "1"), (K.Dot, "."), (K.Number, "2"),
        }));

    [Test]
    public void Next_DotAfterAnOpeningBracket_StartsANumber()
        => Assert.That(Tokens("(.5)"), Is.EqualTo(new List<(K, string)>
        {
            (K.OpeningRoundBracket, "("), (K.Number, ".5"), (K.ClosingRoundBracket, ")"),
        }));

    [TestCase("->", nameof(K.Arrow))]
    [TestCase("::", nameof(K.DoubleColon))]
    [TestCase(":", nameof(K.Colon))]
    [TestCase("||", nameof(K.Concatenation))]
    [TestCase("|", nameof(K.PipeMark))]
    [TestCase("=", nameof(K.EqualsSign))]
    [TestCase("==", nameof(K.EqualsSign))]
    [TestCase("!=", nameof(K.NotEquals))]
    [TestCase("<>", nameof(K.NotEquals))]
    [TestCase("<=>", nameof(K.Spaceship))]
    [TestCase("<=", nameof(K.LessOrEquals))]
    [TestCase(">=", nameof(K.GreaterOrEquals))]
    [TestCase("<", nameof(K.Less))]
    [TestCase(">", nameof(K.Greater))]
    [TestCase("@", nameof(K.At))]
    [TestCase("@@", nameof(K.DoubleAt))]
    [TestCase("?", nameof(K.QuestionMark))]
    [TestCase("^", nameof(K.Caret))]
    [TestCase("%", nameof(K.Percent))]
    [TestCase("*", nameof(K.Asterisk))]
    [TestCase("/", nameof(K.Slash))]
    [TestCase("+", nameof(K.Plus))]
    [TestCase("-", nameof(K.Minus))]
    [TestCase("\u2212", nameof(K.Minus))]
    [TestCase("\\G", nameof(K.VerticalDelimiter))]
    [TestCase("[", nameof(K.OpeningSquareBracket))]
    [TestCase("]", nameof(K.ClosingSquareBracket))]
    [TestCase("{", nameof(K.OpeningCurlyBrace))]
    [TestCase("}", nameof(K.ClosingCurlyBrace))]
    [TestCase("!", nameof(K.ErrorSingleExclamationMark))]
    [TestCase("\\", nameof(K.Error))]
    [TestCase("~", nameof(K.Error))]
    [TestCase("\u00E9", nameof(K.Error))]
    [TestCase("\U0001F600", nameof(K.Error))]
    public void Next_Operators_AndStrayCharacters(string sql, string kind)
        => Assert.That(Only(sql), Is.EqualTo((Enum.Parse<K>(kind), sql)));

    [Test]
    public void Next_NamedParameterMarker_IsAnAtFollowedByAWord()
        => Assert.That(Tokens("@name"), Is.EqualTo(new List<(K, string)> { (K.At, "@"), (K.BareWord, "name") }));

    [TestCase(" \t\r\n\f\v")]
    [TestCase("\u00A0\u2003\u200B\u3000\uFEFF")]
    public void Next_AsciiAndUnicodeSpaces_AreWhitespace(string sql)
        => Assert.That(Tokens(sql).Select(t => t.Kind), Is.All.EqualTo(K.Whitespace));

    [TestCase("\u2018a")]
    [TestCase("\u201Cab")]
    public void Next_TypographicQuoteWithTooLittleAfterIt_IsAStrayCharacter(string sql)
        => Assert.That(Tokens(sql)[0], Is.EqualTo((K.Error, sql[..1])));

    [Test]
    public void Next_AfterTheEnd_KeepsReturningEndOfText()
    {
        var lexer = new SqlLexer("x");
        lexer.Next();
        Assert.That(lexer.Next(), Is.EqualTo(new SqlToken(K.EndOfText, 1, 0)));
        Assert.That(lexer.Next(), Is.EqualTo(new SqlToken(K.EndOfText, 1, 0)));
    }

    [Test]
    public void NextSignificant_SkipsWhitespaceAndComments()
    {
        var lexer = new SqlLexer("a /* c */ -- d\n # e\n b");
        Assert.That(lexer.NextSignificant(), Is.EqualTo(new SqlToken(K.BareWord, 0, 1)));
        Assert.That(lexer.NextSignificant(), Is.EqualTo(new SqlToken(K.BareWord, 21, 1)));
        Assert.That(lexer.NextSignificant().Kind, Is.EqualTo(K.EndOfText));
    }

    [Test]
    public void Next_AnyText_IsCoveredByContiguousNonEmptyTokens()
    {
        string[] pieces =
        [
            "'", "\"", "`", "\\", "''", "$", "$$", "$t$", "--", "//", "#", "# ", "#!", "/*", "*/", "\n", " ", ";", ".", "0x", "1", "e",
            "_", "a", "{", "}", "(", ")", ":", "::", "\u2018", "\u2019", "\u201C", "\u201D", "\u00A0", "\u00E9", "\uD83D\uDE00", "\uD800",
            "-", "<", "=", ">", "!", "|", "@",
        ];
        var random = new Random(11);
        for (var run = 0; run < 20_000; run++)
        {
            var sb = new StringBuilder();
            for (var i = random.Next(12); i > 0; i--)
            {
                sb.Append(pieces[random.Next(pieces.Length)]);
            }

            var sql = sb.ToString();
            var lexer = new SqlLexer(sql);
            var end = 0;
            for (var token = lexer.Next(); token.Kind != K.EndOfText; token = lexer.Next())
            {
                Assert.That((token.Start, token.Length > 0), Is.EqualTo((end, true)), sql);
                end = token.End;
            }

            Assert.That(end, Is.EqualTo(sql.Length), sql);
        }
    }

    [Test]
    public void Next_LexingText_AllocatesNothing()
    {
        var sql = string.Concat(Enumerable.Repeat("SELECT 'a''b', `c`, $$d;$$, 1.5e3, x'41' /* e /* f */ */ -- g\n FROM t WHERE {p:UInt8} != 2;\n", 1000));
        Count(sql); // JIT
        var before = GC.GetAllocatedBytesForCurrentThread();
        var tokens = Count(sql);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(tokens, Is.EqualTo(37_000));
        Assert.That(allocated, Is.Zero);

        static int Count(string text)
        {
            var lexer = new SqlLexer(text);
            var count = 0;
            while (lexer.Next().Kind != K.EndOfText)
            {
                count++;
            }

            return count;
        }
    }
}
