#!/usr/bin/env bash
# Full restores of the "deps" tree into an empty directory, alternating builds, each run after a
# page-cache drop with the store, the jar, its AOT cache and the JDK read back in (as larder bench
# store does), with the JVM options ./larder gives store commands. Prints wall, user and system
# time per run. Needs root (drop_caches).
# STEP=link times restore --link into an empty directory (the store's copies made once before),
# STEP=noop times no-op restores onto a restored tree instead, STEP=changed restores onto a restored
# tree of which every hundredth file was appended to before the run, STEP=unchanged snapshots of the
# unchanged tree (the tree the command only stats is walked back into the cache, as the bench does),
# STEP=first snapshots of the tree into an empty store (the tree read back into the cache first),
# STEP=ls lists the store's catalogs (a command that is mostly the JVM's start).
#   scripts/restore-cold.sh OLD.jar NEW.jar      # two builds
#   scripts/restore-cold.sh JAR JAR+aot          # one build, without and with the AOT cache ./larder starts store commands with
#   scripts/restore-cold.sh "JAR+aot -XX:+UseSerialGC" JAR+aot   # JVM options after a build go last
# ROUNDS (default 3) and FILES (default 30000) change the run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib.sh"
use_jdk25
[[ $# -ge 1 ]] || { echo "usage: $0 'JAR[+aot] [JVM-OPTION...]'..." >&2; exit 2; }
need_page_cache_drop
# The AOT cache ./larder starts store commands with: the store's own, or for builds before it had
# one (and where making it failed), the shared one.
store_cache() { # jar
  if [[ -f ${1%.jar}-store.aot ]]; then echo "${1%.jar}-store.aot"; else echo "${1%.jar}.aot"; fi
}
for b in "$@"; do
  read -ra build <<< "$b"
  v=${build[0]}
  jar=${v%+aot}
  [[ -f $jar ]] || { echo "$0: no such jar: $jar" >&2; exit 2; }
  if [[ $v == *+aot && ! $(store_cache "$jar") -nt $jar ]]; then
    echo "$0: no current AOT cache beside $jar (run ./larder once to make it)" >&2; exit 2
  fi
  [[ $v == *+aot ]] && echo "$jar: AOT cache $(store_cache "$jar")"
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
read -ra build <<< "$1"
first=${build[0]%+aot}
"$JAVA_HOME/bin/java" -cp "$first" "$root/scripts/DepsTree.java" "$work/deps" "${FILES:-30000}"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$first" snapshot --store "$work/store" --name deps "$work/deps" > /dev/null 2>&1
step=${STEP:-full}
case $step in
  full) command=(restore --store "$work/store" --no-sync --json deps "$work/out"); walked=() ;;
  link) command=(restore --store "$work/store" --no-sync --link --json deps "$work/out"); walked=() # the copies made once, here:
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$first" "${command[@]}" > /dev/null 2>&1 ;;
  noop|changed) command=(restore --store "$work/store" --no-sync --json deps "$work/out"); walked=("$work/out")
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$first" "${command[@]}" > /dev/null 2>&1 ;;
  unchanged) command=(snapshot --store "$work/store" --name deps --json "$work/deps"); walked=("$work/deps") ;;
  first) command=(snapshot --store "$work/first" --json "$work/deps"); walked=("$work/deps") ;;
  ls) command=(ls --store "$work/store"); walked=() ;;
  *) echo "$0: STEP is full, link, noop, changed, unchanged, first or ls, not $step" >&2; exit 2 ;;
esac
for _ in $(seq "${ROUNDS:-3}"); do
  for b in "$@"; do
    read -ra build <<< "$b"
    v=${build[0]}
    jar=${v%+aot}
    options=()
    [[ $v == *+aot ]] && options=("-XX:AOTCache=$(store_cache "$jar")" "-Xlog:aot*=off")
    options+=("${build[@]:1}")
    [[ $step == full || $step == link ]] && rm -rf "$work/out"
    [[ $step == first ]] && rm -rf "$work/first"
    [[ $step == changed ]] && find "$work/out" -type f | awk 'NR % 100 == 0' | while read -r f; do echo changed >> "$f"; done
    drop_page_cache
    cat "$jar" "$JAVA_HOME/lib/modules" "$JAVA_HOME"/lib/server/* > /dev/null
    [[ -f $(store_cache "$jar") ]] && cat "$(store_cache "$jar")" > /dev/null
    [[ -d ${jar%/*}/native ]] && find "${jar%/*}/native/linux/$(uname -m | sed 's/x86_64/amd64/')" -type f -exec cat {} + > /dev/null
    find "$work/store" -type f -exec cat {} + > /dev/null
    [[ ${#walked[@]} -gt 0 ]] && find "${walked[@]}" > /dev/null
    [[ $step == first ]] && find "$work/deps" -type f -exec cat {} + > /dev/null
    /usr/bin/time -o "$work/time" -f "$b wall %e s, user %U s, sys %S s" "$JAVA_HOME/bin/java" \
      --enable-native-access=ALL-UNNAMED "${store_jvm_options[@]}" "${options[@]}" -jar "$jar" "${command[@]}" > /dev/null 2> "$work/stderr" \
      || { cat "$work/stderr" >&2; exit 1; }
    cat "$work/time"
  done
done
