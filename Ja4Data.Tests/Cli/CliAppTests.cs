using System.Reflection;
using Ja4Data.Cli.Bench;
using Ja4Data.Cli.CommandLine;
using Ja4Data.Cli.Commands;
using Ja4Data.Cli.Hosting;
using Ja4Data.Cli.Ingest;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ja4Data.Tests.Cli;

/// <summary>
/// The command line as a user types it, through <see cref="CliApp.RunAsync"/>: successful parses stop right before the
/// command runs (an interceptor captures the bound settings), failures must end with exit code 2 and an error that
/// names the offending option.
/// </summary>
[TestFixture]
public sealed partial class CliAppTests
{
    private static readonly (string[] Command, Type Settings)[] Commands =
    [
        (["demo"], typeof(DemoSettings)),
        (["ingest"], typeof(IngestSettings)),
        (["bench"], typeof(BenchSettings)),
        (["schema", "deploy"], typeof(SchemaDeploySettings)),
        (["replay"], typeof(ReplaySettings)),
    ];

    /// <summary>Command lines that must fail before anything runs, and what the error must mention.</summary>
    private static readonly TestCaseData[] UsageErrors =
    [
        Case("number out of range", ["ingest", "--workers", "0"], "--workers", "between 1 and 256", "not 0"),
        Case("not a number", ["ingest", "--rows", "lots"], "--rows", "'lots'", "10M"),
        Case("port not a number", ["schema", "deploy", "--port", "abc"], "--port", "'abc'"),
        Case("demo --columnar", ["demo", "--columnar"], "--columnar"),
        Case("demo --rows-api", ["demo", "--rows-api"], "--rows-api"),
        Case("demo --seed", ["demo", "--seed", "5"], "--seed"),
        Case("demo --block", ["demo", "--block", "100"], "--block"),
        Case("demo --target", ["demo", "--target", "raw"], "--target"),
        Case("demo --no-python", ["demo", "--no-python"], "--no-python"),
        Case("schema deploy --local", ["schema", "deploy", "--local"], "--local"),
        Case("--local with --host", ["demo", "--local", "--host", "db1"], "--local", "--host"),
        Case("--cluster with --host", ["demo", "--cluster", "--host", "db1"], "--cluster", "--host"),
        Case("--cluster with --local", ["ingest", "--cluster", "--local"], "--cluster", "--local"),
        Case("--cluster into a typed table", ["ingest", "--cluster", "--target", "wide"], "--cluster", "'wide'"),
        Case("--producers on a cluster", ["ingest", "--producers", "4", "--cluster"], "--producers", "--cluster"),
        Case("--compare without --producers", ["ingest", "--compare"], "--compare", "--producers"),
        Case("replay without --table", ["replay", "."], "--table"),
        Case("replay of no directory", ["replay", "no-such-dead-letter-dir", "--table", "t"], "'no-such-dead-letter-dir'", "not a directory"),
        Case("bench --cluster", ["bench", "--cluster"], "--cluster"),
        Case("--columnar with --rows-api", ["ingest", "--columnar", "--rows-api"], "--columnar", "--rows-api"),
        Case("unknown target", ["ingest", "--target", "disk"], "--target", "raw, wide, null", "'disk'"),
        Case("option without its value", ["demo", "--rows"], "--rows"),
        Case("text option without its value", ["demo", "--host"], "--host"),
        Case("short option", ["demo", "-r"], "-r"),
        Case("bare --", ["demo", "--"], "--"),
        Case("arguments after --", ["demo", "--", "--rows", "5"], "--"),
        Case("option twice", ["demo", "--rows", "1", "--rows=2"], "--rows", "twice"),
        Case("flag with a value", ["schema", "deploy", "--dry-run=yes"], "dry-run"),
        Case("word after the options", ["ingest", "--columnar", "extra"], "extra"),
        Case("unknown command", ["deploy"], "deploy"),
    ];

    private static readonly string[] DemoOptions = ["--rows", "--workers", "--cluster", "--batch", "--host", "--port", "--user", "--local", "--help"];

    [Test]
    public async Task RunAsync_SchemaDeployFlagsAndOptions_AreBound()
    {
        var run = await Run("schema", "deploy", "--dry-run", "--host", "db1", "--port=9001");

        var settings = run.Settings<SchemaDeploySettings>();
        Assert.Multiple(() =>
        {
            Assert.That(settings.DryRun, Is.True);
            Assert.That(settings.ToServerOptions(), Is.EqualTo(new ServerOptions("db1", 9001, null, ForceLocal: false)));
        });
    }

    [Test]
    public async Task RunAsync_DemoWithRows_KeepsTheDefaultsOfTheRest()
    {
        var run = await Run("demo", "--rows", "5");

        var options = run.Settings<DemoSettings>().ToIngestOptions();
        Assert.That(
            (options.Rows, options.Workers, options.BatchSize, options.Mode, options.Seed, options.BlockSize),
            Is.EqualTo((5L, 4, 50_000, InsertMode.Columnar, (ulong)IngestOptions.DefaultSeed, IngestOptions.DefaultBlockSize)));
    }

