using System.Collections.Frozen;
using Ja4Data.Protocol;

namespace Ja4Data.Core;

/// <summary>
/// Settings sent with every statement to servers that read string settings (revision 54429+), with flags 0 so a server
/// that does not know one ignores it. They ask for the Native encodings of JSON and Dynamic columns that Ja4Data
/// decodes without limits: JSON as text, Dynamic and JSON in the flattened form. A statement's own settings win.
/// </summary>
internal static class DefaultQuerySettings
{
    private static readonly FrozenDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["output_format_native_write_json_as_string"] = "1",
        ["output_format_native_use_flattened_dynamic_and_json_serialization"] = "1",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string>? For(int revision, IReadOnlyDictionary<string, string>? requested)
    {
        if (revision < ProtocolRevision.WithSettingsSerializedAsStrings)
        {
            return requested;
        }

        if (requested is null || requested.Count == 0)
        {
            return Defaults;
        }

        var merged = new Dictionary<string, string>(Defaults, StringComparer.Ordinal);
        foreach (var (name, value) in requested)
        {
            merged[name] = value;
        }

        return merged;
    }
}
