#!/usr/bin/env bash
# Benchmarks: they print figures and assert nothing about time.
set -uo pipefail
cd "$(dirname "$0")/.."
echo "-- simulator: one scrape of every target at 1k, 10k and 100k series"
npm --prefix simulator run -s bench
if [ -f bench/run.ts ]; then
  echo "-- Wide EP queries at 64 engines, 61 layers x 256 experts (DEBUG on), and the expert matrix render"
  BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-60} npx tsx bench/run.ts
fi
echo "-- fleet-scale harness smoke: 8 engines, 5 min of backfilled history, Prometheus (npm run bench:scale for 64+ engines)"
npx tsx bench/scale/run.ts --engines 8 --minutes 5 --backends prometheus
