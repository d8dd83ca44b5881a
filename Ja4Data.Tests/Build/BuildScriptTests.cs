using System.Diagnostics;
using System.Globalization;
using System.Management.Automation.Language;
using System.Runtime.Versioning;

namespace Ja4Data.Tests.Build;

/// <summary>
/// The build scripts: build.ps1 parses and offers every task (no PowerShell runs in CI, so a syntax error would
/// otherwise ship unnoticed), the bash scripts pass <c>bash -n</c>, and the test summary that decides CI's verdict
/// counts correctly.
/// </summary>
[TestFixture]
public sealed class BuildScriptTests
{
    private static readonly string[] Tasks = ["build", "test", "demo", "bench", "deps", "fuzz"];

    private static readonly string[] BashScripts =
        ["build.sh", ".ci/run", "scripts/install-deps.sh", "scripts/fetch-chdb.sh", "scripts/test-summary.sh"];

    private static readonly string RepoRoot = TestSupport.RepoRoot.Path;

    private TempDirectory _scratch = null!;

    [SetUp]
    public void CreateScratchDirectory() => _scratch = new TempDirectory("ja4data-build-tests-");

    [TearDown]
    public void DeleteScratchDirectory() => _scratch.Dispose();

    [Test]
    public void BuildPs1_Parse_HasNoErrors()
    {
        ParseBuildPs1(out var errors);

        Assert.That(errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}"), Is.Empty);
    }

    [Test]
    public void BuildPs1_TaskParameter_ValidateSetIsExactlyTheTasks()
    {
        var task = TaskParameter(ParseBuildPs1(out _));
        var validateSet = task.Attributes.OfType<AttributeAst>().Single(a => a.TypeName.Name == "ValidateSet");

        Assert.That(
            validateSet.PositionalArguments.OfType<StringConstantExpressionAst>().Select(s => s.Value),
            Is.EquivalentTo(Tasks));
    }

    [Test]
    public void BuildPs1_TaskParameter_DefaultsToTest()
    {
        var task = TaskParameter(ParseBuildPs1(out _));

        Assert.That((task.DefaultValue as StringConstantExpressionAst)?.Value, Is.EqualTo("test"));
    }

    [TestCaseSource(nameof(Tasks))]
    public void BuildPs1_EveryTask_HasAFunctionThatTheDispatchCalls(string task)
    {
        var script = ParseBuildPs1(out _);
        var function = "Invoke-" + char.ToUpperInvariant(task[0]) + task[1..];

        var defined = script.FindAll(a => a is FunctionDefinitionAst, true).Cast<FunctionDefinitionAst>().Select(f => f.Name);
        var called = script.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName());

        Assert.That(defined, Does.Contain(function));
        Assert.That(called, Does.Contain(function));
    }

    [TestCaseSource(nameof(BashScripts))]
    public void BashScript_SyntaxCheck_Passes(string script)
    {
        var (exitCode, _, stderr) = Run("bash", "-n", Path.Combine(RepoRoot, script));

        Assert.That(exitCode, Is.EqualTo(0), stderr);
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "Unix file modes do not exist on Windows.")]
    [UnsupportedOSPlatform("windows")]
    public void BuildSh_FileMode_IsExecutable()
    {
        Assert.That(File.GetUnixFileMode(Path.Combine(RepoRoot, "build.sh")) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
    }

    // Unit: 4 tests, those not passed skipped. Integration: 3 tests, 2 passed, the third failed or skipped.
    [TestCase(3, 0, 0, "5 passed, 0 failed, 2 skipped", TestName = "TestSummary_PassedAndSkippedInTwoProjects_SumsAndSucceeds")]
    [TestCase(4, 1, 1, "6 passed, 1 failed, 0 skipped", TestName = "TestSummary_OneFailure_ExitsNonZero")]
    public void TestSummary_TwoProjects_SumsAndExitsNonZeroOnFailure(int unitPassed, int integrationFailed, int expectedExitCode, string expectedLine)
    {
        var unit = WriteTrx("unit.trx", total: 4, passed: unitPassed, failed: 0, notExecuted: 4 - unitPassed);
        var integration = WriteTrx("integration.trx", total: 3, passed: 2, failed: integrationFailed, notExecuted: 1 - integrationFailed);

        var (exitCode, stdout, _) = Summarize(unit, integration);

        Assert.That((exitCode, LastLine(stdout)), Is.EqualTo((expectedExitCode, expectedLine)));
    }

    [Test]
    public void TestSummary_ErrorTimeoutAndAbortedCounters_CountAsFailed()
    {
        var trx = WriteTrx("unit.trx", total: 5, passed: 2, failed: 0, notExecuted: 0, extra: "error=\"1\" timeout=\"1\" aborted=\"1\"");

        var (exitCode, stdout, _) = Summarize(trx);

        Assert.That((exitCode, LastLine(stdout)), Is.EqualTo((1, "2 passed, 3 failed, 0 skipped")));
    }

    [Test]
    public void TestSummary_NoTestRan_ExitsNonZero()
    {
        var trx = WriteTrx("unit.trx", total: 0, passed: 0, failed: 0, notExecuted: 0);

        var (exitCode, stdout, _) = Summarize(trx);

        Assert.That((exitCode, LastLine(stdout)), Is.EqualTo((1, "0 passed, 0 failed, 0 skipped")));
    }

    [Test]
    public void TestSummary_MissingResultsFile_ExitsNonZeroAndSaysSo()
    {
        var unit = WriteTrx("unit.trx", total: 1, passed: 1, failed: 0, notExecuted: 0);

        var (exitCode, stdout, stderr) = Summarize(unit, Path.Combine(_scratch.Path, "crashed.trx"));

        Assert.That((exitCode, LastLine(stdout)), Is.EqualTo((1, "1 passed, 0 failed, 0 skipped")));
        Assert.That(stderr, Does.Contain("crashed.trx"));
    }

    private static ScriptBlockAst ParseBuildPs1(out ParseError[] errors) =>
        Parser.ParseFile(Path.Combine(RepoRoot, "build.ps1"), out _, out errors);

    private static ParameterAst TaskParameter(ScriptBlockAst script) =>
        script.ParamBlock.Parameters.Single(p => p.Name.VariablePath.UserPath == "Task");

    private static (int ExitCode, string Stdout, string Stderr) Summarize(params string[] trxFiles) =>
        Run("bash", [Path.Combine(RepoRoot, "scripts/test-summary.sh"), .. trxFiles]);

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;

    /// <summary>A TRX file shaped like the ones <c>dotnet test --logger trx</c> writes, reduced to its counters.</summary>
    private string WriteTrx(string name, int total, int passed, int failed, int notExecuted, string extra = "")
    {
        var counters = string.Format(
            CultureInfo.InvariantCulture,
            "<Counters total=\"{0}\" executed=\"{1}\" passed=\"{2}\" failed=\"{3}\" {4} inconclusive=\"0\" passedButRunAborted=\"9\" notRunnable=\"0\" notExecuted=\"{5}\" />",
            total,
            total - notExecuted,
            passed,
            failed,
            extra,
            notExecuted);
        return _scratch.Write(
            name,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<TestRun id=\"1\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n"
            + $"  <ResultSummary outcome=\"Completed\">\n    {counters}\n  </ResultSummary>\n</TestRun>\n");
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }
}
