namespace Ja4Data.Sql;

/// <summary>A <c>{name:Type}</c> placeholder found in SQL text: its position and parts.</summary>
internal readonly record struct Placeholder(int Start, int Length, string Name, string TypeName);
