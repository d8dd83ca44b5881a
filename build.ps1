<#
.SYNOPSIS
    Ja4Data tasks for PowerShell users; the same tasks as build.sh.

.DESCRIPTION
    deps   install the ClickHouse packages (Linux with apt: scripts/install-deps.sh)
    build  dotnet build -c Release of the whole solution
    test   deps + chDB library + build + Ja4Data.Tests and Ja4Data.IntegrationTests; ends with the line
           "N passed, N failed, N skipped" and fails if a test failed or none ran
    demo   deps + ja4data demo [args]
    bench  deps + ja4data bench [args]
    fuzz   [seconds] [seed]: the long fuzzing campaign (default 600 s, a random seed); minimized findings go to
           Ja4Data.Tests/Fuzzing/Regressions and fail the run (docs/testing.md, "Fuzzing")

.EXAMPLE
    ./build.ps1 fuzz 1200 42

.EXAMPLE
    ./build.ps1 test

.EXAMPLE
    ./build.ps1 demo --help
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo', 'bench', 'deps', 'fuzz')]
    [string] $Task = 'test',

    [Parameter(Position = 1, ValueFromRemainingArguments = $true)]
    [string[]] $Arguments = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$RepoRoot = $PSScriptRoot
$Configuration = 'Release'
$TestProjects = @('Ja4Data.Tests', 'Ja4Data.IntegrationTests')
$ResultsDirectory = Join-Path $RepoRoot 'artifacts/test-results'

$script:ExitCode = 0

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Test-Linux {
    [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)
}

function Invoke-Native {
    # Runs a program and throws when it fails: native commands do not honour $ErrorActionPreference.
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE"
    }
}

function Invoke-Deps {
    if ((Test-Linux) -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Invoke-Native bash @((Join-Path $RepoRoot 'scripts/install-deps.sh'))
    }
    else {
        Write-Warning 'No apt here: install clickhouse-server yourself, start Docker, or set CLICKHOUSE_TEST_HOST/CLICKHOUSE_TEST_PORT.'
    }
}

function Initialize-Chdb {
    # Exports CHDB_LIBRARY_PATH: the caller's, if it names a file, else the repo's cached copy (fetched if missing).
    if ($env:CHDB_LIBRARY_PATH -and (Test-Path -LiteralPath $env:CHDB_LIBRARY_PATH -PathType Leaf)) {
        return
    }
    if (-not (Test-Linux)) {
        Write-Warning 'The packaged chDB library is for Linux x86-64; set CHDB_LIBRARY_PATH to run the chDB tests here.'
        return
    }
    $path = & bash (Join-Path $RepoRoot 'scripts/fetch-chdb.sh')
    if ($LASTEXITCODE -ne 0) {
        throw "scripts/fetch-chdb.sh failed with exit code $LASTEXITCODE"
    }
    $env:CHDB_LIBRARY_PATH = ($path | Select-Object -Last 1)
    Write-Host "chDB: $env:CHDB_LIBRARY_PATH"
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'Ja4Data.sln'), '-c', $Configuration)
}

function Get-TestSummary {
    # Sums the TRX counters of every test project; a missing file counts as a broken run.
    param([Parameter(Mandatory)] [string[]] $TrxFiles)
    $summary = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; Broken = 0 }
    foreach ($file in $TrxFiles) {
        if (-not (Test-Path -LiteralPath $file)) {
            Write-Warning "No results in $file (did the test run crash?)"
            $summary.Broken++
            continue
        }
        $counters = ([xml](Get-Content -LiteralPath $file -Raw)).TestRun.ResultSummary.Counters
        # GetAttribute gives '' for a counter the file leaves out, which [int] turns into 0.
        $passed = [int]$counters.GetAttribute('passed')
        $failed = 0
        foreach ($name in 'failed', 'error', 'timeout', 'aborted') {
            $failed += [int]$counters.GetAttribute($name)
        }
        $summary.Passed += $passed
        $summary.Failed += $failed
        $summary.Skipped += [int]$counters.GetAttribute('total') - $passed - $failed
    }
    [pscustomobject]$summary
}

function Invoke-Test {
    Invoke-Deps
    Initialize-Chdb
    Invoke-Build

    if (Test-Path -LiteralPath $ResultsDirectory) {
        Remove-Item -LiteralPath $ResultsDirectory -Recurse -Force
    }
    New-Item -ItemType Directory -Path $ResultsDirectory -Force | Out-Null

    $trxFiles = foreach ($project in $TestProjects) {
        # A failing project must not stop the other from running; the summary decides the exit code.
        & dotnet test (Join-Path $RepoRoot $project) -c $Configuration --no-build `
            --logger "trx;LogFileName=$project.trx" --results-directory $ResultsDirectory | Out-Host
        Join-Path $ResultsDirectory "$project.trx"
    }

    $summary = Get-TestSummary -TrxFiles $trxFiles
    if ($summary.Passed + $summary.Failed -eq 0) {
        Write-Warning 'No test ran.'
    }
    Write-Host "$($summary.Passed) passed, $($summary.Failed) failed, $($summary.Skipped) skipped"
    if ($summary.Failed -gt 0 -or $summary.Broken -gt 0 -or $summary.Passed + $summary.Failed -eq 0) {
        $script:ExitCode = 1
    }
}

function Invoke-Cli {
    param([Parameter(Mandatory)] [string] $Command, [string[]] $CliArguments = @())
    Invoke-Deps
    $cached = Join-Path $RepoRoot '.cache/chdb/libchdb.so'
    if (-not $env:CHDB_LIBRARY_PATH -and (Test-Path -LiteralPath $cached)) {
        $env:CHDB_LIBRARY_PATH = $cached
    }
    Invoke-Native dotnet (@('run', '-c', $Configuration, '--project', (Join-Path $RepoRoot 'Ja4Data.Cli'), '--', $Command) + $CliArguments)
}

function Invoke-Demo {
    Invoke-Cli -Command 'demo' -CliArguments $Arguments
}

function Invoke-Bench {
    Invoke-Cli -Command 'bench' -CliArguments $Arguments
}

function Invoke-Fuzz {
    $seconds = if ($Arguments.Count -ge 1) { $Arguments[0] } else { '600' }
    $seed = if ($Arguments.Count -ge 2) { $Arguments[1] } else { '' }
    Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'Ja4Data.Tests'), '-c', $Configuration)
    $env:JA4DATA_FUZZ_SECONDS = $seconds
    $env:JA4DATA_FUZZ_SEED = $seed
    # The campaign is an explicit NUnit test: selected by its full name, it runs; the suite leaves it out.
    Invoke-Native dotnet @('test', (Join-Path $RepoRoot 'Ja4Data.Tests'), '-c', $Configuration, '--no-build',
        '--filter', 'FullyQualifiedName=Ja4Data.Tests.Fuzzing.FuzzTests.Campaign_AsLongAsAsked',
        '--logger', 'console;verbosity=detailed')
}

Push-Location $RepoRoot
try {
    switch ($Task) {
        'deps' { Invoke-Deps }
        'build' { Invoke-Build }
        'test' { Invoke-Test }
        'demo' { Invoke-Demo }
        'bench' { Invoke-Bench }
        'fuzz' { Invoke-Fuzz }
    }
}
catch {
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    $script:ExitCode = 1
}
finally {
    Pop-Location
}
exit $script:ExitCode
