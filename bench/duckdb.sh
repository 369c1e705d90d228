#!/usr/bin/env bash
# The benchmark's peer: the warehouse part of a night (landing files to the four marts of docs/contract.md
# the benchmark compares) done by DuckDB in-process, from the same landing files as `livecart`.
#
#   bench/duckdb.sh --root DIR --db FILE --from DAY [--to DAY] [--set key=value ...]
#
# Loads the landing days FROM..TO of DIR into the DuckDB database FILE (created when missing) and
# prints the seconds of each phase (stage, silver, build_days, gold) and their total. Builds the
# bench module first when needed.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$home/bench/target"
jar="$target/livecart-bench-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$jar" || ! -f "$target/classpath.txt" ]] \
  || [[ -n "$(find "$home/pom.xml" "$home"/core/src/main "$home/bench/pom.xml" "$home/bench/src/main" "$home/conf" -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
  echo "duckdb.sh: building the bench module (mvn install)..." >&2
  (cd "$home" && mvn -q -B -DskipTests install -pl bench -am) >&2
fi
exec java ${LIVECART_JAVA_OPTS:--Xmx6g} -cp "$jar:$(cat "$target/classpath.txt")" io.livecart.bench.DuckDbPeer "$@"
