using System.Globalization;
using System.Text.RegularExpressions;

namespace Ja4Data.LocalServer.ChDb;

/// <summary>chDB reported an error; <see cref="Exception.Message"/> is chDB's own text.</summary>
public sealed partial class ChDbException : Exception
{
    /// <summary>Creates the exception from chDB's error text.</summary>
    public ChDbException(string message)
        : base(message)
    {
        var match = CodePattern().Match(message);
        ErrorCode = match.Success ? int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Creates the exception with a cause.</summary>
    public ChDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ChDbException()
        : base("chDB reported an error.")
    {
    }

    /// <summary>The ClickHouse error code from the leading <c>Code: N.</c> of the text, when present (60 = UNKNOWN_TABLE).</summary>
    public int? ErrorCode { get; }

    [GeneratedRegex(@"^\s*Code:\s*(\d+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
