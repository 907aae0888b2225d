#!/usr/bin/env bash
# Three concurrent GETs of one 256 MiB value that lives on disk only (memory tier 16 MiB, server
# restarted after the SET), on a 512 MiB heap, beside redis-server serving the same value from
# memory. For each larder jar given, then Redis; 3 rounds (ROUNDS=N to change): wall time for the three GETs (each
# given up after 120 s), bytes each received, and whether the server still answers afterwards.
#   scripts/large-get.sh larder-cli/target/larder.jar [OTHER.jar ...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
use_jdk25
[[ $# -ge 1 ]] || { echo "usage: $0 JAR [JAR...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c $((256 << 20)) /dev/urandom > "$work/value"
port=$(( 20000 + RANDOM % 20000 ))

wait_ready() { for _ in $(seq 150); do redis-cli -p "$port" ping > /dev/null 2>&1 && return; sleep 0.2; done; }
three_gets() { # label
  local start end
  start=$(date +%s.%N)
  local gets=()
  for i in 1 2 3; do
    (timeout 120 redis-cli -p "$port" --raw get big 2> /dev/null | head -c -1 | wc -c > "$work/got$i") &
    gets+=($!)
  done
  wait "${gets[@]}" || true # not a bare wait: the server is a background job of this shell too
  end=$(date +%s.%N)
  echo "$1 seconds=$(echo "$end - $start" | bc) bytes=$(cat "$work/got1") $(cat "$work/got2") $(cat "$work/got3")" \
    "after=$(timeout 10 redis-cli -p "$port" ping 2>&1 | head -1)"
}
larder() { # jar
  local dir="$work/data" pid
  rm -rf "$dir"
  "$JAVA_HOME/bin/java" -Xmx512m --enable-native-access=ALL-UNNAMED -jar "$1" serve --port "$port" --dir "$dir" \
    --maxmemory 16mb --disk-capacity 2gb > "$work/log" 2>&1 & pid=$!
  wait_ready
  redis-cli -p "$port" -x set big < "$work/value" > /dev/null
  redis-cli -p "$port" shutdown > /dev/null 2>&1 || true
  wait "$pid" 2> /dev/null || true
  "$JAVA_HOME/bin/java" -Xmx512m --enable-native-access=ALL-UNNAMED -jar "$1" serve --port "$port" --dir "$dir" \
    --maxmemory 16mb --disk-capacity 2gb > "$work/log" 2>&1 & pid=$!
  wait_ready
  three_gets "$1"
  kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true
}
redis() {
  local pid
  redis-server --port "$port" --save '' --appendonly no --dir "$work" > "$work/redis.log" 2>&1 & pid=$!
  wait_ready
  redis-cli -p "$port" -x set big < "$work/value" > /dev/null
  three_gets redis-server
  kill "$pid"; wait "$pid" 2> /dev/null || true
}
for _ in $(seq "${ROUNDS:-3}"); do
  for jar in "$@"; do larder "$jar"; done
  redis
done
