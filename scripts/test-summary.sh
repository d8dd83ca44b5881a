#!/usr/bin/env bash
# Sums the outcome counters of TRX files (one per test project) into the line
#   N passed, N failed, N skipped
# and exits non-zero if a test failed, a file is missing or holds no counters, or no test ran at all.
# Usage: scripts/test-summary.sh RESULTS.trx...
set -euo pipefail

passed=0 failed=0 skipped=0 broken=0

counter() { # counter NAME COUNTERS-ELEMENT -> value of attribute NAME, 0 if absent
    local value
    value=$(grep -oE "[[:space:]]$1=\"[0-9]+\"" <<<"$2" | grep -oE '[0-9]+' || true)
    echo "${value:-0}"
}

for trx in "$@"; do
    counters=$(grep -oE '<Counters [^>]*>' "$trx" 2>/dev/null | head -n 1 || true)
    if [[ -z $counters ]]; then
        echo "test-summary: no results in $trx (did the test run crash?)" >&2
        broken=$((broken + 1))
        continue
    fi
    total=$(counter total "$counters")
    ok=$(counter passed "$counters")
    bad=$(($(counter failed "$counters") + $(counter error "$counters") + $(counter timeout "$counters") + $(counter aborted "$counters")))
    passed=$((passed + ok))
    failed=$((failed + bad))
    skipped=$((skipped + total - ok - bad))
done

status=0
if ((failed > 0 || broken > 0)); then
    status=1
fi
if ((passed + failed == 0)); then
    echo "test-summary: no test ran" >&2
    status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
