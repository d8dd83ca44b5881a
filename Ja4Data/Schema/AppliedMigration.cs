namespace Ja4Data.Schema;

/// <summary>A row of the migrations table: what was applied, under which name, with which checksum.</summary>
internal sealed record AppliedMigration(int Version, string Name, string Checksum);