    [Test]
    public async Task RunAsync_DemoCluster_AsksForALocalCluster()
    {
        var run = await Run("demo", "--cluster", "--rows", "5");

        Assert.That(run.Settings<DemoSettings>().ToServerOptions(), Is.EqualTo(new ServerOptions(null, null, null, ForceLocal: false, LocalCluster: true)));
    }

    [Test]
    public async Task RunAsync_IngestHostList_IsPassedOnAsTheHostSetting()
    {
        var run = await Run("ingest", "--host", "ch1:9000,ch2,[::1]:9440", "--port", "9001");

        Assert.That(run.Settings<IngestSettings>().ToServerOptions(), Is.EqualTo(new ServerOptions("ch1:9000,ch2,[::1]:9440", 9001, null, ForceLocal: false)));
    }

    [Test]
    public async Task RunAsync_IngestEveryOption_IsBound()
    {
        var run = await Run("ingest", "--rows", "10M", "--workers", "8", "--batch", "1_000", "--block", "250", "--rows-api", "--target", "wide", "--seed", "9", "--host", "h", "--port", "9440", "--user", "u");

        var settings = run.Settings<IngestSettings>();
        var options = settings.ToIngestOptions();
        Assert.Multiple(() =>
        {
            Assert.That(
                (options.Rows, options.Workers, options.BatchSize, options.Mode, options.Seed, options.BlockSize),
                Is.EqualTo((10_000_000L, 8, 1000, InsertMode.Rows, 9UL, 250)));
            Assert.That(settings.Target, Is.EqualTo("wide"));
            Assert.That(settings.ToServerOptions(), Is.EqualTo(new ServerOptions("h", 9440, "u", ForceLocal: false)));
        });
    }

    [Test]
    public async Task RunAsync_IngestProducersIntoTheRawLogPath_IsBound()
    {
        var run = await Run("ingest", "--target", "raw", "--producers", "16", "--rows", "1M", "--batch", "100k", "--workers", "2", "--capacity", "300k", "--compare", "--seed", "7");

        var settings = run.Settings<IngestSettings>();
        Assert.Multiple(() =>
        {
            Assert.That(settings.Target, Is.EqualTo("raw"));
            Assert.That(settings.ToBufferedOptions(), Is.EqualTo(new BufferedIngestOptions(1_000_000, 16, 100_000, 300_000, 2, 7, Compare: true)));
        });
    }

