#!/usr/bin/env bash
# Ja4Data tasks. Usage: ./build.sh [build|test|demo|bench|deps] [args...]   (default: test)
#   deps   install the ClickHouse packages (scripts/install-deps.sh)
#   build  dotnet build -c Release of the whole solution
#   test   deps + chDB library + build + Ja4Data.Tests and Ja4Data.IntegrationTests; ends with the line
#          "N passed, N failed, N skipped" and fails if a test failed or none ran
#   demo   deps + ja4data demo [args]
#   bench  deps + ja4data bench [args]
#   fuzz   [SECONDS] [SEED]: the long fuzzing campaign (default 600 s, a random seed); minimized findings go to
#          Ja4Data.Tests/Fuzzing/Regressions and fail the run (docs/testing.md, "Fuzzing")
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

configuration=Release
test_projects=(Ja4Data.Tests Ja4Data.IntegrationTests)
results_dir="$repo_root/artifacts/test-results"

task_deps() {
    bash scripts/install-deps.sh
}

# Exports CHDB_LIBRARY_PATH: the caller's, if it names a file, else the repo's cached copy (fetched if missing).
ensure_chdb() {
    if [[ -z ${CHDB_LIBRARY_PATH:-} || ! -f $CHDB_LIBRARY_PATH ]]; then
        CHDB_LIBRARY_PATH=$(bash scripts/fetch-chdb.sh)
    fi
    export CHDB_LIBRARY_PATH
    echo "chDB: $CHDB_LIBRARY_PATH" >&2
}

task_build() {
    dotnet build Ja4Data.sln -c "$configuration"
}

task_test() {
    task_deps
    ensure_chdb
    task_build

    rm -rf "$results_dir"
    mkdir -p "$results_dir"
    local project trx_files=()
    for project in "${test_projects[@]}"; do
        # A failing project must not stop the other from running; the summary decides the exit code.
        dotnet test "$project" -c "$configuration" --no-build \
            --logger "trx;LogFileName=$project.trx" --results-directory "$results_dir" || true
        trx_files+=("$results_dir/$project.trx")
    done
    bash scripts/test-summary.sh "${trx_files[@]}"
}

task_fuzz() {
    local seconds=${1:-600} seed=${2:-}
    dotnet build Ja4Data.Tests -c "$configuration"
    # The campaign is an explicit NUnit test: selected by its full name, it runs; the suite leaves it out.
    JA4DATA_FUZZ_SECONDS=$seconds JA4DATA_FUZZ_SEED=$seed dotnet test Ja4Data.Tests -c "$configuration" --no-build \
        --filter "FullyQualifiedName=Ja4Data.Tests.Fuzzing.FuzzTests.Campaign_AsLongAsAsked" \
        --logger "console;verbosity=detailed"
}

run_cli() {
    task_deps
    if [[ -z ${CHDB_LIBRARY_PATH:-} && -f .cache/chdb/libchdb.so ]]; then
        export CHDB_LIBRARY_PATH="$repo_root/.cache/chdb/libchdb.so"
    fi
    dotnet run -c "$configuration" --project Ja4Data.Cli -- "$@"
}

usage() { # usage [EXIT-CODE]
    sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
    exit "${1:-2}"
}

task=${1:-test}
if (($# > 0)); then
    shift
fi

case $task in
    deps) task_deps ;;
    build) task_build ;;
    test) task_test ;;
    demo) run_cli demo "$@" ;;
    bench) run_cli bench "$@" ;;
    fuzz) task_fuzz "$@" ;;
    -h | --help | help) usage 0 ;;
    *)
        echo "build.sh: unknown task '$task'" >&2
        usage
        ;;
esac
