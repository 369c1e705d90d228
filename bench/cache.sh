# Sourced by the bench scripts: the generated data of a scale, cached between runs.
#
#   generated SCALE LAST_DAY    prints the cache folder, $BENCH_DIR/livecart-bench-<scale>
#                               (default /tmp), after generating 2025-01-01..LAST_DAY into it
#                               unless it already holds that far (a day's data does not depend on
#                               later days, so a cache generated further serves too).
generated() {
  local scale="$1" last_day="$2"
  local data="${BENCH_DIR:-/tmp}/livecart-bench-$scale"
  local home
  home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local reached
  reached=$(find "$data" -maxdepth 1 -name 'generated-to-*' -printf '%f\n' 2>/dev/null \
    | sed 's/^generated-to-//' | sort | tail -1)
  if [[ -z "$reached" || "$reached" < "$last_day" ]]; then
    echo "generating $scale data to $last_day in $data (once)" >&2
    rm -rf "$data"
    "$home/bin/livecart" --root "$data" generate --scale "$scale" --from 2025-01-01 --to "$last_day" >/dev/null
    touch "$data/generated-to-$last_day"
  fi
  echo "$data"
}
