#!/usr/bin/env bash
# SETs of 4 KiB values under random keys into a disk tier far smaller than the data (128 MiB for
# ~1.2 GB), so nearly every SET makes the disk tier evict a key. For each given larder jar, in
# alternation, 3 rounds: redis-benchmark's SET ops/s, then DBSIZE and INFO's evicted_keys.
# Compares builds (e.g. before and after a change to eviction):
#   scripts/eviction-churn.sh old/larder.jar larder-cli/target/larder.jar
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
use_jdk25
[[ $# -ge 1 ]] || { echo "usage: $0 JAR [JAR...]" >&2; exit 2; }
port=$(( 20000 + RANDOM % 20000 ))
round() { # jar
  local dir pid ops
  dir=$(mktemp -d)
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$1" serve --port "$port" --dir "$dir" \
    --disk-capacity 128mb --maxmemory 16mb > "$dir.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do redis-cli -p "$port" ping > /dev/null 2>&1 && break; sleep 0.2; done
  ops=$(redis-benchmark -p "$port" -t set -d 4096 -r 10000000 -n 300000 -P 16 -c 50 --csv 2>/dev/null | tail -1 | cut -d, -f2)
  sleep 1 # one housekeeping pass settles what the last writes evicted
  echo "$1 set_ops_per_s=$ops dbsize=$(redis-cli -p "$port" dbsize)" \
    "$(redis-cli -p "$port" info stats | grep evicted_keys | tr -d '\r')"
  kill "$pid"; wait "$pid" 2> /dev/null || true
  rm -rf "$dir" "$dir.log"
}
for _ in 1 2 3; do for jar in "$@"; do round "$jar"; done; done
