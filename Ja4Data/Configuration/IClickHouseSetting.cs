namespace Ja4Data.Configuration;

/// <summary>
/// One property of <see cref="ClickHouseSettings"/> with its environment variable, connection-string key and
/// rules, so loading, validation, printing and connection strings are all driven by one table.
/// </summary>
internal interface IClickHouseSetting
{
    /// <summary>Property name, also the canonical connection-string key.</summary>
    string Name { get; }

    string EnvironmentVariable { get; }

    /// <summary>Extra connection-string keys accepted for this setting (ADO.NET habits such as <c>Server</c>).</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>The value must never appear in text: messages, <c>ToString</c>, logs.</summary>
    bool IsSecret { get; }

    /// <summary>Parses and checks <paramref name="text"/>; errors name <paramref name="source"/>.</summary>
    ClickHouseSettings Apply(ClickHouseSettings settings, string text, string source);

    /// <summary>
    /// Checks a typed or textual <paramref name="value"/> and returns its canonical text; errors name
    /// <paramref name="source"/>.
    /// </summary>
    string Normalize(object value, string source);

    /// <summary>Checks the current value; errors name the property and the variable.</summary>
    void Validate(ClickHouseSettings settings);

    /// <summary>True when the value differs from the default (or, for the port, was given explicitly).</summary>
    bool IsSet(ClickHouseSettings settings);

    /// <summary>The canonical text of the current value, as stored in connection strings.</summary>
    string Format(ClickHouseSettings settings);

    /// <summary>The value for <c>ToString</c>: readable, and masked for secrets.</summary>
    string Display(ClickHouseSettings settings);
}
