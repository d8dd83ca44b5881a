using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ja4Data.Tests.Architecture;

/// <summary>One use of a type from a higher layer: where it is, and what it names.</summary>
internal sealed record LayerViolation(string File, int Line, string FromFolder, string ToFolder, string Type)
{
    public override string ToString() => $"{File}:{Line} ({FromFolder}) uses {Type} ({ToFolder})";
}

/// <summary>
/// Compiles the library's sources with Roslyn and reports every reference from a file to a type declared in a higher
/// layer. Works on the semantic model, so <c>using</c> aliases, fully qualified names, <c>var</c>, extension methods
/// and members reached through other types all count; a type only reached through a lower layer's API does not.
/// </summary>
internal static class LayerAnalyzer
{
    // Source generators (GeneratedRegex, LoggerMessage) do not run here: their partial methods then lack a body,
    // which does not affect which types the hand-written code names.
    private static readonly ImmutableHashSet<string> GeneratorGaps = ["CS8795", "CS9248"];

    // What <ImplicitUsings> gives every file of an SDK project (the build writes it to obj/, which this does not read).
    private static readonly string[] ImplicitUsings =
    [
        "System",
        "System.Collections.Generic",
        "System.IO",
        "System.Linq",
        "System.Net.Http",
        "System.Threading",
        "System.Threading.Tasks",
    ];

    /// <param name="sources">The files, each with its path below the library's project folder.</param>
    /// <param name="compileErrors">What kept the sources from compiling (the check is only sound when there is none).</param>
    /// <param name="projectUsings">The project's own global usings (its <c>Using</c> items), on top of the implicit ones.</param>
    public static IReadOnlyList<LayerViolation> Analyze(
        IEnumerable<(string RelativePath, string Text)> sources,
        out IReadOnlyList<string> compileErrors,
        IEnumerable<string>? projectUsings = null)
    {
        var globalUsings = string.Join('\n', ImplicitUsings.Concat(projectUsings ?? []).Select(u => $"global using {u};"));
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = sources
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, options, path: s.RelativePath))
            .ToList();
        var compilation = CSharpCompilation.Create(
            "Ja4Data.LayerCheck",
            [.. trees, CSharpSyntaxTree.ParseText(globalUsings, options, path: "GlobalUsings.g.cs")],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        compileErrors = [.. compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !GeneratorGaps.Contains(d.Id))
            .Select(d => d.ToString())];

        var violations = new List<LayerViolation>();
        foreach (var tree in trees)
        {
            var fromFolder = LayerMap.FolderOf(tree.FilePath);
            var fromRank = LayerMap.RankOf(fromFolder)
                ?? throw new InvalidOperationException($"{tree.FilePath}: folder '{fromFolder}' has no layer; add it to LayerMap and docs/architecture.md.");
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is not (SimpleNameSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax))
                {
                    continue;
                }

                foreach (var type in ReferencedTypes(model, node))
                {
                    var declaration = type.OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault();
                    if (declaration is null)
                    {
                        continue;
                    }

                    var toFolder = LayerMap.FolderOf(declaration.SyntaxTree.FilePath);
                    if (LayerMap.RankOf(toFolder) is { } toRank && toRank > fromRank)
                    {
                        var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        violations.Add(new LayerViolation(tree.FilePath, line, fromFolder, toFolder, type.OriginalDefinition.ToDisplayString()));
                    }
                }
            }
        }

        return [.. violations.Distinct()];
    }

    private static IEnumerable<INamedTypeSymbol> ReferencedTypes(SemanticModel model, SyntaxNode node)
    {
        var symbol = model.GetSymbolInfo(node).Symbol;
        var type = symbol switch
        {
            INamedTypeSymbol named => named,
            IMethodSymbol { MethodKind: MethodKind.Constructor } ctor => ctor.ContainingType,
            IMethodSymbol method => method.ReducedFrom?.ContainingType ?? method.ContainingType,
            IPropertySymbol or IFieldSymbol or IEventSymbol => symbol.ContainingType,
            _ => null,
        };
        if (type is not null)
        {
            yield return OutermostType(type);
        }

        // The static type of an expression catches types that are never spelled out (var, lambdas, chained calls).
        if (node is ExpressionSyntax expression && model.GetTypeInfo(expression).Type is INamedTypeSymbol expressionType)
        {
            yield return OutermostType(expressionType);
        }
    }

    private static INamedTypeSymbol OutermostType(INamedTypeSymbol type)
    {
        while (type.ContainingType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static IEnumerable<MetadataReference> References()
    {
        // The test's own output folder holds every assembly the library references (its package dependencies are
        // copied there); the framework comes from the trusted platform assemblies in the runtime's folder (the list
        // also names the test's own dependencies). The compiled library itself is
        // left out: its types come from the sources under analysis. So are the folder's other assemblies (the CLI's
        // packages): some carry their own copies of framework types, which would make those names ambiguous.
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => string.Equals(Path.GetDirectoryName(p), framework, StringComparison.Ordinal));
        var libraryReferences = typeof(ClickHouseClient).Assembly.GetReferencedAssemblies().Select(a => a.Name + ".dll").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(p => libraryReferences.Contains(Path.GetFileName(p)));
        return platform.Concat(local)
            .DistinctBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Where(IsManagedAssembly)
            .Select(p => MetadataReference.CreateFromFile(p));
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
