namespace Ja4Data.Types.Syntax;

/// <summary>A bare function name, such as <c>sum</c> in <c>SimpleAggregateFunction(sum, UInt64)</c>.</summary>
internal sealed record IdentifierArg(string Name) : TypeArgument
{
    internal override void AppendTo(StringBuilder sb) => sb.Append(Name);
}
