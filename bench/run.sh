#!/usr/bin/env bash
# The benchmark harness: per scale, a full-history build and one incremental night, step by step,
# beside DuckDB doing the same warehouse night from the same files.
#
#   bench/run.sh [--night N] [--large] [SCALE...]     SCALEs default to tiny small medium
#
# For each SCALE, the year's first N days are generated once (cached in
# $BENCH_DIR/livecart-bench-<scale>, default /tmp; N defaults to 30), then, in a fresh warehouse:
#   1. the history, days 1..N-1, is built by `backfill` (each step over the whole range in one pass);
#   2. night N is run as a scheduler would, `nightly --date`, which prints its step table: wall
#      seconds, rows in and out, peak driver heap (rows per second are in the JSON); the history's
#      and the night's peak resident memory (history_gb, night_gb) are measured by /usr/bin/time;
#   3. the peer, bench/duckdb.sh, loads the same history into a DuckDB file and runs the same night:
#      landing files to the four marts of docs/contract.md both engines build (live-session review, funnel,
#      product ranking, RFM; DuckDbPeerTest, run first, keeps the definitions in step).
# Each run's per-step JSON goes to <cache>/results/ (history-<N>.json, night-<N>.json), its log to
# <cache>/results/run-<N>.log, and one summary line per scale is printed and appended to
# $BENCH_DIR/livecart-bench-results.jsonl.
#
# ingest_to_gold_s is the night's ingest + silver + gold seconds (the warehouse part; the model
# steps that follow run only once history allows). It builds every gold table (24) with bronze,
# quarantine and reconciliation ledgers, where the peer builds the fact and the four marts: the
# ratio is the price of the whole warehouse on Spark and Delta against the peer's share of it.
# `large` writes about 30 GB for a year and takes hours: it runs only with --large.
set -euo pipefail

night_n=30
large=0
scales=()
while (($#)); do
  case "$1" in
    --night) night_n="$2"; shift ;;
    --large) large=1 ;;
    *) scales+=("$1") ;;
  esac
  shift
