using Ja4Data.Core;

namespace Ja4Data.Tests.Protocol.Packets;

[TestFixture]
public sealed class DefaultQuerySettingsTests
{
    [Test]
    public void OldServers_GetOnlyWhatTheStatementAsked()
    {
        Assert.That(DefaultQuerySettings.For(54412, null), Is.Null);
        var own = new Dictionary<string, string> { ["max_threads"] = "2" };
        Assert.That(DefaultQuerySettings.For(54428, own), Is.SameAs(own));
    }

    [Test]
    public void StringSettingServers_GetTheJsonAndDynamicEncodings_AndStatementSettingsWin()
    {
        var merged = DefaultQuerySettings.For(54429, new Dictionary<string, string> { ["output_format_native_write_json_as_string"] = "0", ["max_threads"] = "2" })!;
        Assert.That(merged["output_format_native_write_json_as_string"], Is.EqualTo("0"));
        Assert.That(merged["output_format_native_use_flattened_dynamic_and_json_serialization"], Is.EqualTo("1"));
        Assert.That(merged["max_threads"], Is.EqualTo("2"));
    }
}