    [Test]
    public async Task RunAsync_ReplayEveryOption_IsBound()
    {
        var directory = Directory.CreateTempSubdirectory("ja4-replay-").FullName;
        try
        {
            var run = await Run("replay", directory, "--table", "ja4_logs.http_logs_raw", "--key", "raw", "--delete", "--host", "h");

            var settings = run.Settings<ReplaySettings>();
            Assert.That((settings.Directory, settings.Table, settings.Key, settings.Delete, settings.ToServerOptions().Host), Is.EqualTo((directory, "ja4_logs.http_logs_raw", "raw", true, "h")));
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Test]
    public async Task RunAsync_BenchEveryOption_IsBound()
    {
        var run = await Run("bench", "--rows", "2k", "--repeat", "5", "--select1", "100", "--concurrency", "4", "--out", "dir", "--no-python", "--seed", "3", "--local");

        var settings = run.Settings<BenchSettings>();
        Assert.Multiple(() =>
        {
            Assert.That(settings.ToBenchOptions(), Is.EqualTo(new BenchOptions(2000, 5, 100, 4, "dir", BenchOptions.DefaultDatabase, UsePython: false, Seed: 3)));
            Assert.That(settings.ToServerOptions().ForceLocal, Is.True);
        });
    }

    [Test]
    public async Task RunAsync_BenchDefaults_AreTheDocumentedOnes()
    {
        var run = await Run("bench");

        Assert.That(run.Settings<BenchSettings>().ToBenchOptions(), Is.EqualTo(new BenchOptions(1_000_000, 3, 5000, 8, BenchOptions.DefaultOutputDirectory, BenchOptions.DefaultDatabase, UsePython: true, Seed: 4)));
    }

    [TestCase("1500", 1500)]
    [TestCase("1_500", 1500)]
    [TestCase("250k", 250_000)]
    [TestCase("10M", 10_000_000)]
    [TestCase("2g", 2_000_000_000)]
    public void CountParse_SeparatorsAndSuffixes_Multiply(string text, long expected)
        => Assert.That(Count.Parse(text).Value, Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("M")]
    [TestCase("-5")]
    [TestCase("1.5M")]
    [TestCase("ten")]
    [TestCase("99999999999999999999")]
    [TestCase("9999999999999999G")]
    public void CountParse_Malformed_KeepsTheTextAndHasNoValue(string text)
    {
        var count = Count.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(count.Malformed, Is.EqualTo(text));
            Assert.That(() => count.Value, Throws.InvalidOperationException);
        });
    }

    [TestCaseSource(nameof(UsageErrors))]
    public async Task RunAsync_WrongCommandLine_ExitsTwoNamingTheProblem(string[] args, string[] mentions)
    {
        var run = await Run(args);

        run.AssertUsageError(mentions);
    }

    [Test]
    public async Task RunAsync_Typos_AreRejectedNamingEachButNotTheKnownOnes()
    {
        var run = await Run("demo", "--rows", "5", "--wrokers", "3", "--columnar");

        run.AssertUsageError("--wrokers", "--columnar");
        Assert.That(run.Errors, Does.Not.Contain("--rows"));
    }

    [TestCase]
    [TestCase("--help")]
    [TestCase("help")]
    public async Task RunAsync_Help_ListsEveryCommandAndExitsZero(params string[] args)
    {
        var run = await Run(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero);
            Assert.That(run.Output, Does.Contain("demo").And.Contain("ingest").And.Contain("bench").And.Contain("schema"));
            Assert.That(run.Output, Does.Contain("CLICKHOUSE_HOST"), "the server rule");
        });
    }

    [TestCaseSource(nameof(Commands))]
    public async Task RunAsync_CommandHelp_ListsEachOptionOfItsSettings((string[] Command, Type Settings) command)
    {
        var run = await Run([.. command.Command, "--help"]);

        var declared = command.Settings.GetProperties()
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .SelectMany(o => o.LongNames)
            .Select(n => "--" + n)
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero);
            Assert.That(declared, Is.Not.Empty);
            Assert.That(OptionsSection(run.Output), Is.EquivalentTo(declared.Append("--help")));
        });
    }

    [Test]
    public async Task RunAsync_DemoHelp_ListsExactlyTheDemoOptions()
    {
        var run = await Run("demo", "--help");

        Assert.That(OptionsSection(run.Output), Is.EquivalentTo(DemoOptions));
    }

    [Test]
    public void Settings_EveryCountOption_HasARange()
    {
        var countOptions = typeof(CliApp).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(CommandSettings)))
            .SelectMany(t => t.GetProperties())
            .Where(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) == typeof(Count))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(countOptions, Is.Not.Empty);
            Assert.That(countOptions.Where(p => p.GetCustomAttribute<CountRangeAttribute>() is null).Select(p => $"{p.DeclaringType!.Name}.{p.Name}"), Is.Empty);
        });
    }

    private static TestCaseData Case(string name, string[] args, params string[] mentions)
        => new TestCaseData(args, mentions).SetArgDisplayNames(name);

    /// <summary>The option names the help's OPTIONS section lists, one per entry.</summary>
    private static List<string> OptionsSection(string help)
    {
        var section = help[help.IndexOf("OPTIONS:", StringComparison.Ordinal)..];
        var end = section.IndexOf("\n\n", StringComparison.Ordinal);
        return [.. OptionEntry().Matches(end < 0 ? section : section[..end]).Select(m => m.Groups[1].Value)];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s+(?:-\w, )?(--[a-z0-9-]+)", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex OptionEntry();

    private static async Task<CliRun> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var capture = new CaptureSettings();
        int exitCode;
        try
        {
            exitCode = await CliApp.RunAsync(args, PlainConsole(output), PlainConsole(errors), CancellationToken.None, capture);
        }
        catch (StopBeforeRunning)
        {
            exitCode = 0;
        }

        return new CliRun(exitCode, capture.Settings, output.ToString(), errors.ToString());
    }

    /// <summary>A console without colours or interaction, 200 columns wide, writing to <paramref name="writer"/>.</summary>
    internal static IAnsiConsole PlainConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        return console;
    }

    private sealed record CliRun(int ExitCode, CommandSettings? Bound, string Output, string Errors)
    {
        public T Settings<T>()
            where T : CommandSettings
        {
            Assert.That(Bound, Is.InstanceOf<T>(), $"exit code {ExitCode}; errors: {Errors}");
            return (T)Bound!;
        }

        public void AssertUsageError(params string[] mentions)
        {
            Assert.Multiple(() =>
            {
                Assert.That(ExitCode, Is.EqualTo(CliApp.UsageError), Errors);
                Assert.That(Bound, Is.Null, "the command must not run");
                foreach (var mention in mentions)
                {
                    Assert.That(Errors, Does.Contain(mention));
                }
            });
        }
    }

    /// <summary>Captures the settings the command would run with, and stops there.</summary>
    private sealed class CaptureSettings : ICommandInterceptor
    {
        public CommandSettings? Settings { get; private set; }

        public void Intercept(CommandContext context, CommandSettings settings)
        {
            Settings = settings;
            throw new StopBeforeRunning();
        }

        public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
        {
        }
    }

    private sealed class StopBeforeRunning : Exception;
}
