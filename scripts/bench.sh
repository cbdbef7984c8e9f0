#!/usr/bin/env bash
# Benchmark of project boards: builds the release dist into target/bench-dist, then measures
# 1,000- and 5,000-card boards in headless Chromium (medians of 5 runs) and the stored size of
# a 10,000-card workspace. Prints figures; it never fails on time (only on a wrong result,
# such as a move rewriting more than its project). BENCH_RUNS and BENCH_SIZES override the
# defaults; see tests/bench/board.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --test

printf '\033[1m==> %s\033[0m\n' "Release build into target/bench-dist"
flock /tmp/trunk.lock trunk build --release --dist target/bench-dist

cargo build --release --locked --example stored_size

printf '\033[1m==> %s\033[0m\n' "Benchmark"
DOCKET_DIST=target/bench-dist node tests/bench/board.mjs
