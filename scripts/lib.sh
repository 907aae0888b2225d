# Shared by ./larder, ./run-tests and scripts/: find or install what the build needs. Source, don't run.

# Points JAVA_HOME at a JDK >= 25: $JAVA_HOME if it qualifies, else one under /usr/lib/jvm.
use_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [[ -n $candidate && -x $candidate/bin/javac ]] || continue
    if [[ $("$candidate/bin/java" -XshowSettings:properties -version 2>&1 |
            sed -n 's/^ *java.specification.version = //p') -ge 25 ]]; then
      export JAVA_HOME=$candidate
      return 0
    fi
  done
  echo "larder: no JDK 25 or newer found (JAVA_HOME=${JAVA_HOME:-unset}; looked under /usr/lib/jvm)." >&2
  echo "larder: install one, e.g. Temurin 25, and set JAVA_HOME to it." >&2
  return 1
}

# Installs the given Debian packages if any of their commands is missing: ensure_packages cmd:pkg ...
ensure_packages() {
  local pair missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  ((${#missing[@]})) || return 0
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "larder: installing ${missing[*]} from Debian packages" >&2
  # Packaged services (redis-server) must not start: they would take port 6379, and tests start
  # their own servers on free ports.
  local policy=/usr/sbin/policy-rc.d added=""
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && added=1
  fi
  local status=0
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || status=$?
  [[ -z $added ]] || $sudo rm -f "$policy"
  return $status
}

# For benchmark scripts: exits unless the page cache can be dropped (root), as drop_page_cache needs.
need_page_cache_drop() {
  [[ -w /proc/sys/vm/drop_caches ]] || { echo "$0: needs root to drop the page cache" >&2; exit 2; }
}

# Writes back dirty pages and empties the page cache, so a timed run starts from the same state.
drop_page_cache() {
  sync
  echo 1 > /proc/sys/vm/drop_caches
}

# JVM options for `larder serve`. The server's key directory and memory tier are hash tables read
# at random: its heap goes on 2 MiB pages (a TLB miss on this VM costs a nested page walk)
# (docs/performance.md). With a fixed heap (-Xms), the pages are also touched when committed, at
# start, rather than on first use, where a fault that compacts memory would stall a request; a
# growing heap is not pre-touched, as the JVM would touch each expansion inside a GC pause (1-2.5 s
# under 4 KiB MSETs, design decision 31). Keep in step with LarderLaunch.
serve_jvm_options=(-XX:+UseTransparentHugePages)
fixed_heap_jvm_options=(-XX:+AlwaysPreTouch)

# JVM options for the content store's commands (snapshot, restore, ls, diff, verify, gc, rm): C1
# only. Each is a JVM that lives about a second, and C2 spent half a core compiling code it then
# barely ran: with hashing in libcrypto and compression in zstd (native either way), C1's code
# made every store command 13-20 % faster from the CLI (docs/performance.md). The resident
# process and the server keep C2. Keep in step with LarderCli.STORE_JVM_OPTIONS.
store_jvm_options=(-XX:TieredStopAtLevel=1)

# For server A/B scripts: starts `larder serve` from JAR on PORT over DIR (log in DIR.log) with the
# given heap (fixed: -Xms and -Xmx, as larder bench server runs it) and serve options, waits until
# it answers PING, and sets larder_pid. JVM options after the jar come after serve_jvm_options, so
# "JAR -XX:-AlwaysPreTouch" turns one of those off.
start_larder() { # "jar [jvm-option...]" port dir heap serve-options...
  local build=($1) port=$2 dir=$3 heap=$4
  shift 4
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "-Xmx$heap" "-Xms$heap" "${serve_jvm_options[@]}" \
    "${fixed_heap_jvm_options[@]}" "${build[@]:1}" \
    -jar "${build[0]}" serve --port "$port" --dir "$dir" "$@" > "$dir.log" 2>&1 &
  larder_pid=$!
  for _ in $(seq 100); do redis-cli -p "$port" ping > /dev/null 2>&1 && return 0; sleep 0.2; done
  echo "larder serve ($1) did not answer on port $port within 20 s:" >&2 # else redis-benchmark spins on
  tail -5 "$dir.log" >&2
  kill "$larder_pid" 2> /dev/null || true
  exit 1
}

# Stops the server start_larder started and removes its directory and log.
stop_larder() { # dir
  kill "$larder_pid"; wait "$larder_pid" 2> /dev/null || true
  rm -rf "$1" "$1.log"
}

# For server A/B scripts: checks that builds were given, needs the page-cache drop, picks a port.
ab_setup() { # "$@" of the script
  [[ $# -ge 1 ]] || { echo "usage: $0 'JAR [JVM-OPTION...]'..." >&2; exit 2; }
  need_page_cache_drop
  port=$(( 20000 + RANDOM % 20000 ))
}

# Calls the script's round function once per build, in alternation, ROUNDS (default $1) times.
ab_rounds() { # default-rounds build...
  local rounds=${ROUNDS:-$1} build
  shift
  for _ in $(seq "$rounds"); do for build in "$@"; do round "$build"; done; done
}

# Turns redis-benchmark --csv output into one line per test: LABEL TEST ops/s=N p99_ms=N.
benchmark_lines() { # label
  tail -n +2 | tr -d '"' | awk -F, -v label="$1" '{ printf "%s %s ops/s=%s p99_ms=%s\n", label, $1, $2, $7 }'
}
