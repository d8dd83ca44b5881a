#!/usr/bin/env bash
# Makes sure <repo>/.cache/chdb/libchdb.so (the chDB engine the tests compare against) exists and prints its path.
# Idempotent: downloads only when the file is missing, through npm (the library ships in an npm package).
set -euo pipefail

package='@chdb/lib-linux-x64-gnu@26.7.3-stable.1'
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target_dir="$repo_root/.cache/chdb"
target="$target_dir/libchdb.so"

if [[ -s $target ]]; then
    echo "$target"
    exit 0
fi

if [[ $(uname -s) != Linux || $(uname -m) != x86_64 ]]; then
    echo "fetch-chdb: $package is for Linux x86-64 only; set CHDB_LIBRARY_PATH to a libchdb for this machine" >&2
    exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "fetch-chdb: npm is needed to fetch $package (apt-get install -y npm)" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetch-chdb: fetching $package" >&2
(cd "$work" && npm pack "$package" --silent --no-fund --no-audit >/dev/null)
tarballs=("$work"/*.tgz)
tar -xzf "${tarballs[0]}" -C "$work" package/libchdb.so

mkdir -p "$target_dir"
# Move into place in one step so an interrupted fetch never leaves a truncated library behind.
mv "$work/package/libchdb.so" "$target.partial.$$"
mv -f "$target.partial.$$" "$target"
echo "$target"