done
[[ ${#scales[@]} -gt 0 ]] || scales=(tiny small medium)
if ((large)) && [[ ! " ${scales[*]} " =~ " large " ]]; then
  scales+=(large)
fi
if [[ " ${scales[*]} " =~ " large " ]] && ((!large)); then
  echo "bench/run.sh: large writes about 30 GB for a year; pass --large to run it" >&2
  exit 2
fi
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# bin/livecart's 2 GB heap is sized for tiny; a bench runs up to large
export LIVECART_JAVA_OPTS="${LIVECART_JAVA_OPTS:--Xmx6g}"
# The peer must compute what gold computes before its seconds mean anything: DuckDbPeerTest (tagged
# slow, so not in bin/test) compares every row of the four marts on three generated days.
echo "run.sh: checking the DuckDB peer against gold (DuckDbPeerTest, about 3 minutes)..." >&2
(cd "$home" && mvn -q -B install -DskipTests && mvn -q -B test -Pslow -pl bench -Dtest=DuckDbPeerTest) >&2
year_start=2025-01-01
night=$(date -d "$year_start + $((night_n - 1)) days" +%F)
history_end=$(date -d "$night - 1 day" +%F)
summary="${BENCH_DIR:-/tmp}/livecart-bench-results.jsonl"

now() { date +%s.%N; }

# Build both first, outside the timing (the peer prints its usage once built).
"$home/bin/livecart" --version >/dev/null
"$home/bench/duckdb.sh" >/dev/null 2>&1 || true
# shellcheck source=bench/lib.sh
source "$home/bench/lib.sh"

echo "benchmark: history 2025-01-01..$history_end, night $night, on $(nproc) cores, JVM options: $LIVECART_JAVA_OPTS"
rows=()
for scale in "${scales[@]}"; do
  data=$(generated "$scale" "$night")
  mkdir -p "$data/results"
  warehouse="$(mktemp -d "${BENCH_DIR:-/tmp}/livecart-bench-warehouse-XXXXXX")"
  peer="$warehouse/peer.duckdb"
  log="$data/results/run-$night_n.log"
  : >"$log"
  livecart=("$home/bin/livecart" --root "$data" --set "paths.warehouse=$warehouse")

  echo
  echo "== $scale: history"
  t0=$(now)
  peak_rss "$data/results/history-$night_n.rss" "${livecart[@]}" backfill --from "$year_start" \
    --to "$history_end" --json "$data/results/history-$night_n.json" 2>>"$log" | sed -n '/^step /,/^$/p'
  history_s=$(seconds "$t0" "$(now)")
  history_gb=$(gigabytes "$data/results/history-$night_n.rss")

  echo "== $scale: night $night"
  t0=$(now)
  report=$(peak_rss "$data/results/night-$night_n.rss" "${livecart[@]}" nightly --date "$night" \
    --json "$data/results/night-$night_n.json" 2>>"$log")
  night_s=$(seconds "$t0" "$(now)")
  night_gb=$(gigabytes "$data/results/night-$night_n.rss")
  sed -n '/^step /,/^gold rebuilt/p' <<<"$report"
  lines=$(step_figure "$report" ingest 4)
  warehouse_s=$(ingest_to_gold "$report")

  echo "== $scale: DuckDB peer"
  t0=$(now)
  peer_history=$("$home/bench/duckdb.sh" --root "$data" --db "$peer" --from "$year_start" --to "$history_end" 2>>"$log")
  peer_history_s=$(seconds "$t0" "$(now)")
  t0=$(now)
  peer_night=$("$home/bench/duckdb.sh" --root "$data" --db "$peer" --from "$night" 2>>"$log")
  peer_night_wall=$(seconds "$t0" "$(now)")
  echo "$peer_night"
  peer_night_s=$(awk '$1 == "total" { print $2 }' <<<"$peer_night")
  peer_history_engine=$(awk '$1 == "total" { print $2 }' <<<"$peer_history")
  ratio=$(awk -v a="$warehouse_s" -v b="$peer_night_s" 'BEGIN { printf "%.1f", a / b }')

  rows+=("$(printf '%-7s %12s %10s %10s %12s %16s %10s %9s %14s %14s %9s' "$scale" "$lines" "$history_s" \
    "$history_gb" "$warehouse_s" "$night_s" "$night_gb" "$peer_history_engine" "$peer_night_s" \
    "$peer_night_wall" "${ratio}x")")
  printf '{"scale":"%s","night":"%s","cores":%d,"lines_per_night":%s,"history_s":%s,"history_peak_rss_gb":%s,"ingest_to_gold_s":%s,"night_wall_s":%s,"night_peak_rss_gb":%s,"duckdb_history_s":%s,"duckdb_night_s":%s,"duckdb_night_wall_s":%s,"ratio":%s,"at":"%s"}\n' \
    "$scale" "$night" "$(nproc)" "$lines" "$history_s" "$history_gb" "$warehouse_s" "$night_s" "$night_gb" \
    "$peer_history_engine" "$peer_night_s" "$peer_night_wall" "$ratio" "$(date -u +%FT%TZ)" >>"$summary"
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
    echo "kept: $warehouse"
  else
    rm -rf "$warehouse"
  fi
done

echo
echo "history: days 1..$((night_n - 1)) by backfill; night: day $night_n by nightly; DuckDB: the peer's engine seconds (its JVM's wall beside)"
printf '%-7s %12s %10s %10s %12s %16s %10s %9s %14s %14s %9s\n' scale lines/night history_s history_gb \
  ingest_to_gold_s night_wall_s night_gb duck_hist_s duck_night_s duck_night_wall ratio
printf '%s\n' "${rows[@]}"
echo "per-step JSON: \$BENCH_DIR/livecart-bench-<scale>/results/{history,night}-$night_n.json; summary lines: $summary"
