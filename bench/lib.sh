# Sourced by the bench scripts: the generated data of a scale, cached between runs, and the
# reading of the step table `nightly` and `backfill` print.
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
  local reached=""
  if [[ -d "$data" ]]; then
    reached=$(find "$data" -maxdepth 1 -name 'generated-to-*' -printf '%f\n' \
      | sed 's/^generated-to-//' | sort | tail -1)
  fi
  if [[ -z "$reached" || "$reached" < "$last_day" ]]; then
    echo "generating $scale data to $last_day in $data (once)" >&2
    rm -rf "$data"
    "$home/bin/livecart" --root "$data" generate --scale "$scale" --from 2025-01-01 --to "$last_day" >/dev/null
    touch "$data/generated-to-$last_day"
  fi
  echo "$data"
}

# seconds START END: the seconds between two `date +%s.%N` readings, to one decimal.
seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }

# step_figure REPORT STEP COLUMN: a succeeded step's figure in the step table of REPORT (the
# output of `nightly` or `backfill`): column 3 its seconds, 4 rows in, 5 rows out.
step_figure() {
  awk -v s="$2" -v c="$3" '$1 == s && $2 == "succeeded" { gsub(",", "", $c); print $c }' <<<"$1"
}

# ingest_to_gold REPORT: the seconds of the ingest, silver and gold steps of REPORT, the warehouse
# part of a night (the model steps after it run only once there is history enough).
ingest_to_gold() {
  awk -v a="$(step_figure "$1" ingest 3)" -v b="$(step_figure "$1" silver 3)" \
    -v c="$(step_figure "$1" gold 3)" 'BEGIN { printf "%.1f", a + b + c }'
}

# peak_rss FILE COMMAND...: runs COMMAND with its peak resident memory written to FILE (KB, by
# /usr/bin/time), passing its output and exit status through.
peak_rss() {
  local file="$1"
  shift
  /usr/bin/time -f "%M" -o "$file" "$@"
}

# gigabytes FILE: the KB that peak_rss wrote to FILE, as GB to one decimal.
gigabytes() { awk '{ printf "%.1f", $1 / 1048576 }' "$1"; }

# bench_classpath SCRIPT: the bench module's jar and its dependencies, as a class path, after
# building the module when it or what it depends on changed (SCRIPT names the caller in the note).
bench_classpath() {
  local home target jar
  home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  target="$home/bench/target"
  jar="$target/livecart-bench-0.1.0-SNAPSHOT.jar"
  if [[ ! -f "$jar" || ! -f "$target/classpath.txt" ]] \
    || [[ -n "$(find "$home/pom.xml" "$home"/core/src/main "$home"/models/src/main "$home"/jobs/src/main \
      "$home/bench/pom.xml" "$home/bench/src/main" "$home/conf" -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
    echo "$1: building the bench module (mvn install)..." >&2
    (cd "$home" && mvn -q -B -DskipTests install -pl bench -am) >&2 || return 1
  fi
  echo "$jar:$(cat "$target/classpath.txt")"
}
