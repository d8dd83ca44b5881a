using Ja4Data.Facade;

namespace Ja4Data.Tests.Facade;

[TestFixture]
public sealed class ParameterObjectsTests
{
    [Test]
    public void AnonymousObject_BecomesNamedParameters()
    {
        var collection = new ClickHouseParameterCollection();
        ParameterObjects.AddTo(collection, new { host = "example.com", status = 404 });
        Assert.That(collection.Find("host")!.Value, Is.EqualTo("example.com"));
        Assert.That(collection.Find("status")!.Value, Is.EqualTo(404));
    }

    [Test]
    public void Dictionaries_BecomeNamedParameters()
    {
        var readOnly = new ClickHouseParameterCollection();
        ParameterObjects.AddTo(readOnly, (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["a"] = 1, ["b"] = null });
        Assert.That((readOnly.Find("a")!.Value, readOnly.Find("b")!.Value), Is.EqualTo((1, (object?)null)));

        var legacy = new ClickHouseParameterCollection();
        ParameterObjects.AddTo(legacy, new System.Collections.Hashtable { ["c"] = "x" });
        Assert.That(legacy.Find("c")!.Value, Is.EqualTo("x"));
    }

    [Test]
    public void ParameterToString_NeverShowsTheValue()
        => Assert.That(new ClickHouseParameter("password", "S3cr3t").ToString(), Does.Not.Contain("S3cr3t"));
}
