#!/usr/bin/env bash
# Benchmark of `livecart maintain` on a year of nightly slices.
#
#   bench/maintain.sh [NIGHTS [ROWS_PER_NIGHT]]     defaults 365 and 1,600 (a small night's lines)
#
# Writes NIGHTS nightly slices into three tables, the night's three ways of refreshing (a fact
# partitioned by day, a mart sliced by day, a snapshot rewritten whole), each slice one Delta commit
# through the night's own write; then prints, per table, the files a query reads, the files and
# megabytes on disk, and a whole-table and a one-day query's seconds, before and after maintenance,
# with maintenance's seconds, those of a second run and those of each table's VACUUM (which
# maintenance runs once a replaced file is older than the window). The warehouse is written to
# $BENCH_DIR/livecart-bench-maintain (default /tmp) and deleted first.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$home/bin/livecart" --version >/dev/null # build the application first, outside the timing
target="$home/bench/target"
jar="$target/livecart-bench-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$jar" || -n "$(find "$home/bench/pom.xml" "$home/bench/src/main" -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
  echo "maintain.sh: building the bench module (mvn install)..." >&2
  (cd "$home" && mvn -q -B -DskipTests install -pl bench -am) >&2
fi
root="${BENCH_DIR:-/tmp}/livecart-bench-maintain"
rm -rf "$root"
# The run reads copies of the jars: a rebuild while it runs must not change its classes.
mkdir -p "$root/jars"
cp "$jar" "$home/app/target/livecart.jar" "$root/jars/"
# shellcheck disable=SC2046 # jvm.options holds one flag per word
exec java $(cat "$home/app/target/jvm.options") ${LIVECART_JAVA_OPTS:--Xmx4g} \
  -Dspark.master="${LIVECART_MASTER:-local[*]}" \
  -Dlog4j2.configurationFile="$home/conf/log4j2.properties" \
  -Dlivecart.bench.root="$root" \
  -cp "$root/jars/$(basename "$jar"):$root/jars/livecart.jar:$(cat "$home/app/target/spark-classpath.txt")" \
  io.livecart.bench.MaintenanceBench "$@"
