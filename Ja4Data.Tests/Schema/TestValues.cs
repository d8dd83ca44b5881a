namespace Ja4Data.Tests.Schema;

/// <summary>Expected sequences written inline without tripping CA1861 (constant array arguments).</summary>
internal static class TestValues
{
    public static T[] Expected<T>(params T[] items) => items;
}
