using System.Collections.Frozen;

namespace Ja4Data.Protocol.Packets;

/// <summary>
/// Servers older than revision 54429 read settings in a binary form whose encoding depends on each setting's type
/// (docs/protocol.md, "Query packet"). This table covers the settings clients commonly send; any other setting is refused with an
/// error naming it rather than being sent in a form the server would misread.
/// </summary>
internal static class LegacySettings
{
    private enum Kind
    {
        UInt,
        Bool,
        Text,
    }

    private static readonly FrozenDictionary<string, Kind> Types = new Dictionary<string, Kind>
    {
        ["max_threads"] = Kind.UInt, ["max_block_size"] = Kind.UInt, ["max_insert_block_size"] = Kind.UInt,
        ["min_insert_block_size_rows"] = Kind.UInt, ["min_insert_block_size_bytes"] = Kind.UInt,
        ["max_execution_time"] = Kind.UInt, ["max_memory_usage"] = Kind.UInt, ["max_result_rows"] = Kind.UInt,
        ["max_rows_to_read"] = Kind.UInt, ["max_query_size"] = Kind.UInt, ["receive_timeout"] = Kind.UInt,
        ["send_timeout"] = Kind.UInt, ["connect_timeout"] = Kind.UInt, ["interactive_delay"] = Kind.UInt,
        ["max_partitions_per_insert_block"] = Kind.UInt, ["network_zstd_compression_level"] = Kind.UInt,
        ["insert_deduplicate"] = Kind.Bool, ["input_format_defaults_for_omitted_fields"] = Kind.Bool,
        ["readonly"] = Kind.UInt, ["extremes"] = Kind.Bool, ["use_uncompressed_cache"] = Kind.Bool,
        ["low_cardinality_allow_in_native_format"] = Kind.Bool, ["allow_experimental_low_cardinality_type"] = Kind.Bool,
        ["join_use_nulls"] = Kind.Bool, ["distributed_product_mode"] = Kind.Text, ["totals_mode"] = Kind.Text,
        ["send_logs_level"] = Kind.Text, ["network_compression_method"] = Kind.Text, ["log_queries"] = Kind.Bool,
        ["max_bytes_before_external_group_by"] = Kind.UInt, ["max_bytes_before_external_sort"] = Kind.UInt,
        ["queue_max_wait_ms"] = Kind.UInt, ["max_concurrent_queries_for_user"] = Kind.UInt,
        ["insert_quorum"] = Kind.UInt, ["select_sequential_consistency"] = Kind.Bool,
        ["date_time_input_format"] = Kind.Text, ["format_csv_delimiter"] = Kind.Text, ["timeout_before_checking_execution_speed"] = Kind.UInt,
        ["max_network_bandwidth"] = Kind.UInt, ["priority"] = Kind.UInt, ["optimize_throw_if_noop"] = Kind.Bool,
        ["insert_distributed_sync"] = Kind.Bool,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void WriteValue(ProtocolWriter writer, string name, string value, int revision)
    {
        if (!Types.TryGetValue(name, out var kind))
        {
            throw new ClickHouseConfigurationException(
                $"The setting '{name}' cannot be sent to this server: protocol revision {revision} predates string-encoded settings (54429) " +
                "and Ja4Data does not know this setting's binary type. Put it in the query text (SETTINGS clause) instead, or upgrade the server.");
        }

        switch (kind)
        {
            case Kind.UInt:
                writer.WriteVarUInt(ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? number
                    : throw new ClickHouseConfigurationException($"The setting '{name}' needs a non-negative integer, got '{value}'."));
                break;
            case Kind.Bool:
                writer.WriteVarUInt(value switch
                {
                    "1" or "true" or "True" => 1UL,
                    "0" or "false" or "False" => 0UL,
                    _ => throw new ClickHouseConfigurationException($"The setting '{name}' needs 0/1 or true/false, got '{value}'."),
                });
                break;
            case Kind.Text:
                writer.WriteString(value);
                break;
        }
    }
}
