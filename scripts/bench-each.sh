#!/usr/bin/env bash
# Benchmark of `ask --each` (issue 19): the 2024 example over ../shared/corpus,
#   zhengce ask 地区生产总值增长的预期目标是多少？ --each --type 政府工作报告 --year 2024
# as a whole process (index opened, 71 documents asked, the table printed), median of 5 runs
# after one warm-up run (page cache warm), wall and CPU time; then the answers measured against
# tests/fixtures/gdp-targets-2024.tsv (scripts/measure-gdp-targets.py).
# Usage: scripts/bench-each.sh [INDEX_DIR] [CORPUS_DIR]
#   INDEX_DIR defaults to target/bench-index, built from CORPUS_DIR (../shared/corpus) when it
#   holds no index.
set -euo pipefail
cd "$(dirname "$0")/.."
index=${1:-target/bench-index}
corpus=${2:-../shared/corpus}
cargo build --release --locked -q
bin=${CARGO_TARGET_DIR:-target}/release/zhengce
if [ ! -e "$index/meta.json" ]; then
  "$bin" index --quiet --index "$index" "$corpus"
fi
question=地区生产总值增长的预期目标是多少？
args=(ask "$question" --each --type 政府工作报告 --year 2024 --index "$index")
"$bin" "${args[@]}" >/dev/null 2>&1 || true
echo "== whole process: zhengce ${args[*]} (5 runs)"
for i in $(seq 5); do
  /usr/bin/time -f "%e %U %S" "$bin" "${args[@]}" 2>&1 >/dev/null | tail -1
done | sort -n | awk '{w[NR]=$1; c[NR]=$2+$3} END {printf "median wall %.2f s (min %.2f, max %.2f); cpu (user+sys) of the median run %.2f s\n", w[3], w[1], w[5], c[3]}'
echo "== answers against tests/fixtures/gdp-targets-2024.tsv"
out=$(mktemp)
"$bin" "${args[@]}" --json >"$out" 2>/dev/null || true
python3 scripts/measure-gdp-targets.py "$out"
rm -f "$out"
