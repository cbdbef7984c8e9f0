#!/usr/bin/env bash
# Installs what is missing, then runs every test: formatting and lints, native tests,
# in-browser tests (headless Chromium), and end-to-end tests against the release dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --test
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

started=$(date +%s)
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Format and lints (native and wasm32)"
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "Native tests: domain, storage, routes"
cargo test --locked

step "Fuzzing: a fixed-seed slice in release mode (scripts/fuzz.sh runs the long one)"
# 5 fuzz tests x 4,500 cases (imports, byte edits, raw input, Trello, stored layouts): the
# same inputs on every run, failures saved to tests/fuzz_import.proptest-regressions and
# retried first, and each test but raw input must see files both accepted and refused.
FUZZ_SEED=16 FUZZ_CASES=4500 scripts/fuzz.sh

step "In-browser tests: localStorage for real, the app mounted (headless Chromium)"
cargo test --locked --target wasm32-unknown-unknown --test browser

step "Release build"
trunk build --release --locked
wasm=$(ls dist/*_bg.wasm)
raw=$(stat -c%s "$wasm")
gz=$(gzip -9c "$wasm" | wc -c)
# Every first visit downloads and compiles the whole wasm: it must not creep back up.
budget=$(grep -v '^#' scripts/wasm-budget | tr -d '[:space:]')
echo "wasm: $raw bytes raw, $gz bytes gzip (budget: $budget bytes gzip, scripts/wasm-budget)"
if [ "$gz" -gt "$budget" ]; then
  echo "FAILED: the release wasm is $gz bytes gzip, $((gz - budget)) over its budget of $budget bytes" >&2
  echo "(scripts/wasm-budget). Find what grew with twiggy (docs/STATUS.md, \"What fills the wasm\")" >&2
  echo "and cut it; raise the budget only in a commit that says why." >&2
  exit 1
fi

step "End to end: dist/ on a static server, in Chromium"
npm run --silent e2e

echo
echo "All tests passed in $(( $(date +%s) - started ))s (after setup)."
