#!/usr/bin/env bash
# Builds against builds, data larger than memory: `larder serve` from each given jar with a 256 MiB
# memory tier (a fixed 2 GiB heap), loaded with 1.5M random 4 KiB SETs over 1,048,576 keys (about
# 3.1 GiB on disk; a quarter of the keys stay absent, so a quarter of the GETs miss) and SAVEd, then
# random GETs, in alternation, ROUNDS (default 2) rounds, each on a fresh data directory after a
# page-cache drop.
# Prints per jar and run: ops/s and p99 ms (three runs after a warm-up). Needs root for the drop
# and about 9 GiB of free disk.
#   scripts/ltm-ab.sh old/larder.jar larder-cli/target/larder.jar
# A build may carry JVM options, as in scripts/server-ab.sh.
# P (pipeline depth, default 1) changes the GETs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
use_jdk25
ab_setup "$@"
keys=1048576
round() { # build
  local dir
  dir=$(mktemp -d)
  drop_page_cache
  start_larder "$1" "$port" "$dir" 2g --maxmemory 256mb --disk-capacity 8gb
  redis-benchmark -p "$port" -c 50 -r "$keys" -n 1500000 -P 16 -d 4096 -t set --csv > /dev/null 2>&1
  redis-cli -p "$port" save > /dev/null # the load's writeback over before the GETs, as in larder bench server --ltm
  redis-benchmark -p "$port" -c 50 -r "$keys" -n 100000 -P "${P:-1}" -t get --csv > /dev/null 2>&1 # warm-up
  for _ in 1 2 3; do
    redis-benchmark -p "$port" -c 50 -r "$keys" -n 300000 -P "${P:-1}" -t get --csv 2> /dev/null | benchmark_lines "$1"
  done
  stop_larder "$dir"
}
ab_rounds 2 "$@"
