#!/usr/bin/env bash
# Long randomized runs, apart from CI's suite (which runs each of these once, bounded): every
# round runs the differential random scripts against a real redis-server (new seed each round),
# the RESP decoder fuzzer on seeds no earlier round used, the model-based property tests (jqwik
# draws new seeds each run), the crash tests that kill -9 a server, a snapshot and a restore
# mid-write, and the store's round trips. Stops at the first failing round; its output names the
# seeds to replay (-Dlarder.diff.seed=N, -Dlarder.fuzz.firstSeed=S, jqwik's seed line).
#   scripts/soak.sh                                    # 5 rounds, ~9 minutes on 2 cores
#   ROUNDS=50 SCRIPTS=2000 FUZZ_SCALE=20 KILL_ROUNDS=12 scripts/soak.sh
# ROUNDS (default 5), SCRIPTS random scripts a round (default 5000; CI runs 200), FUZZ_SCALE
# times CI's fuzz seeds a round (default 50), KILL_ROUNDS kills per store crash test (default 8;
# CI 4). Logs go to target/soak/round-N.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${ROUNDS:-5} scripts=${SCRIPTS:-5000} fuzz_scale=${FUZZ_SCALE:-50} kill_rounds=${KILL_ROUNDS:-8}
tests='RandomScriptsTest,RespRequestDecoderFuzzTest,*Properties,KillNineTest,KillDuringSnapshotTest,KillDuringRestoreTest,RoundTripTest,LongPathsTest'
mkdir -p "$root/target/soak"
for round in $(seq 1 "$rounds"); do
  log="$root/target/soak/round-$round.log"
  first_seed=$(( round * 1000000 ))
  printf 'soak round %d of %d (fuzz seeds from %d) ... ' "$round" "$rounds" "$first_seed"
  if "$root/run-tests" -q -pl larder-core,larder-server,larder-store -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dlarder.diff.scripts="$scripts" -Dlarder.fuzz.scale="$fuzz_scale" -Dlarder.fuzz.firstSeed="$first_seed" \
      -Dlarder.kill.rounds="$kill_rounds" > "$log" 2>&1; then
    echo "passed"
  else
    echo "FAILED: see $log"
    grep -E "seed|FAIL|ERROR\]" "$log" | head -20 >&2
    exit 1
  fi
done
echo "soak: $rounds rounds passed"
