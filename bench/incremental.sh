#!/usr/bin/env bash
# Benchmark of incremental nights: does a night cost what its own data costs, or does it grow with
# the history behind it?
#
#   bench/incremental.sh [SCALE] [NIGHT...]     SCALE defaults to tiny, NIGHTs to 30 365
#
# For each NIGHT n (a day number of the year 2025), a fresh warehouse is loaded with days 1..n-1
# by `backfill` (each step over the whole range in one pass), then night n is run as a scheduler
# would: `nightly --date`, one process. Printed per night: the backfill's wall time, the night's
# lines read, the seconds of its loading steps and their sum (ingest to gold, the warehouse part),
# and its wall seconds (JVM start-up and the model steps included), then each night's warehouse
# seconds and wall time against the first one's. Each night's per-step figures (seconds, rows,
# rows per second, peak heap) are also written as JSON, `nightly --json`, to
# $BENCH_DIR/livecart-bench-<scale>/results/night-<n>.json, so runs can be compared.
#
# The generated year is cached in $BENCH_DIR/livecart-bench-<scale> (default /tmp) and reused;
# warehouses are deleted afterwards unless BENCH_KEEP=1.
set -euo pipefail

scale="${1:-tiny}"
shift || true
nights=("$@")
if [[ ${#nights[@]} -eq 0 ]]; then
  nights=(30 365)
fi
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# bin/livecart's 2 GB heap is sized for tiny; a bench runs up to large
export LIVECART_JAVA_OPTS="${LIVECART_JAVA_OPTS:--Xmx6g}"
year_start=2025-01-01
last=$(printf '%s\n' "${nights[@]}" | sort -n | tail -1)
last_day=$(date -d "$year_start + $((last - 1)) days" +%F)


"$home/bin/livecart" --version >/dev/null # build first, outside the timing
# shellcheck source=bench/lib.sh
source "$home/bench/lib.sh"
data=$(generated "$scale" "$last_day")

echo "incremental nights at scale $scale on $(nproc) cores, JVM options: $LIVECART_JAVA_OPTS"
printf '%-7s %-11s %12s %12s %9s %9s %9s %12s %9s\n' night date backfill_s lines_read ingest_s silver_s gold_s warehouse_s night_s
declare -A totals loading
mkdir -p "$data/results"
for n in "${nights[@]}"; do
  night=$(date -d "$year_start + $((n - 1)) days" +%F)
  warehouse="$(mktemp -d "${BENCH_DIR:-/tmp}/livecart-bench-warehouse-XXXXXX")"
  run() { "$home/bin/livecart" --root "$data" --set "paths.warehouse=$warehouse" "$@"; }
  backfill=0.0
  if ((n > 1)); then
    t0=$(date +%s.%N)
    run backfill --from "$year_start" --to "$(date -d "$night - 1 day" +%F)" >/dev/null
    backfill=$(seconds "$t0" "$(date +%s.%N)")
  fi
  t0=$(date +%s.%N)
  report=$(run nightly --date "$night" --json "$data/results/night-$n.json")
  totals[$n]=$(seconds "$t0" "$(date +%s.%N)")
  loading[$n]=$(ingest_to_gold "$report")
  printf '%-7s %-11s %12s %12s %9s %9s %9s %12s %9s\n' "$n" "$night" "$backfill" \
    "$(step_figure "$report" ingest 4)" "$(step_figure "$report" ingest 3)" \
    "$(step_figure "$report" silver 3)" "$(step_figure "$report" gold 3)" "${loading[$n]}" "${totals[$n]}"
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
    echo "kept: $warehouse"
  else
    rm -rf "$warehouse"
  fi
done
first=${nights[0]}
for n in "${nights[@]:1}"; do
  echo "night $n: ingest to gold $(awk -v a="${loading[$n]}" -v b="${loading[$first]}" 'BEGIN { printf "%.2f", a / b }')x night $first (target: at most 1.5x); wall $(awk -v a="${totals[$n]}" -v b="${totals[$first]}" 'BEGIN { printf "%.2f", a / b }')x (models train only once history allows)"
done
echo "per-step JSON: $data/results/night-<n>.json"
