#!/usr/bin/env bash
# Benchmarks over ../shared/corpus (4,526 documents, about 145 MB):
#   1. indexing from scratch: MB/s end to end and peak memory (GNU time's maximum RSS);
#   2. re-indexing the unchanged corpus;
#   3. in-process search latency, p50/p99 over 50 searches x 20 runs (snippets and citations
#      included), `ask` over 20 questions x 10 runs, wall and CPU time, and the index's size
#      field by field (cargo bench --bench search);
#   4. whole-process `zhengce search` latency, median of 20 runs, page cache warm, for three
#      queries (a word, two words, a question);
#   5. the index's size on disk against the text's, and its number of segments.
# CPU time (user + sys) is printed beside wall time: on a shared machine it is the steadier figure.
# The criterion suites (cargo bench --bench analysis, --bench latency) run on small fixed samples.
# Usage: scripts/bench.sh [CORPUS_DIR]   (the index goes to target/bench-index)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
index=target/bench-index
cargo build --release --locked -q
bin=target/release/zhengce

echo "== indexing $corpus from scratch"
rm -rf "$index"
/usr/bin/time -f "peak memory: %M KB, wall %e s, cpu %U s user + %S s sys" "$bin" index --quiet --index "$index" "$corpus"

echo "== re-indexing the unchanged corpus"
/usr/bin/time -f "wall %e s, cpu %U s user + %S s sys" "$bin" index --quiet --index "$index" "$corpus"

echo "== in-process search"
cargo bench --locked -q --bench search -- "$index"

for query in 人员编制 "经开区 编制" 街道办事处如何协调职能部门; do
  echo "== whole process: zhengce search $query (20 runs)"
  "$bin" search --index "$index" "$query" >/dev/null
  for i in $(seq 20); do
    start=$(date +%s%N)
    "$bin" search --index "$index" "$query" >/dev/null
    echo $(( ($(date +%s%N) - start) / 1000 ))
  done | sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms, min %.1f ms, max %.1f ms\n", a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}'
done

echo "== size"
text=$(find "$corpus" -type f \( -name '*.txt' -o -name '*.md' \) -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
size=$(du -sb "$index" | cut -f1)
segments=$(find "$index" -maxdepth 1 -name '*.store' | wc -l)
awk -v t="$text" -v s="$size" -v n="$segments" 'BEGIN {printf "index %.1f MB in %d segments for %.1f MB of text: %.2fx\n", s/1e6, n, t/1e6, s/t}'
