using Ja4Data.Cli.CommandLine;
using NUnit.Framework;

namespace Ja4Data.Tests.Cli;

[TestFixture]
public sealed class CliArgumentsTests
{
    private static readonly string[] SchemaDeploy = ["schema", "deploy"];
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--dry-run", "--columnar" };

    [Test]
    public void Parse_WordsOptionsAndFlags_AreSeparated()
    {
        var args = CliArguments.Parse(["schema", "deploy", "--dry-run", "--host", "db1", "--port=9001"], Flags);

        Assert.Multiple(() =>
        {
            Assert.That(args.Words, Is.EqualTo(SchemaDeploy));
            Assert.That(args.Flag("--dry-run"), Is.True);
            Assert.That(args.Flag("--columnar"), Is.False);
            Assert.That(args.Text("--host"), Is.EqualTo("db1"));
            Assert.That(args.Int("--port", 9000, 1, 65535), Is.EqualTo(9001));
            Assert.That(args.Text("--user"), Is.Null);
        });
    }

    [TestCase("1500", 1500)]
    [TestCase("1_500", 1500)]
    [TestCase("250k", 250_000)]
    [TestCase("10M", 10_000_000)]
    [TestCase("2g", 2_000_000_000)]
    public void ParseCount_SeparatorsAndSuffixes_Multiply(string text, long expected)
        => Assert.That(CliArguments.ParseCount(text), Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("M")]
    [TestCase("-5")]
    [TestCase("1.5M")]
    [TestCase("ten")]
    [TestCase("99999999999999999999")]
    [TestCase("9999999999999999G")]
    public void ParseCount_Malformed_IsNull(string text) => Assert.That(CliArguments.ParseCount(text), Is.Null);

    [Test]
    public void Number_OutOfRange_NamesTheOptionAndTheBounds()
    {
        var args = CliArguments.Parse(["ingest", "--workers", "0"], Flags);

        var ex = Assert.Throws<CliUsageException>(() => args.Int("--workers", 4, 1, 256));

        Assert.That(ex!.Message, Does.Contain("--workers").And.Contain("1").And.Contain("256"));
    }

    [Test]
    public void Number_NotANumber_SaysWhatIsExpected()
    {
        var args = CliArguments.Parse(["ingest", "--rows", "lots"], Flags);

        Assert.That(() => args.Number("--rows", 1), Throws.TypeOf<CliUsageException>().With.Message.Contains("'lots'"));
    }

    [Test]
    public void ThrowOnUnused_OptionNobodyRead_IsRejected()
    {
        var args = CliArguments.Parse(["demo", "--rows", "5", "--wrokers", "3", "--columnar"], Flags);
        args.Number("--rows", 1);

        var ex = Assert.Throws<CliUsageException>(args.ThrowOnUnused);

        Assert.That(ex!.Message, Does.Contain("--wrokers").And.Contain("--columnar").And.Not.Contain("--rows"));
    }

    [Test]
    public void ThrowOnUnused_EverythingRead_DoesNotThrow()
    {
        var args = CliArguments.Parse(["demo", "--rows", "5"], Flags);
        args.Number("--rows", 1);

        Assert.That(args.ThrowOnUnused, Throws.Nothing);
    }

    [TestCase("--rows")]
    [TestCase("-r")]
    [TestCase("--")]
    public void Parse_Malformed_Throws(string last)
        => Assert.That(() => CliArguments.Parse(["demo", last], Flags), Throws.TypeOf<CliUsageException>());

    [Test]
    public void Parse_OptionTwice_Throws()
        => Assert.That(() => CliArguments.Parse(["demo", "--rows", "1", "--rows=2"], Flags), Throws.TypeOf<CliUsageException>().With.Message.Contains("twice"));

    [Test]
    public void Parse_FlagWithValue_Throws()
        => Assert.That(() => CliArguments.Parse(["schema", "deploy", "--dry-run=yes"], Flags), Throws.TypeOf<CliUsageException>());

    [Test]
    public void Parse_WordAfterOptions_Throws()
        => Assert.That(() => CliArguments.Parse(["demo", "--columnar", "extra"], Flags), Throws.TypeOf<CliUsageException>().With.Message.Contains("extra"));
}
