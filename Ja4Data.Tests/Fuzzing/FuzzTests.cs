using System.Globalization;

namespace Ja4Data.Tests.Fuzzing;

/// <summary>
/// The fuzzer in the test suite: every recorded seed decodes, every input that once failed ends well now, and a short
/// fixed-seed campaign finds nothing. The long campaign (<c>./build.sh fuzz</c>) is <see cref="Campaign_AsLongAsAsked"/>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FuzzTests
{
    /// <summary>CI's campaign: a fixed seed and a budget of seconds, so a finding reproduces by its seed.</summary>
    private const int CiSeed = 20261203;

    private static readonly TimeSpan CiBudget = TimeSpan.FromSeconds(20);

    private static readonly string[] ArrayTypes = ["Array(UInt64)", "Array(Array(UInt8))", "Array(Nullable(String))"];

    private FuzzHarness _harness = null!;

    [OneTimeSetUp]
    public void SetUp() => _harness = new FuzzHarness();

    [OneTimeTearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    public static IEnumerable<TestCaseData> Seeds()
        => Files(FuzzCorpus.SeedDirectory).Select(f => new TestCaseData(f).SetName($"Seed_{Path.GetFileNameWithoutExtension(f)}_Decodes"));

    public static IEnumerable<TestCaseData> Regressions()
        => Files(FuzzCorpus.RegressionDirectory).Select(f => new TestCaseData(f).SetName($"Regression_{Path.GetFileNameWithoutExtension(f)}_EndsInAClickHouseErrorOrSuccess"));

    private static IEnumerable<string> Files(string directory)
        => Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.bin").Order(StringComparer.Ordinal) : [];

    [Test]
    public void Corpus_CoversEveryEntryPoint_WithRealRecordings()
    {
        var seeds = FuzzCorpus.Load(FuzzCorpus.SeedDirectory);
        var byClient = seeds.GroupBy(s => s.Target.Client).ToDictionary(g => g.Key, g => g.Count());
        Assert.Multiple(() =>
        {
            Assert.That(byClient.GetValueOrDefault(FuzzClient.Hello), Is.GreaterThanOrEqualTo(2), "18.16 Hello, uncompressed and LZ4");
            Assert.That(byClient.GetValueOrDefault(FuzzClient.BulkWriter), Is.GreaterThanOrEqualTo(2), "18.16 INSERT header");
            Assert.That(byClient.GetValueOrDefault(FuzzClient.Reader), Is.GreaterThanOrEqualTo(40), "18.16 answers and chDB blocks as Data packets");
            Assert.That(byClient.GetValueOrDefault(FuzzClient.Native), Is.GreaterThanOrEqualTo(50), "chDB Native output of the conformance cases");
            Assert.That(seeds.Where(s => s.Target.Compression == ClickHouseCompression.Lz4).Select(s => Mutator.FindFrames(s.Bytes).Count).Sum(), Is.GreaterThan(10), "compressed frames to mutate inside");
        });
    }

    [TestCaseSource(nameof(Seeds))]
    public async Task Seed(string file)
    {
        var seed = FuzzCorpus.Read(file);
        var result = await _harness.RunAsync(seed);
        var expected = seed.Name.StartsWith("exception-", StringComparison.Ordinal) ? FuzzVerdict.ClickHouseError : FuzzVerdict.Success;
        Assert.That(result.Verdict, Is.EqualTo(expected), result.ToString());
    }

    [TestCaseSource(nameof(Regressions))]
    public async Task Regression(string file)
    {
        var input = FuzzCorpus.Read(file);
        var result = await _harness.RunAsync(input);
        Assert.That(result.IsFinding, Is.False, result.ToString());
    }

    [Test]
    public void Mutate_SameSeed_GivesTheSameInputs()
    {
        var seeds = FuzzCorpus.Load(FuzzCorpus.SeedDirectory).Where(s => s.Target.Compression == ClickHouseCompression.Lz4).Take(5).ToList();
        Assert.That(seeds, Is.Not.Empty);
        var first = Run(7);
        Assert.That(Run(7), Is.EqualTo(first));
        Assert.That(Run(8), Is.Not.EqualTo(first));

        List<string> Run(int seed)
        {
            var mutator = new Mutator(new Random(seed));
            return [.. Enumerable.Range(0, 200).Select(i => seeds[i % seeds.Count]).Select(s => Convert.ToHexString(mutator.Mutate(s.Bytes, s.Bytes, Mutator.FindFrames(s.Bytes))))];
        }
    }

    [Test]
    public void FindTypeNames_RecordedAnswer_FindsItsColumnTypes()
    {
        var seed = FuzzCorpus.Load(FuzzCorpus.SeedDirectory).Single(s => s.Target.ToString() == "reader.54412.none" && s.Name == "select-arrays-none");
        var names = Mutator.FindTypeNames(seed.Bytes).Select(n => System.Text.Encoding.ASCII.GetString(seed.Bytes, n.At + 1, n.Length));
        Assert.That(names, Is.SupersetOf(ArrayTypes));
    }

    [Test]
    public async Task Harness_JudgesAnEscapingExceptionAsAFinding()
    {
        // A Native file whose type is unknown fails as a protocol error; the harness's judge sees anything else.
        var protocolError = await _harness.RunAsync(new FuzzCase("unknown-type", new FuzzTarget(FuzzClient.Native, 0, ClickHouseCompression.None), new WireBytes().Var(1).Var(1).Str("c").Str("NoSuchType").ToArray()));
        Assert.That(protocolError.Verdict, Is.EqualTo(FuzzVerdict.ClickHouseError), protocolError.ToString());
        Assert.That(FuzzResult.Judge(new InvalidCastException(), 0, 1, TimeSpan.Zero).IsFinding, Is.True);
        Assert.That(FuzzResult.Judge(null, 2, 1, TimeSpan.Zero).Verdict, Is.EqualTo(FuzzVerdict.MemoryBound));
    }

    [Test]
    public async Task Campaign_FixedSeed_FindsNothing()
    {
        var campaign = new FuzzCampaign(_harness, FuzzCorpus.Load(FuzzCorpus.SeedDirectory), TestContext.Out);
        var report = await campaign.RunAsync(CiSeed, CiBudget, regressionDirectory: null);

        Assert.That(report.Inputs, Is.GreaterThan(100), "the campaign ran");
        Assert.That(report.Findings, Is.Empty, string.Join(Environment.NewLine, report.Findings.Select(f => $"{f.Input.Target}: {Convert.ToHexString(f.Input.Bytes)} -> {f.Result}")));
    }

    [TestCase("build.sh")]
    [TestCase("build.ps1")]
    public void BuildScript_FuzzTask_SelectsTheLongCampaign(string script)
    {
        var name = $"{typeof(FuzzTests).FullName}.{nameof(Campaign_AsLongAsAsked)}";
        Assert.That(File.ReadAllText(Path.Combine(RepoRoot.Path, script)), Does.Contain($"FullyQualifiedName={name}"));
    }

    /// <summary>
    /// The long campaign: <c>JA4DATA_FUZZ_SECONDS</c> (default 600) and <c>JA4DATA_FUZZ_SEED</c> (default: random,
    /// printed); every finding is minimized and written to the regression folder, and fails the run.
    /// </summary>
    [Test]
    [Explicit("The long campaign: ./build.sh fuzz [seconds] [seed].")]
    public async Task Campaign_AsLongAsAsked()
    {
        var seconds = int.Parse(Environment.GetEnvironmentVariable("JA4DATA_FUZZ_SECONDS") ?? "600", CultureInfo.InvariantCulture);
        var seed = Environment.GetEnvironmentVariable("JA4DATA_FUZZ_SEED") is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        using var inFlight = new TempDirectory("ja4data-fuzz-");
        await TestContext.Progress.WriteLineAsync($"fuzz: the input in flight is kept in {inFlight.Path} (left behind if it kills the process)");
        var campaign = new FuzzCampaign(_harness, FuzzCorpus.Load(FuzzCorpus.SeedDirectory), TestContext.Progress) { InFlightDirectory = inFlight.Path };
        var report = await campaign.RunAsync(seed, TimeSpan.FromSeconds(seconds), FuzzCorpus.RegressionDirectory);

        await TestContext.Progress.WriteLineAsync($"fuzz summary: seed {seed}, {report}");
        Assert.That(report.Findings, Is.Empty, string.Join(Environment.NewLine, report.Findings.Select(f => $"{f.Path}: {f.Result}")));
    }
}
