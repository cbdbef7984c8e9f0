#!/usr/bin/env bash
# Long fuzzing run of the import (the stable-Rust stand-in for `cargo fuzz`, see docs/fuzzing.md):
# runs tests/fuzz_import.rs optimised (Cargo's `fuzz` profile) with FUZZ_CASES inputs per fuzz test (default 100000)
# and prints how many inputs were executed and how long it took. The fuzz tests cover the
# import (mutated exports, byte edits, raw input, Trello) and the loader of stored layouts
# (packed and plain records, journals). FUZZ_SEED=<n> repeats a run exactly (CI uses one);
# failing inputs are saved to tests/fuzz_import.proptest-regressions and retried first.
#
#   scripts/fuzz.sh                      # 100,000 cases per fuzz test
#   FUZZ_CASES=200000 scripts/fuzz.sh    # longer
#   scripts/fuzz.sh fuzz_mutated_exports # one fuzz test only (any libtest filter)
#   FUZZ_PROFILE=test scripts/fuzz.sh    # with `cargo test`'s own build (CI: already built)
set -euo pipefail
cd "$(dirname "$0")/.."

export FUZZ_CASES="${FUZZ_CASES:-100000}"
# Cargo.toml's `fuzz` profile: optimised, with unwinding (a panic is reported as a failing
# input), and overflow checks and debug assertions on for Docket's own code, so an arithmetic
# overflow is a finding. FUZZ_PROFILE=test uses the unoptimised build `cargo test` makes
# (checks on everywhere): a short run needs no second build (CI's 22,500 inputs: ~30 s, against
# ~5 minutes to build the `fuzz` profile).
profile=(--profile "${FUZZ_PROFILE:-fuzz}")
if [ "${FUZZ_PROFILE:-fuzz}" = test ]; then profile=(); fi
log="$(mktemp -t docket-fuzz.XXXXXX)"
trap 'rm -f "$log"' EXIT

echo "Building the fuzz tests (profile ${FUZZ_PROFILE:-fuzz})…"
cargo test --locked "${profile[@]}" --test fuzz_import --no-run

echo "Fuzzing with FUZZ_CASES=$FUZZ_CASES per fuzz test…"
started=$(date +%s)
set +e
cargo test --locked "${profile[@]}" --test fuzz_import -- --nocapture --test-threads="${FUZZ_THREADS:-2}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
ended=$(date +%s)

total=$(grep -o '\]: [0-9]* inputs executed' "$log" | awk '{ s += $2 } END { print s + 0 }')
accepted=$(grep -o 'accepted [0-9]*' "$log" | awk '{ s += $2 } END { print s + 0 }')
refused=$(grep -o 'refused [0-9]*' "$log" | awk '{ s += $2 } END { print s + 0 }')
echo
echo "== fuzz summary =="
grep -o 'fuzz\[.*' "$log" || true
echo "executions: $total (accepted $accepted, refused $refused) in $((ended - started)) s"
if [ "$status" -ne 0 ]; then
  echo "FAILED: a fuzz test found a failing input (see the minimal input printed above)." >&2
fi
exit "$status"
