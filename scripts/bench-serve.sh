#!/usr/bin/env bash
# Load benchmark of `zhengce serve` (a benchmark, not a test): the 50 searches of
# benches/search.rs sent over loopback by wrk (Debian's `wrk`, installed here if missing),
#   1. paced at about 100 requests/s (4 connections, each waiting 40 ms between requests — wrk is
#      closed-loop, so a slow answer delays the next: the rate is at most 100/s) for 60 s, while
#      `zhengce index` re-indexes a changed file and commits half-way through;
#   2. 32 connections as fast as they go for 30 s: the highest throughput and its latencies.
# Then it checks that the server answers from the new commit. Prints wrk's reports (requests,
# errors, latency percentiles).
#
# Usage: scripts/bench-serve.sh [CORPUS_DIR]   (default ../shared/corpus; a release build)
#        ZHENGCE=PATH scripts/bench-serve.sh     runs that binary instead of building one (to
#                                                compare two builds on the same machine)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
command -v wrk >/dev/null || apt-get install -y --no-install-recommends wrk
if [ -n "${ZHENGCE:-}" ]; then
  zhengce=$ZHENGCE
else
  cargo build --release --quiet
  zhengce="${CARGO_TARGET_DIR:-target}/release/zhengce"
fi
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$corpus" "$work/corpus"
"$zhengce" index --quiet --index "$work/index" "$work/corpus"
"$zhengce" serve --index "$work/index" --bind 127.0.0.1:0 >"$work/addr" &
server=$!
for _ in $(seq 50); do grep -q http "$work/addr" && break; sleep 0.1; done
base=$(sed 's#.*on ##; s#/$##' "$work/addr")
# The searches as request paths, one a line (the query and topics URL-encoded).
python3 - benches/search.rs >"$work/paths" <<'PY'
import re, sys, urllib.parse
text = open(sys.argv[1], encoding="utf-8").read()
block = text[text.index("const SEARCHES"):]
block = block[:block.index("];")]
for q, topics in re.findall(r'\(\s*"((?:[^"\\]|\\.)*)",\s*&\[([^\]]*)\]\s*\)', block):
    q = q.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
    t = ",".join(re.findall(r'"([^"]+)"', topics))
    print("/api/search?" + urllib.parse.urlencode({k: v for k, v in (("q", q), ("topic", t)) if v}))
PY
test "$(wc -l <"$work/paths")" -eq 50
cat >"$work/paths.lua" <<LUA
local paths, i = {}, 0
for line in io.lines("$work/paths") do paths[#paths + 1] = line end
request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
delay = function() return tonumber(os.getenv("DELAY_MS") or "0") end
LUA
echo "== 1. about 100 requests/s for 60 s, re-indexing a changed file at 30 s"
(sleep 30
 # A changed file: one of the corpus's rewritten with a new paragraph up front (text appended
 # at the end of a scraped page falls in its download banner, which indexing drops).
 changed=$(find "$work/corpus" -type f -name '*.txt' | head -1)
 { printf '基准测试期间新增的一段，含独有词汇甲乙丙丁。\n\n'; cat "$changed"; } >"$work/changed" && mv "$work/changed" "$changed"
 "$zhengce" index --quiet --index "$work/index" "$work/corpus"
 echo "(re-indexed and committed at $(date +%T))") &
reindex=$!
DELAY_MS=40 wrk -t 2 -c 4 -d 60s --latency -s "$work/paths.lua" "$base"
wait "$reindex"
echo "== 2. 32 connections, as fast as they go, 30 s"
DELAY_MS=0 wrk -t 2 -c 32 -d 30s --latency -s "$work/paths.lua" "$base"
echo "== the server answers from the new commit"
curl -fsS "$base/api/search?q=%E7%94%B2%E4%B9%99%E4%B8%99%E4%B8%81" | python3 -c 'import json,sys; t=json.load(sys.stdin)["total"]; print("passages with the new words:", t); sys.exit(t < 1)'
