#!/usr/bin/env bash
# Benchmarks over ../shared/corpus (4,526 documents, about 145 MB):
#   1. indexing from scratch: MB/s end to end and peak memory (GNU time's maximum RSS);
#   2. re-indexing the unchanged corpus;
#   3. in-process search latency, p50/p99 over 20 queries x 20 runs (cargo bench --bench search);
#   4. whole-process `zhengce search` latency, median of 20 runs, page cache warm.
# Usage: scripts/bench.sh [CORPUS_DIR]   (the index goes to target/bench-index)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
index=target/bench-index
cargo build --release --locked -q
bin=target/release/zhengce

echo "== indexing $corpus from scratch"
rm -rf "$index"
/usr/bin/time -f "peak memory: %M KB, wall %e s" "$bin" index --quiet --index "$index" "$corpus"

echo "== re-indexing the unchanged corpus"
/usr/bin/time -f "wall %e s" "$bin" index --quiet --index "$index" "$corpus"

echo "== in-process search"
cargo bench --locked -q --bench search -- "$index"

echo "== whole process: zhengce search 人员编制 (20 runs)"
"$bin" search --index "$index" 人员编制 >/dev/null
for i in $(seq 20); do
  start=$(date +%s%N)
  "$bin" search --index "$index" 人员编制 >/dev/null
  echo $(( ($(date +%s%N) - start) / 1000 ))
done | sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms, min %.1f ms, max %.1f ms\n", a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}'
