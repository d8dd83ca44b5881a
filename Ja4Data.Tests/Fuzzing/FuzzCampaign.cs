using System.Diagnostics;
using System.Globalization;

namespace Ja4Data.Tests.Fuzzing;

/// <summary>What a campaign did: inputs tried, how they ended, and the findings it wrote.</summary>
internal sealed record FuzzReport(long Inputs, TimeSpan Elapsed, IReadOnlyDictionary<string, long> Outcomes, IReadOnlyList<FuzzFinding> Findings)
{
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Inputs:N0} inputs in {Elapsed.TotalSeconds:F0} s ({Inputs / Math.Max(Elapsed.TotalSeconds, 1):F0}/s); ")
            + string.Join(", ", Outcomes.OrderByDescending(o => o.Value).Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key} {o.Value:N0}")))
            + $"; {Findings.Count} finding(s)";
}

/// <summary>One finding: the minimized input, where it was written, and what it did.</summary>
internal sealed record FuzzFinding(FuzzCase Input, string? Path, FuzzResult Result);

/// <summary>
/// A mutation-fuzzing campaign over the seed corpus: picks a seed, mutates it (<see cref="Mutator"/>), feeds it to one
/// of the entry points its bytes suit, and judges the outcome (<see cref="FuzzHarness"/>). A finding is minimized and
/// written to the regression folder, once per signature. Everything random comes from one seed, so a campaign's
/// inputs are repeated by its seed (their number depends on the time budget and the machine's speed).
/// </summary>
internal sealed class FuzzCampaign(FuzzHarness harness, IReadOnlyList<FuzzCase> seeds, TextWriter log)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    /// <summary>Where the input being run is kept, so a run that kills the process (a stack overflow) leaves it behind.</summary>
    public string? InFlightDirectory { get; init; }

    public async Task<FuzzReport> RunAsync(int seed, TimeSpan budget, string? regressionDirectory)
    {
        var random = new Random(seed);
        var mutator = new Mutator(random);
        var frames = seeds.Select(s => s.Target.Compression == ClickHouseCompression.None ? [] : Mutator.FindFrames(s.Bytes)).ToList();
        var sameTarget = seeds.Select(s => seeds.Where(o => Kind(o.Target) == Kind(s.Target)).ToList()).ToList();
        var outcomes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var findings = new List<FuzzFinding>();
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        var catchAllSites = new HashSet<string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var nextProgress = ProgressEvery;
        long inputs = 0;
        log.WriteLine($"fuzz: seed {seed}, budget {budget.TotalSeconds:F0} s, {seeds.Count} seed inputs");
        while (clock.Elapsed < budget)
        {
            var index = random.Next(seeds.Count);
            var parent = seeds[index];
            var partner = sameTarget[index][random.Next(sameTarget[index].Count)];
            var targets = parent.Target.Alternatives().ToList();
            var target = targets[random.Next(targets.Count)];
            var input = new FuzzCase(parent.Name, target, mutator.Mutate(parent.Bytes, partner.Bytes, frames[index]));
            KeepInFlight(input);

            var result = await harness.RunAsync(input);
            inputs++;
            var outcome = result.IsFinding ? result.Verdict.ToString() : result.Outcome;
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            // Not findings, but where a decoder could name the problem itself: each site once.
            if (result.CatchAllSite is { } site && catchAllSites.Add(site[..site.IndexOf(':', StringComparison.Ordinal)]))
            {
                log.WriteLine($"fuzz: catch-all {site} (input from seed {input.Name} on {input.Target})");
            }

            if (result.IsFinding && signatures.Add(result.Signature))
            {
                findings.Add(await RecordAsync(input, result, regressionDirectory));
            }

            if (clock.Elapsed >= nextProgress)
            {
                nextProgress += ProgressEvery;
                log.WriteLine($"fuzz: {new FuzzReport(inputs, clock.Elapsed, outcomes, findings)}");
            }
        }

        var report = new FuzzReport(inputs, clock.Elapsed, outcomes, findings);
        log.WriteLine($"fuzz: done, {report}");
        return report;
    }

    /// <summary>Minimizes a failing input and writes it to <paramref name="directory"/> (when given).</summary>
    public async Task<FuzzFinding> RecordAsync(FuzzCase input, FuzzResult result, string? directory)
    {
        log.WriteLine($"fuzz: FINDING on {input.Target} (from seed {input.Name}, {input.Bytes.Length} bytes): {result}");
        var bytes = input.Bytes;
        if (result.Verdict != FuzzVerdict.Hang)
        {
            bytes = await Minimizer.MinimizeAsync(bytes, async candidate =>
            {
                var again = await harness.RunAsync(input with { Bytes = candidate });
                return again.IsFinding && again.Signature == result.Signature;
            });
        }

        var minimized = input with { Name = FuzzCorpus.ContentName(bytes), Bytes = bytes };
        var path = directory is null ? null : FuzzCorpus.Write(directory, minimized);
        log.WriteLine($"fuzz: minimized to {bytes.Length} bytes{(path is null ? string.Empty : $", written to {path}")}");
        return new FuzzFinding(minimized, path, result);
    }

    // Which inputs splice together: the same conversation kind (revision and compression), whichever entry point.
    private static string Kind(FuzzTarget target) => target.Alternatives().First().ToString();

    private void KeepInFlight(FuzzCase input)
    {
        if (InFlightDirectory is null)
        {
            return;
        }

        File.WriteAllBytes(Path.Combine(InFlightDirectory, "in-flight.bin"), input.Bytes);
        File.WriteAllText(Path.Combine(InFlightDirectory, "in-flight.target"), input.Target.ToString());
    }
}
