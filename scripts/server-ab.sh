#!/usr/bin/env bash
# Builds against builds: redis-benchmark against `larder serve` from each given jar, in
# alternation, ROUNDS (default 3) rounds, each on a fresh data directory after a page-cache drop
# (the page cache's growth slows every writer on this VM; docs/performance.md). Prints one line
# per jar and test: ops/s and p99 ms. Needs root for the drop.
#   scripts/server-ab.sh old/larder.jar larder-cli/target/larder.jar
# TESTS (default set,get,incr), P (pipeline depth, default 16), D (value bytes, default 100) and
# N (requests per test, default 2000000) change the workload; -c 50 -r 100000 as larder bench server.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
use_jdk25
[[ $# -ge 1 ]] || { echo "usage: $0 JAR [JAR...]" >&2; exit 2; }
need_page_cache_drop
port=$(( 20000 + RANDOM % 20000 ))
round() { # jar
  local dir pid
  dir=$(mktemp -d)
  drop_page_cache
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx4g -jar "$1" serve --port "$port" --dir "$dir" \
    --maxmemory 2gb --disk-capacity 4gb > "$dir.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do redis-cli -p "$port" ping > /dev/null 2>&1 && break; sleep 0.2; done
  redis-benchmark -p "$port" -c 50 -r 100000 -n "${N:-2000000}" -P "${P:-16}" -d "${D:-100}" -t "${TESTS:-set,get,incr}" --csv \
    2> /dev/null | tail -n +2 | tr -d '"' | awk -F, -v jar="$1" '{ printf "%s %s ops/s=%s p99_ms=%s\n", jar, $1, $2, $7 }'
  kill "$pid"; wait "$pid" 2> /dev/null || true
  rm -rf "$dir" "$dir.log"
}
for _ in $(seq "${ROUNDS:-3}"); do for jar in "$@"; do round "$jar"; done; done
