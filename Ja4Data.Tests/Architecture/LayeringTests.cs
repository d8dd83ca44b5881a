using System.Xml.Linq;

namespace Ja4Data.Tests.Architecture;

/// <summary>
/// The library depends downward only (docs/architecture.md): computed from its sources with the compiler's semantic
/// model, so any upward reference - however it is spelled - fails this test with file, line and type.
/// </summary>
[TestFixture]
public sealed class LayeringTests
{
    private static readonly string LibraryRoot = Path.Combine(RepoRoot.Path, "Ja4Data");

    [Test]
    public void Library_EveryReference_PointsToOwnOrLowerLayer()
    {
        var violations = LayerAnalyzer.Analyze(LibrarySources(), out var compileErrors, ProjectUsings());

        Assert.Multiple(() =>
        {
            Assert.That(compileErrors, Is.Empty, "the layer check must see the library compile, or it could miss references");
            Assert.That(violations.Select(v => v.ToString()), Is.Empty);
        });
    }

    [Test]
    public void Library_EveryFolder_HasALayer()
    {
        var folders = LibrarySources().Select(s => LayerMap.FolderOf(s.RelativePath)).Distinct();

        Assert.That(folders.Where(f => LayerMap.RankOf(f) is null), Is.Empty);
    }

    [Test]
    public void Analyzer_UpwardReference_IsReported()
    {
        (string, string)[] sources =
        [
            ("Ado/Handle.cs", "namespace Ja4Data.Ado; internal sealed class Handle { public static Handle Create() => new(); }"),
            ("Protocol/Packet.cs", "namespace Ja4Data.Protocol; internal static class Packet { public static object Make() { var h = Ja4Data.Ado.Handle.Create(); return h; } }"),
            ("Facade/Client.cs", "using Ja4Data.Ado; namespace Ja4Data.Facade; internal static class Client { public static Handle Get() => Handle.Create(); }"),
        ];

        var violations = LayerAnalyzer.Analyze(sources, out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(violations.Select(v => (v.File, v.ToFolder, v.Type)).Distinct(), Is.EqualTo(new[] { ("Protocol/Packet.cs", "Ado", "Ja4Data.Ado.Handle") }));
        });
    }

    [Test]
    public void Analyzer_ReferenceThroughVarAndMember_IsReported()
    {
        (string, string)[] sources =
        [
            ("Core/Connector.cs", "namespace Ja4Data.Core; internal sealed class Connector { public int Revision => 1; public static Connector Open() => new(); }"),
            ("Types/Codec.cs", "namespace Ja4Data.Types; internal static class Codec { public static int Rev() => Ja4Data.Core.Connector.Open().Revision; }"),
        ];

        var violations = LayerAnalyzer.Analyze(sources, out _);

        Assert.That(violations.Select(v => v.Type).Distinct().ToList(), Is.EqualTo((string[])["Ja4Data.Core.Connector"]));
    }

    /// <summary>The library project's <c>&lt;Using Include="..."/&gt;</c> items: global usings the build adds to every file.</summary>
    private static IEnumerable<string> ProjectUsings() =>
        XDocument.Load(Path.Combine(LibraryRoot, "Ja4Data.csproj")).Descendants("Using")
            .Select(u => (string?)u.Attribute("Include"))
            .OfType<string>();

    private static IEnumerable<(string RelativePath, string Text)> LibrarySources() =>
        Directory.EnumerateFiles(LibraryRoot, "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(LibraryRoot, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith("obj/", StringComparison.Ordinal) && !p.StartsWith("bin/", StringComparison.Ordinal))
            .Select(p => (p, File.ReadAllText(Path.Combine(LibraryRoot, p))));
}
