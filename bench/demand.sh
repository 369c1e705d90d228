#!/usr/bin/env bash
# The replenishment demand forecast on a loaded sales history without stock levels (M5's): every
# day's sales taken as its demand, the model against the 28-day moving average over the last
# replenishment_backtest_days, per demand class. bench/real-data.sh runs it on M5.
#
#   bench/demand.sh ROOT DATE     ROOT: a warehouse loaded by `backfill`; DATE: its last day
#
# Builds the bench module first when needed.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$home/bench/lib.sh"
"$home/bin/livecart" --version >/dev/null # builds the application and its JVM options
classpath="$(bench_classpath demand.sh)"
# shellcheck disable=SC2046 # jvm.options holds one flag per word
exec java $(cat "$home/app/target/jvm.options") ${LIVECART_JAVA_OPTS:--Xmx2g} \
  -Dspark.master="${LIVECART_MASTER:-local[*]}" -Dlog4j2.configurationFile="$home/conf/log4j2.properties" \
  -cp "$classpath:$(cat "$home/app/target/spark-classpath.txt")" io.livecart.bench.SalesDemand "$@"
