#!/usr/bin/env bash
# Installs the Debian packages the tests, demo and benchmarks need: a ClickHouse server and its tools, ZooKeeper
# (with the Java runtime it depends on) for the local cluster, and a font for the benchmark chart's text.
# Idempotent: does nothing when they are present, runs 'apt-get update' only when something is missing.
# Never starts a system service: tests start their own throw-away servers (and their own ZooKeeper).
set -euo pipefail

packages=(clickhouse-server clickhouse-client clickhouse-tools zookeeper fonts-dejavu-core)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    if command -v clickhouse-server >/dev/null 2>&1 || command -v clickhouse >/dev/null 2>&1; then
        echo "deps: no apt here, but a ClickHouse server binary is on PATH" >&2
    else
        echo "deps: no apt here; install clickhouse-server yourself, start Docker, or set CLICKHOUSE_TEST_HOST/PORT" >&2
    fi
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "deps: ${packages[*]} already installed" >&2
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "deps: missing ${missing[*]}; run this script as root" >&2
        exit 1
    fi
    sudo=(sudo)
fi

# policy-rc.d exit code 101 tells invoke-rc.d (and deb-systemd-invoke) not to start the packaged service.
policy=/usr/sbin/policy-rc.d
created_policy=false
if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    created_policy=true
fi
remove_policy() {
    if [[ $created_policy == true ]]; then
        "${sudo[@]}" rm -f "$policy"
    fi
}
trap remove_policy EXIT

# Slim Debian images drop /usr/share/man, and the OpenJDK post-install script (pulled in by zookeeper through
# default-jre) fails when it cannot register its man pages there.
"${sudo[@]}" mkdir -p /usr/share/man/man1

echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
