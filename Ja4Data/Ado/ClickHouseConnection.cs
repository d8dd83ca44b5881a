namespace Ja4Data;

/// <summary>A ClickHouse connection over the native protocol (placeholder until the provider lands).</summary>
public sealed partial class ClickHouseConnection
{
}
