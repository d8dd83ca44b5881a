using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using Ja4Data.Cli.Bench;

namespace Ja4Data.IntegrationTests.Packaging;

/// <summary>
/// The packages as a user adopts them: packed to a local folder feed, referenced by version from a fresh project that
/// restores, builds and runs against the test server, and the CLI installed as a .NET tool. Slow (several dotnet
/// processes), hence its own category.
/// </summary>
[TestFixture]
[Category("Packaging")]
[NonParallelizable]
public sealed class PackagingTests
{
    private static readonly string[] PackageIds = ["Ja4Data", "Ja4Data.DependencyInjection", "Ja4Data.Cli"];
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    private string _work = string.Empty;
    private string _feed = string.Empty;
    private string _version = string.Empty;

    private static string Metadata(string key) =>
        typeof(PackagingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");

    private static string RepositoryRoot => Metadata("RepositoryRoot");

    [OneTimeSetUp]
    public async Task PackAsync()
    {
        _work = Directory.CreateTempSubdirectory("ja4data-packaging-").FullName;
        _feed = Path.Combine(_work, "feed");
        // A version of its own per run: the global packages folder caches by id and version, and must never hand an
        // earlier run's package to this one.
        var suffix = "packtest." + Guid.NewGuid().ToString("N")[..12];
        _version = VersionPrefix() + "-" + suffix;

        // --no-build packs what the test run was built from; the pack itself only writes packages.
        await DotnetAsync(RepositoryRoot, "pack", Path.Combine(RepositoryRoot, "Ja4Data.sln"), "-c", Metadata("Configuration"),
            "--no-build", "-o", _feed, $"-p:VersionSuffix={suffix}");

        foreach (var file in Directory.GetFiles(_feed).Order(StringComparer.Ordinal))
        {
            await TestContext.Progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"packed {Path.GetFileName(file)}: {new FileInfo(file).Length / 1024.0:F0} KiB"));
        }
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (_work.Length > 0)
        {
            Directory.Delete(_work, recursive: true);
        }

