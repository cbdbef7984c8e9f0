#!/usr/bin/env bash
# Long fuzzing run of the import (the stable-Rust stand-in for `cargo fuzz`, see docs/fuzzing.md):
# runs tests/fuzz_import.rs in release mode with FUZZ_CASES inputs per fuzz test (default 100000)
# and prints how many inputs were executed and how long it took. The fuzz tests cover the
# import (mutated exports, byte edits, raw input, Trello) and the loader of stored layouts
# (packed and plain records, journals). FUZZ_SEED=<n> repeats a run exactly (CI uses one);
# failing inputs are saved to tests/fuzz_import.proptest-regressions and retried first.
#
#   scripts/fuzz.sh                      # 100,000 cases per fuzz test
#   FUZZ_CASES=200000 scripts/fuzz.sh    # longer
#   scripts/fuzz.sh fuzz_mutated_exports # one fuzz test only (any libtest filter)
set -euo pipefail
cd "$(dirname "$0")/.."

export FUZZ_CASES="${FUZZ_CASES:-100000}"
# The tests need unwinding to report a panic as a failing input; the release profile's
# `panic = "abort"` is ignored for test targets by Cargo. Overflow checks and debug assertions
# stay on for Docket's own code (only it is rebuilt), so an arithmetic overflow is a finding.
checks=(--config 'profile.release.package.docket.overflow-checks=true'
        --config 'profile.release.package.docket.debug-assertions=true')
log="$(mktemp -t docket-fuzz.XXXXXX)"
trap 'rm -f "$log"' EXIT

echo "Building the fuzz tests (release)…"
cargo test "${checks[@]}" --release --test fuzz_import --no-run

echo "Fuzzing with FUZZ_CASES=$FUZZ_CASES per fuzz test…"
started=$(date +%s)
set +e
cargo test "${checks[@]}" --release --test fuzz_import -- --nocapture --test-threads="${FUZZ_THREADS:-2}" "$@" 2>&1 | tee "$log"
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
