using System.Collections;
using System.Reflection;

namespace Ja4Data.Facade;

/// <summary>Turns the facade's <c>parameters</c> argument (dictionary or anonymous object) into command parameters.</summary>
internal static class ParameterObjects
{
    public static void AddTo(ClickHouseParameterCollection target, object? parameters)
    {
        switch (parameters)
        {
            case null:
                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (name, value) in pairs)
                {
                    target.AddWithValue(name, value);
                }

                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    target.AddWithValue(entry.Key.ToString() ?? string.Empty, entry.Value);
                }

                return;
            default:
                foreach (var property in parameters.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.GetIndexParameters().Length == 0)
                    {
                        target.AddWithValue(property.Name, property.GetValue(parameters));
                    }
                }

                return;
        }
    }
}
