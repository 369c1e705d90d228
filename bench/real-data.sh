#!/usr/bin/env bash
# The models on real public data sets, beside their baselines on a later holdout.
#
#   bench/real-data.sh DIR [SET...]
#
# DIR holds the sets' files under the names their projects publish them with (where each comes
# from: jobs/src/test/resources/public/README.md): CDNOW_master.txt, groceryElog.csv,
# tiny_m5.csv.gz. SET is cdnow, grocery or m5; by default every set whose file is in DIR.
#
# Each set is imported and loaded by `backfill` once, into $BENCH_DIR/livecart-real-<set> (default
# /tmp; delete it to load again), then `train` fits and evaluates every model the set can support
# at the set's last day, printing what `train` prints, with its wall time and peak resident memory:
# - cdnow and grocery (purchase histories): repurchase. The holdout is the last 30 days: the model
#   against the recency rule, the RFM rule and BG/NBD on ROC AUC, and its calibration per decile
#   (the largest gap between mean prediction and observed rate, the deciles' sizes, the
#   Hosmer-Lemeshow test's p-value: the chance that calibrated probabilities would show gaps as
#   large in deciles of those sizes, and the buyers observed over those predicted, with how many
#   binomial standard deviations apart they are).
# - m5 (daily sales of 28 items in 10 stores, the last two years): gmv_forecast. A rolling-origin
#   backtest whose last origin holds out the last 28 days: the model's WAPE and MASE against
#   seasonal naive and the moving average, and how often its 80% and 95% intervals held the actual.
#   Then the replenishment demand forecast (bench/demand.sh): M5 has no stock levels, so each item's
#   sales in each store are taken as its demand, as the M5 competition took them; the 7-day
#   forecasts of the last 70 days against the 28-day moving average's.
# No set has stock levels, so the replenishment policy has nothing to replay; the Taobao slice is
# one morning, with no history to hold out. The table at the end collects the figures.
set -euo pipefail

