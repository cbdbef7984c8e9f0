#!/usr/bin/env bash
# Benchmark of project boards and operations checklists: builds the release dist into target/bench-dist, then measures
# 1,000- and 5,000-card boards in headless Chromium (medians of 5 runs) and the stored size of
# a 10,000-card workspace, and the first visit of a 1,000-card board beside a plain page
# (tests/bench/first_visit.mjs). Prints figures; it never fails on time (only on a wrong result,
# such as a move rewriting more than its project). BENCH_RUNS and BENCH_SIZES override the
# defaults; see tests/bench/board.mjs. BENCH_ONLY=ops runs only the checklists (tests/bench/ops.mjs);
# the 4 MB import and export are timed by tests/bench/exchange.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --test

printf '\033[1m==> %s\033[0m\n' "Release build into target/bench-dist"
flock /tmp/trunk.lock trunk build --release --dist target/bench-dist

cargo build --release --locked --example stored_size --example ops_workspace

if [ "${BENCH_ONLY:-}" != ops ]; then
  printf '\033[1m==> %s\033[0m\n' "Boards"
  DOCKET_DIST=target/bench-dist node tests/bench/board.mjs
fi

if [ "${BENCH_ONLY:-}" != ops ]; then
  printf '\033[1m==> %s\033[0m\n' "First visit: a 1,000-card board, nothing cached, beside a plain page"
  DOCKET_DIST=target/bench-dist node tests/bench/first_visit.mjs
fi

if [ "${BENCH_ONLY:-}" != ops ]; then
  printf '\033[1m==> %s\033[0m\n' "Live sync through CouchDB: a 1,000-card project's first sync, one change pushed"
  DOCKET_DIST=target/bench-dist node tests/bench/sync.mjs
fi

if [ "${BENCH_ONLY:-}" != ops ]; then
  printf '\033[1m==> %s\033[0m\n' "Import and export of a 4 MB file"
  DOCKET_DIST=target/bench-dist node tests/bench/exchange.mjs
fi

printf '\033[1m==> %s\033[0m\n' "Operations: 50 templates, 5,000 runs"
target/release/examples/ops_workspace target/ops-bench.json
OPS_ENTRIES=target/ops-bench.json DOCKET_DIST=target/bench-dist node tests/bench/ops.mjs

if [ "${BENCH_ONLY:-}" != ops ]; then
  printf '\033[1m==> %s\033[0m\n' "Portfolio, workload, calendar: 10 projects x 1,000 cards, 50 checklists, 5,000 runs"
  node tests/bench/generate.mjs 1000 1000 1000 1000 1000 1000 1000 1000 1000 1000 --out target/views-cards.json >/dev/null
  target/release/examples/ops_workspace target/views-cards.json target/views-bench.json
  VIEWS_ENTRIES=target/views-bench.json DOCKET_DIST=target/bench-dist node tests/bench/views.mjs
fi

printf '\033[1m==> %s\033[0m\n' "Capacity: 10,000 cards and 5,000 runs in one workspace"
node tests/bench/generate.mjs 10000 --out target/cards-10k.json >/dev/null
target/release/examples/ops_workspace target/cards-10k.json target/capacity.json
# ... and with what a project keeps on record: a comment and three history entries a card.
target/release/examples/ops_workspace --records target/cards-10k.json target/capacity-records.json
