#!/usr/bin/env bash
# Benchmark and evaluation of the models on a generated year.
#
#   bench/models.sh [SCALE] [RUN_DATE] [MODEL...]
#
# SCALE defaults to medium, RUN_DATE to 2025-12-30, MODEL to every model (repurchase, gmv_forecast,
# replenishment, selection; selection is a rule over the night's replenishment plan: scored only).
#
# Generates the year 2025 once (cached in $BENCH_DIR/livecart-bench-<scale>, shared with
# bench/incremental.sh), loads all of it into a warehouse once with `backfill` (cached next to it
# as warehouse-2025; features are point in time, so days after RUN_DATE change nothing the model
# sees), then, for each model, times `train --date RUN_DATE --model MODEL` and `score` in their own
# processes and prints what `train` prints (repurchase: the holdout metrics of the model, the
# baselines and the oracle, the generator's true probabilities, which the default RUN_DATE puts on a
# month end where the generator writes them, and the reliability table; gmv_forecast: the
# backtest's WAPE, MASE, bias and interval coverage per level beside the baselines; replenishment:
# the policy replay's fill rate, stock and stock-out days beside naive policies and the history,
# and the 7-day demand error over the weeks in stock and against the generator's true demand),
# each command's wall time and peak resident memory, and the total wall time of the commands run.
# Retraining the same date replaces its registry row, so reruns compare.
set -euo pipefail

scale="${1:-medium}"
run_date="${2:-2025-12-30}"
shift $(($# < 2 ? $# : 2))
models=("$@")
[[ ${#models[@]} -gt 0 ]] || models=(repurchase gmv_forecast replenishment selection)
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# bin/livecart's 2 GB heap is sized for tiny; a bench runs up to large
export LIVECART_JAVA_OPTS="${LIVECART_JAVA_OPTS:--Xmx6g}"
data="${BENCH_DIR:-/tmp}/livecart-bench-$scale"
warehouse="$data/warehouse-2025"
year_end=2025-12-31

"$home/bin/livecart" --version >/dev/null # build first, outside the timing
# shellcheck source=bench/lib.sh
source "$home/bench/lib.sh"
generated "$scale" "$year_end" >/dev/null
livecart=("$home/bin/livecart" --root "$data" --set "paths.warehouse=$warehouse")
if [[ ! -f "$warehouse/loaded" ]]; then
  echo "loading 2025 into $warehouse (once)"
  rm -rf "$warehouse"
  "${livecart[@]}" backfill --from 2025-01-01 --to "$year_end" >/dev/null
  touch "$warehouse/loaded"
fi

timed() {
  local label="$1"
  shift
  local log
  log="$(mktemp)"
  /usr/bin/time -f "%e %M" -o "$log.time" "$@" | tee "$log"
  read -r wall rss <"$log.time"
  total=$(awk -v a="$total" -v b="$wall" 'BEGIN { print a + b }')
  printf '%s: %.1f s wall, peak RSS %.1f GB\n' "$label" "$wall" "$(awk -v k="$rss" 'BEGIN { print k / 1048576 }')"
  rm -f "$log" "$log.time"
}

total=0
for model in "${models[@]}"; do
  echo "$model model at scale $scale, run date $run_date, on $(nproc) cores, JVM options: $LIVECART_JAVA_OPTS"
  [[ "$model" == selection ]] || timed "$model train" "${livecart[@]}" train --date "$run_date" --model "$model"
  timed "$model score" "${livecart[@]}" score --date "$run_date" --model "$model"
done
printf 'total: %.1f s wall for %s\n' "$total" "${models[*]}"
