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
# shellcheck source=bench/lib.sh
source "$home/bench/lib.sh"
classpath="$(bench_classpath duckdb.sh)"
exec java ${LIVECART_JAVA_OPTS:--Xmx6g} -cp "$classpath" io.livecart.bench.DuckDbPeer "$@"
