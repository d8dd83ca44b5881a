namespace Ja4Data.Sql;

/// <summary>
/// A placeholder found in SQL text: <c>{name:Type}</c>, or <c>@name</c> (<see cref="TypeName"/> null: the value's own
/// type decides). <see cref="AfterIn"/> is set when it is the right side of <c>IN</c> (<c>x IN @codes</c>,
/// <c>x NOT IN {codes:Array(UInt16)}</c>), where a list has to become a set on servers that read no array there.
/// </summary>
internal readonly record struct Placeholder(int Start, int Length, string Name, string? TypeName, bool AfterIn = false);
