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
# The release build's split (src/ui/lazy.rs) compiles only with the `split` feature.
cargo clippy --target wasm32-unknown-unknown --lib --bin docket --features split --locked -- -D warnings

step "Native tests: domain, storage, routes"
cargo test --locked

step "Fuzzing: a fixed-seed slice (scripts/fuzz.sh runs the long one, optimised)"
# 5 fuzz tests x 4,500 cases (imports, byte edits, raw input, Trello, stored layouts): the
# same inputs on every run, failures saved to tests/fuzz_import.proptest-regressions and
# retried first, and each test but raw input must see files both accepted and refused. With
# the build the native tests just made (overflow checks and debug assertions on everywhere).
FUZZ_PROFILE=test FUZZ_SEED=16 FUZZ_CASES=4500 scripts/fuzz.sh

step "In-browser tests: localStorage for real, the app mounted (headless Chromium)"
cargo test --locked --target wasm32-unknown-unknown --test browser

step "Release build"
trunk build --release --locked
# The first visit downloads and compiles the main module; the other parts load when a page
# needs them (src/ui/lazy.rs). The main module must not creep back up.
wasm=$(ls dist/wasm-*/docket_bg.wasm)
raw=$(stat -c%s "$wasm")
gz=$(gzip -9c "$wasm" | wc -c)
parts=$(ls "$(dirname "$wasm")"/*.wasm | wc -l)
all=$(cat "$(dirname "$wasm")"/*.wasm | wc -c)
all_gz=0
for f in "$(dirname "$wasm")"/*.wasm; do all_gz=$((all_gz + $(gzip -9c "$f" | wc -c))); done
budget=$(grep -v '^#' scripts/wasm-budget | tr -d '[:space:]')
echo "wasm: main module $raw bytes raw, $gz bytes gzip (budget: $budget bytes gzip, scripts/wasm-budget);"
echo "      all $parts parts $all bytes raw, $all_gz bytes gzip"
if [ "$gz" -gt "$budget" ]; then
  echo "FAILED: the release wasm's main module is $gz bytes gzip, $((gz - budget)) over its budget of $budget bytes" >&2
  echo "(scripts/wasm-budget). Find what grew with twiggy (docs/STATUS.md, \"What fills the wasm\"):" >&2
  echo "cut it, or move it into a part that loads when used (src/ui/lazy.rs); raise the budget only" >&2
  echo "in a commit that says why." >&2
  exit 1
fi

step "End to end: dist/ on a static server, in Chromium"
npm run --silent e2e

echo
echo "All tests passed in $(( $(date +%s) - started ))s (after setup)."
