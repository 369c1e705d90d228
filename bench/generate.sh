#!/usr/bin/env bash
# Benchmark of the data generator: how long one scale preset takes on this machine, how many
# lines it writes, how big they are, and the process's peak memory.
#
#   bench/generate.sh [SCALE] [generate options...]     SCALE defaults to large
#
# The heap is capped (LIVECART_JAVA_OPTS, default -Xmx2g) to show that generation streams rows to
# files instead of holding a day in memory. Data goes to a temporary folder under $BENCH_DIR
# (default /tmp) and is deleted afterwards unless BENCH_KEEP=1. `large` writes about 30 GB.
set -euo pipefail

scale="${1:-large}"
shift || true
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LIVECART_JAVA_OPTS="${LIVECART_JAVA_OPTS:--Xmx2g}"
root="$(mktemp -d "${BENCH_DIR:-/tmp}/livecart-bench-XXXXXX")"
if [[ "${BENCH_KEEP:-0}" != 1 ]]; then
  trap 'rm -rf "$root"' EXIT
fi

"$home/bin/livecart" --version >/dev/null # build first, outside the timing
echo "generate --scale $scale $* on $(nproc) cores, JVM options: $LIVECART_JAVA_OPTS"
start=$(date +%s.%N)
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -f "peak resident memory: %M KB" "$home/bin/livecart" --root "$root" generate --scale "$scale" "$@" 2>"$root.log"
  grep "peak resident memory" "$root.log"
else
  "$home/bin/livecart" --root "$root" generate --scale "$scale" "$@" 2>"$root.log"
fi
end=$(date +%s.%N)
rm -f "$root.log"
echo "landing size: $(du -sh "$root/landing" | cut -f1), truth size: $(du -sh "$root/truth" | cut -f1)"
echo "wall time: $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }') s"
[[ "${BENCH_KEEP:-0}" == 1 ]] && echo "kept: $root"
exit 0