[[ $# -ge 1 && -d "$1" ]] || {
  echo "usage: bench/real-data.sh DIR [SET...]   (DIR: the folder with the sets' files)" >&2
  exit 2
}
dir="$(cd "$1" && pwd)"
shift
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# set: file, import options, first day, last day (the run date), model
declare -A file=([cdnow]=CDNOW_master.txt [grocery]=groceryElog.csv [m5]=tiny_m5.csv.gz)
declare -A first=([cdnow]=1997-01-01 [grocery]=2006-01-01 [m5]=2014-04-26)
declare -A last=([cdnow]=1998-06-30 [grocery]=2007-12-30 [m5]=2016-04-24)
declare -A model=([cdnow]=repurchase [grocery]=repurchase [m5]=gmv_forecast)

sets=("$@")
if [[ ${#sets[@]} -eq 0 ]]; then
  for set in cdnow grocery m5; do
    [[ -f "$dir/${file[$set]}" ]] && sets+=("$set")
  done
fi
[[ ${#sets[@]} -gt 0 ]] || {
  echo "no set's file in $dir (CDNOW_master.txt, groceryElog.csv, tiny_m5.csv.gz)" >&2
  exit 2
}

"$home/bin/livecart" --version >/dev/null # build first, outside the timing

timed() {
  local label="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@"
  read -r wall rss <"$tmp/time"
  printf '%s: %.1f s wall, peak RSS %.1f GB\n' "$label" "$wall" "$(awk -v k="$rss" 'BEGIN { print k / 1048576 }')"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for set in "${sets[@]}"; do
  [[ -n "${file[$set]:-}" ]] || {
    echo "unknown set $set (cdnow, grocery, m5)" >&2
    exit 2
  }
  root="${BENCH_DIR:-/tmp}/livecart-real-$set"
  livecart=("$home/bin/livecart" --root "$root")
  if [[ ! -f "$root/loaded" ]]; then
    echo "loading $set into $root (once)"
    rm -rf "$root"
    timed "$set import" "${livecart[@]}" import "$set" --input "$dir/${file[$set]}" --from "${first[$set]}" --to "${last[$set]}"
    timed "$set backfill" bash -c '"$@" >/dev/null' backfill \
      "${livecart[@]}" backfill --from "${first[$set]}" --to "${last[$set]}"
    touch "$root/loaded"
  fi
  echo "$set: ${model[$set]} at ${last[$set]}, on $(nproc) cores"
  timed "$set ${model[$set]} train" "${livecart[@]}" train --date "${last[$set]}" --model "${model[$set]}" \
    | tee "$tmp/$set.train"
  if [[ "$set" == m5 ]]; then
    timed "m5 replenishment demand" "$home/bench/demand.sh" "$root" "${last[$set]}" 2>/dev/null \
      | tee "$tmp/m5.demand"
  fi
done

echo
echo "| set | model | holdout | metric | model | best baseline | model against it | calibration / coverage |"
echo "|---|---|---|---|---|---|---|---|"
for set in "${sets[@]}"; do
  version="${model[$set]}-${last[$set]//-/}"
  root="${BENCH_DIR:-/tmp}/livecart-real-$set"
  if [[ "${model[$set]}" == repurchase ]]; then
    query="SELECT '| ' || concat_ws(' | ', '$set', 'repurchase', string(holdout_date) || ' + 30 days', 'ROC AUC',
        format_number(metrics['model.roc_auc'], 4),
        format_number(greatest(metrics['bgnbd.roc_auc'], metrics['rfm_rule.roc_auc'],
          metrics['recency_rule.roc_auc']), 4),
        format_string('%+.4f', metrics['model.roc_auc'] - greatest(metrics['bgnbd.roc_auc'],
          metrics['rfm_rule.roc_auc'], metrics['recency_rule.roc_auc'])),
        'worst decile off by ' || format_number(aggregate(reliability, 0D,
          (a, d) -> greatest(a, abs(d.mean_predicted - d.observed_rate))), 3) || ' ('
          || format_number(array_min(reliability.users), 0) || ' to '
          || format_number(array_max(reliability.users), 0) || ' customers a decile); Hosmer-Lemeshow p = '
          || format_number(metrics['model.hosmer_lemeshow_p'], 3) || '; buyers observed over predicted '
          || format_number(metrics['model.observed_over_expected'], 2) || ' ('
          || format_string('%+.1f', metrics['model.calibration_level_z']) || ' sd)') || ' |'
      FROM ml.model_registry WHERE version = '$version'"
  else
    query="SELECT '| ' || concat_ws(' | ', '$set', 'gmv_forecast ' || level,
        'backtest, ' || size(split(parameters['backtest_origins'], ',')) || ' origins to '
          || string(holdout_date) || ' + 28 days', 'WAPE',
        format_number(metrics['model.' || level || '.wape'], 4),
        format_number(least(metrics['seasonal_naive.' || level || '.wape'],
          metrics['moving_average.' || level || '.wape']), 4),
        format_string('%+.1f%%', 100 * (metrics['model.' || level || '.wape'] / least(
          metrics['seasonal_naive.' || level || '.wape'],
          metrics['moving_average.' || level || '.wape']) - 1)),
        '80%: ' || format_number(metrics['model.' || level || '.coverage_80'], 3)
          || ', 95%: ' || format_number(metrics['model.' || level || '.coverage_95'], 3)) || ' |'
      FROM ml.model_registry LATERAL VIEW explode(array('total', 'category')) AS level
      WHERE version = '$version'"
  fi
  "$home/bin/livecart" --root "$root" sql --csv "$tmp/$set.csv" "$query" >/dev/null 2>&1
  tail -n +2 "$tmp/$set.csv" | tr -d '"'
  if [[ "$set" == m5 ]]; then
    awk -F' [|] ' -v from="$(sed -n 's/.*measured from \([0-9-]*\).*/\1/p' "$tmp/m5.demand")" '
      $1 == "| all" {
        printf "| m5 | replenishment demand, %s items x stores | 10 weekly origins from %s, 7 days each | WAPE | %s | %s (moving average) | %s | bias %s (moving average %s) |\n",
          $2, from, $4, $5, $6, $7, substr($8, 1, length($8) - 2)
      }' "$tmp/m5.demand"
  fi
done
