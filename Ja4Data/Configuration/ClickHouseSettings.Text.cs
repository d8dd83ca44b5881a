using Ja4Data.Configuration;

namespace Ja4Data;

public sealed partial record ClickHouseSettings
{
    /// <summary>Reads a connection string (see <see cref="ClickHouseConnectionStringBuilder"/>) and validates it.</summary>
    /// <exception cref="ClickHouseConfigurationException">A key is unknown or a value is malformed.</exception>
    public static ClickHouseSettings FromConnectionString(string connectionString) =>
        new ClickHouseConnectionStringBuilder(connectionString).ToSettings();

    /// <summary>
    /// A connection string holding every value that differs from the default (and the port when it was given),
    /// password included; <see cref="FromConnectionString"/> reads it back to an equal record.
    /// </summary>
    public string ToConnectionString() => new ClickHouseConnectionStringBuilder(this).ConnectionString;

    /// <summary>All settings, with the password shown as <c>***</c> when it is set.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(nameof(ClickHouseSettings)).Append(" { ");
        PrintMembers(builder);
        return builder.Append(" }").ToString();
    }

    // Replaces the compiler's member printer, which would print the password.
    private bool PrintMembers(StringBuilder builder)
    {
        var separator = string.Empty;
        foreach (var setting in ClickHouseSettingCatalog.All)
        {
            builder.Append(separator).Append(setting.Name).Append(" = ").Append(setting.Display(this));
            separator = ", ";
        }

        return true;
    }
}
