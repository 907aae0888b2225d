#!/usr/bin/env bash
# Builds against builds: redis-benchmark against `larder serve` from each given jar, in
# alternation, ROUNDS (default 3) rounds, each on a fresh data directory after a page-cache drop
# (the page cache's growth slows every writer on this VM; docs/performance.md). Prints one line
# per jar and test: ops/s and p99 ms. Needs root for the drop.
#   scripts/server-ab.sh old/larder.jar larder-cli/target/larder.jar
# A build may carry JVM options, which override larder serve's own (scripts/lib.sh):
#   scripts/server-ab.sh "larder.jar -XX:-UseTransparentHugePages -XX:-AlwaysPreTouch" larder.jar
# TESTS (default set,get,incr), P (pipeline depth, default 16), D (value bytes, default 100) and
# N (requests per test, default 2000000) change the workload; -c 50 -r 100000 as larder bench server.
# DISK (--disk-capacity, default 4gb) set lower makes the log wrap, so that eviction is measured too;
# PREFILL, redis-benchmark options, runs that workload unmeasured first (-c 50 -r 100000 as well),
# as larder bench server's earlier tests fill the log before its later ones:
#   DISK=1gb PREFILL="-P 16 -d 100 -t set,incr -n 3000000" TESTS=set D=4096 N=600000 scripts/server-ab.sh A B
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
use_jdk25
ab_setup "$@"
round() { # build
  local dir
  dir=$(mktemp -d)
  drop_page_cache
  start_larder "$1" "$port" "$dir" 4g --maxmemory 2gb --disk-capacity "${DISK:-4gb}"
  if [[ -n ${PREFILL:-} ]]; then
    read -ra prefill <<< "$PREFILL"
    redis-benchmark -p "$port" -c 50 -r 100000 "${prefill[@]}" --csv > /dev/null 2>&1
  fi
  redis-benchmark -p "$port" -c 50 -r 100000 -n "${N:-2000000}" -P "${P:-16}" -d "${D:-100}" -t "${TESTS:-set,get,incr}" --csv \
    2> /dev/null | benchmark_lines "$1"
  stop_larder "$dir"
}
ab_rounds 3 "$@"
