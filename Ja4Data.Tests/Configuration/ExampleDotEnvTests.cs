using System.Reflection;

namespace Ja4Data.Tests.Configuration;

/// <summary>The repository's example <c>.env</c> must parse, document every variable and match the defaults.</summary>
[TestFixture]
public sealed class ExampleDotEnvTests
{
    [Test]
    public void ExampleDotEnv_Loads_ToTheBuiltInDefaults()
    {
        var settings = ClickHouseSettings.Load(new Dictionary<string, string?>(), ExampleFile());

        Assert.That(settings, Is.EqualTo(new ClickHouseSettings()));
    }

    [Test]
    public void ExampleDotEnv_MentionsEveryVariable()
    {
        var text = File.ReadAllText(ExampleFile());
        var names = typeof(ClickHouseEnvironmentVariables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (string)field.GetRawConstantValue()!);

        Assert.That(names.Where(name => !text.Contains(name + "=", StringComparison.Ordinal)), Is.Empty);
    }

    private static string ExampleFile() => Path.Combine(RepoRoot.Path, ".env");
}
