namespace Ja4Data.Types.Syntax;

/// <summary>
/// Parses ClickHouse type names (docs/protocol.md, "Type names and encodings") into <see cref="TypeNode"/> trees: what servers send in block
/// headers and what users write in DDL, including SQL aliases (which <see cref="TypeAliases"/> canonicalizes).
/// </summary>
internal static class TypeParser
{
    /// <summary>Most parentheses a type may sit inside; real schemas stay far below, hostile input stops here.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses <paramref name="text"/>, which must hold exactly one type (surrounding white space allowed).</summary>
    /// <exception cref="FormatException">The text is not a type name; the message names the position.</exception>
    public static TypeNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new TypeNameReader(text);
        reader.SkipWhitespace();
        if (reader.AtEnd)
        {
            throw reader.Error("the type name is empty");
        }

        var type = ReadType(reader, depth: 0);
        reader.SkipWhitespace();
        return reader.AtEnd ? type : throw reader.Error("unexpected text after the type");
    }

    private static TypeNode ReadType(TypeNameReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            throw reader.Error($"types are nested deeper than {MaxDepth} levels");
        }

        if (!reader.IsAtIdentifierStart)
        {
            throw reader.Error(reader.AtEnd ? "a type name is missing" : "expected a type name");
        }

        var name = ReadTypeName(reader);
        var afterName = reader.Position;
        reader.SkipWhitespace();
        if (!reader.TryConsume('('))
        {
            reader.Position = afterName;
            return new TypeNode(name);
        }

        var arguments = ReadArguments(reader, name, depth);

        // MySQL spelling: INT(11) UNSIGNED puts the sign word after the display width.
        var afterArguments = reader.Position;
        reader.SkipWhitespace();
        var signed = TryReadSignSuffix(reader, name);
        if (signed is null)
        {
            reader.Position = afterArguments;
        }

        return new TypeNode(signed ?? name, arguments, hasParentheses: true);
    }

    // A type name is one identifier, or several words when they spell a multi-word alias (DOUBLE PRECISION).
    private static string ReadTypeName(TypeNameReader reader)
    {
        var first = reader.ReadIdentifier();
        var afterFirst = reader.Position;
        string[]? longest = null;
        var longestEnd = afterFirst;
        foreach (var words in TypeAliases.MultiWordNames)
        {
            if ((longest is not null && words.Length <= longest.Length) || !words[0].Equals(first, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            reader.Position = afterFirst;
            if (TryReadWords(reader, words.AsSpan(1)))
            {
                longest = words;
                longestEnd = reader.Position;
            }
        }

        reader.Position = longestEnd;
        return longest is null ? first : reader.SliceWords(afterFirst - first.Length, longestEnd);
    }

    private static bool TryReadWords(TypeNameReader reader, ReadOnlySpan<string> words)
    {
        foreach (var word in words)
        {
            if (!reader.SkipWhitespace() || !reader.IsAtWord(word))
            {
                return false;
            }

            reader.Position += word.Length;
        }

        return true;
    }

    private static string? TryReadSignSuffix(TypeNameReader reader, string name)
    {
        foreach (var sign in (ReadOnlySpan<string>)["SIGNED", "UNSIGNED"])
        {
            var spelled = $"{name} {sign}";
            if (reader.IsAtWord(sign) && TypeAliases.IsAlias(spelled))
            {
                reader.Position += sign.Length;
                return spelled;
            }
        }

        return null;
    }

    private static List<TypeArgument> ReadArguments(TypeNameReader reader, string typeName, int depth)
    {
        var arguments = new List<TypeArgument>();
        reader.SkipWhitespace();
        if (reader.TryConsume(')'))
        {
            return arguments;
        }

        while (true)
        {
            reader.SkipWhitespace();
            if (reader.AtEnd)
            {
                throw reader.Error($"the argument list of {typeName} is not closed");
            }

            arguments.Add(ReadArgument(reader, typeName, arguments, depth));
            reader.SkipWhitespace();
            if (reader.TryConsume(','))
            {
                continue;
            }

            if (reader.TryConsume(')'))
            {
                return arguments;
            }

            throw reader.Error(reader.AtEnd
                ? $"the argument list of {typeName} is not closed"
                : $"expected ',' or ')' in the arguments of {typeName}");
        }
    }

    private static TypeArgument ReadArgument(TypeNameReader reader, string typeName, List<TypeArgument> previous, int depth)
    {
        if (typeName is "AggregateFunction" or "SimpleAggregateFunction")
        {
            return ReadAggregateFunctionArgument(reader, typeName, previous, depth);
        }

        if (typeName.Equals("JSON", StringComparison.OrdinalIgnoreCase) && TryReadSkip(reader) is { } skip)
        {
            return skip;
        }

        return ReadPlainArgument(reader, depth);
    }

    private static TypeArgument ReadPlainArgument(TypeNameReader reader, int depth)
    {
        var start = reader.Position;
        if (reader.IsAt('\''))
        {
            var value = reader.ReadQuoted('\'');
            var afterString = reader.Position;
            reader.SkipWhitespace();
            if (reader.TryConsume('='))
            {
                reader.SkipWhitespace();
                return new EnumArg(value, reader.ReadInt64());
            }

            reader.Position = afterString;
            return new StringArg(value);
        }

        if (reader.IsAtNumberStart)
        {
            return new NumberArg(reader.ReadNumber());
        }

        if (!reader.IsAt('`') && !reader.IsAtIdentifierStart)
        {
            throw reader.Error($"unexpected character '{reader.Current}'");
        }

        var (name, isSingleWord) = ReadElementName(reader);
        var afterName = reader.Position;
        reader.SkipWhitespace();
        if (isSingleWord && reader.TryConsume('='))
        {
            reader.SkipWhitespace();
            return new SettingArg(name, ReadSettingValue(reader));
        }

        var endsHere = reader.AtEnd || reader.IsAt(',') || reader.IsAt(')');
        if (isSingleWord && (endsHere || reader.IsAt('(') || StartsMultiWordName(reader, start)))
        {
            reader.Position = start;
            return new TypeArg(ReadType(reader, depth + 1), null);
        }

        if (endsHere)
        {
            throw reader.Error($"a type must follow the element name {name}", afterName);
        }

        return new TypeArg(ReadType(reader, depth + 1), name);
    }

    private static bool StartsMultiWordName(TypeNameReader reader, int start)
    {
        var resume = reader.Position;
        reader.Position = start;
        var isMultiWord = ReadTypeName(reader).Contains(' ', StringComparison.Ordinal);
        reader.Position = resume;
        return isMultiWord;
    }

    // Tuple/Nested element names and JSON paths: identifiers or back-quoted names, joined by dots into one path.
    private static (string Name, bool IsSingleWord) ReadElementName(TypeNameReader reader)
    {
        var parts = new List<string>();
        var quoted = false;
        do
        {
            if (reader.IsAt('`'))
            {
                parts.Add(reader.ReadQuoted('`'));
                quoted = true;
            }
            else
            {
                parts.Add(reader.ReadIdentifier());
            }
        }
        while (reader.TryConsume('.'));

        return (string.Join('.', parts), parts.Count == 1 && !quoted);
    }

    private static string ReadSettingValue(TypeNameReader reader)
    {
        var start = reader.Position;
        if (reader.IsAt('\''))
        {
            reader.ReadQuoted('\'');
            return reader.Slice(start, reader.Position);
        }

        if (reader.IsAtNumberStart)
        {
            return reader.ReadNumber();
        }

        return reader.IsAtIdentifierStart ? reader.ReadIdentifier() : throw reader.Error("expected a setting value");
    }

    // JSON(SKIP a.b, SKIP REGEXP '...'); a path literally named SKIP is back-quoted by the server, so SKIP wins here.
    private static SkipArg? TryReadSkip(TypeNameReader reader)
    {
        var start = reader.Position;
        if (!reader.IsAtWord("SKIP"))
        {
            return null;
        }

        reader.Position += "SKIP".Length;
        if (!reader.SkipWhitespace())
        {
            reader.Position = start;
            return null;
        }

        if (reader.IsAtWord("REGEXP"))
        {
            var regexpWord = reader.Position;
            reader.Position += "REGEXP".Length;
            reader.SkipWhitespace();
            if (reader.IsAt('\''))
            {
                return new SkipArg(reader.ReadQuoted('\''), IsRegexp: true);
            }

            reader.Position = regexpWord;
        }

        if (reader.IsAt('`') || reader.IsAtIdentifierStart)
        {
            var (path, _) = ReadElementName(reader);
            var afterPath = reader.Position;
            reader.SkipWhitespace();
            if (reader.AtEnd || reader.IsAt(',') || reader.IsAt(')'))
            {
                reader.Position = afterPath;
                return new SkipArg(path, IsRegexp: false);
            }
        }

        reader.Position = start;
        return null;
    }

    // AggregateFunction([version,] function, T...) and SimpleAggregateFunction(function, T): the function may carry
    // parameters (quantiles(0.5, 0.9)) and is kept as text; an argument that is not a type is kept as text too.
    private static TypeArgument ReadAggregateFunctionArgument(
        TypeNameReader reader, string typeName, List<TypeArgument> previous, int depth)
    {
        if (previous.Count == 0 && typeName == "AggregateFunction" && reader.IsAtNumberStart)
        {
            return new NumberArg(reader.ReadNumber());
        }

        var maxNesting = MaxDepth - depth;
        if (previous.Count == 0 || previous is [NumberArg])
        {
            var function = reader.ReadRaw(maxNesting);
            return TypeNameText.IsPlainIdentifier(function) ? new IdentifierArg(function) : new RawArg(function);
        }

        var start = reader.Position;
        try
        {
            var argument = ReadPlainArgument(reader, depth);
            var end = reader.Position;
            reader.SkipWhitespace();
            if (reader.IsAt(',') || reader.IsAt(')'))
            {
                reader.Position = end;
                return argument;
            }
        }
        catch (FormatException)
        {
            // Not a type: fall back to the raw text below, which still insists on balanced quotes and parentheses.
        }

        reader.Position = start;
        return new RawArg(reader.ReadRaw(maxNesting));
    }
}