        // The consumer's restore extracted this run's packages into the shared global packages folder.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            var folder = Path.Combine(globalPackages, id.ToLowerInvariant());
            var extracted = Path.Combine(folder, _version);
            if (_version.Length > 0 && Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }

            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (IOException)
            {
                // Another run extracted a version meanwhile: the folder is in use, leave it.
            }
        }
    }

    [Test]
    public void Pack_MakesEachPackageWithMetadataDocsAndSymbols()
    {
        Assert.Multiple(() =>
        {
            foreach (var id in PackageIds)
            {
                var package = Path.Combine(_feed, $"{id}.{_version}.nupkg");
                Assert.That(File.Exists(package), $"{package} was packed");
                Assert.That(File.Exists(Path.Combine(_feed, $"{id}.{_version}.snupkg")), $"{id} has a symbol package");
                if (!File.Exists(package))
                {
                    continue;
                }

                using var zip = ZipFile.OpenRead(package);
                var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName == $"{id}.nuspec").Open());
                var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
                string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
                var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");

                Assert.That(Field("version"), Is.EqualTo(_version), id);
                Assert.That(Field("license"), Is.EqualTo("MIT"), id);
                Assert.That(Field("readme"), Is.EqualTo("README.md"), id);
                Assert.That(zip.GetEntry("README.md"), Is.Not.Null, $"{id} carries its README");
                Assert.That(Field("description"), Has.Length.GreaterThan(40), id);
                Assert.That(Field("tags"), Does.Contain("clickhouse"), id);
                Assert.That(repository.Attribute("type")?.Value, Is.EqualTo("git"), id);
                Assert.That(repository.Attribute("commit")?.Value, Does.Match("^[0-9a-f]{40}$"), $"{id} records the commit (SourceLink)");
            }
        });

        using var library = ZipFile.OpenRead(Path.Combine(_feed, $"Ja4Data.{_version}.nupkg"));
        using var symbols = ZipFile.OpenRead(Path.Combine(_feed, $"Ja4Data.{_version}.snupkg"));
        using var extras = ZipFile.OpenRead(Path.Combine(_feed, $"Ja4Data.DependencyInjection.{_version}.nupkg"));
        using var tool = ZipFile.OpenRead(Path.Combine(_feed, $"Ja4Data.Cli.{_version}.nupkg"));
        var extrasNuspec = new StreamReader(extras.GetEntry("Ja4Data.DependencyInjection.nuspec")!.Open()).ReadToEnd();
        var toolNuspec = new StreamReader(tool.GetEntry("Ja4Data.Cli.nuspec")!.Open()).ReadToEnd();
        Assert.Multiple(() =>
        {
            Assert.That(library.GetEntry("lib/net10.0/Ja4Data.dll"), Is.Not.Null);
            Assert.That(library.GetEntry("lib/net10.0/Ja4Data.xml"), Is.Not.Null, "XML docs");
            Assert.That(symbols.GetEntry("lib/net10.0/Ja4Data.pdb"), Is.Not.Null);
            Assert.That(extras.GetEntry("lib/net10.0/Ja4Data.DependencyInjection.xml"), Is.Not.Null, "XML docs");
            Assert.That(extrasNuspec, Does.Contain($"<dependency id=\"Ja4Data\" version=\"{_version}\""), "the extras depend on the same Ja4Data version");
            Assert.That(toolNuspec, Does.Contain("<packageType name=\"DotnetTool\""));
        });
    }

    [Test]
    public async Task Consumer_ReferencingThePackagesByVersion_RestoresBuildsAndRunsAgainstTheServer()
    {
        var consumer = Directory.CreateDirectory(Path.Combine(_work, "consumer")).FullName;
        WriteConsumer(consumer);
        var endpoint = TestServer.Endpoint;

        await DotnetAsync(consumer, "build", "-c", "Release", "--disable-build-servers", "-nodeReuse:false");
        // Host and port come from the configuration section, user and password from the CLICKHOUSE_* environment:
        // the precedence the README documents, in a program that knows nothing of the repository.
        var run = await DotnetAsync(consumer, new Dictionary<string, string>
        {
            [ClickHouseEnvironmentVariables.User] = endpoint.User,
            [ClickHouseEnvironmentVariables.Password] = endpoint.Password,
        }, Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll"), endpoint.Host, endpoint.Port.ToString(CultureInfo.InvariantCulture));

        Assert.That(run.StandardOutput, Does.Contain("doubled=42").And.Contain("database=default").And.Contain("health=Healthy"), run.StandardOutput + run.StandardError);
    }

    [Test]
    public async Task CliToolPackage_InstallsFromTheFeed_AndPrintsHelp()
    {
        var tools = Path.Combine(_work, "tools");

        await DotnetAsync(_work, "tool", "install", "--tool-path", tools, "--add-source", _feed, "Ja4Data.Cli", "--version", _version);
        var help = await RunAsync(_work, null, Path.Combine(tools, "ja4data"), "--help");

        Assert.That(help.StandardOutput, Does.Contain("ja4data").And.Contain("demo").And.Contain("bench"));
    }

    private void WriteConsumer(string directory)
    {
        var central = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props"));
        string Pinned(string id) => central.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == id).Attribute("Version")!.Value;

        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="ja4data-under-test" value="{_feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Ja4Data" Version="{_version}" />
                <PackageReference Include="Ja4Data.DependencyInjection" Version="{_version}" />
                <PackageReference Include="Microsoft.Extensions.Configuration" Version="{Pinned("Microsoft.Extensions.Configuration")}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="{Pinned("Microsoft.Extensions.DependencyInjection")}" />
                <PackageReference Include="Microsoft.Extensions.Logging" Version="{Pinned("Microsoft.Extensions.Logging")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using Ja4Data;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Diagnostics.HealthChecks;
            using Microsoft.Extensions.Hosting;

            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ClickHouse:Host"] = args[0],
                    ["ClickHouse:Port"] = args[1],
                    ["ClickHouse:Database"] = "default",
                    ["ClickHouse:ClientName"] = "package-consumer",
                })
                .Build();

            var services = new ServiceCollection()
                .AddLogging()
                .AddJa4Data(configuration.GetSection("ClickHouse"))
                .ValidateJa4DataOnStart();
            services.AddHealthChecks().AddJa4Data();
            await using var provider = services.BuildServiceProvider();
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }

            var client = provider.GetRequiredService<IClickHouseClient>();
            var doubled = (await client.QueryAsync("SELECT {n:UInt32} * 2 AS doubled", new { n = 21u })).ResultRows[0][0];
            await using var command = provider.GetRequiredService<ClickHouseDataSource>().CreateCommand("SELECT currentDatabase()");
            var database = await command.ExecuteScalarAsync();
            var health = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

            Console.WriteLine($"doubled={doubled}");
            Console.WriteLine($"database={database}");
            Console.WriteLine($"health={health.Status}");
            return health.Status == HealthStatus.Healthy ? 0 : 1;
            """);
    }

    private static string VersionPrefix() =>
        XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    private static Task<ProcessResult> DotnetAsync(string directory, params string[] arguments) => DotnetAsync(directory, null, arguments);

    private static Task<ProcessResult> DotnetAsync(string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        RunAsync(directory, environment, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", arguments);

    private static async Task<ProcessResult> RunAsync(string directory, IReadOnlyDictionary<string, string>? environment, string fileName, params string[] arguments)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            // No build server may outlive the step: it would keep the output pipes open.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
            // The installed tool's launcher finds the runtime this test runs on.
            ["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")),
        };
        using var timeout = new CancellationTokenSource(StepTimeout);
        var command = $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)}";
        var result = await ExternalProcess.RunAsync(fileName, arguments, variables, directory, timeout.Token);
        await TestContext.Progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{command}: exit {result.ExitCode} after {result.Elapsed.TotalSeconds:F0} s"));
        if (result.ExitCode != 0)
        {
            Assert.Fail($"{command} (in {directory}) exited with {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        }

        return result;
    }
}
