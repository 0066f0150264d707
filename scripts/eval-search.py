#!/usr/bin/env python3
"""Search quality on a question set (JSON Lines with question, path, evidence): for each
question, run `zhengce search --json` with the question as the query and report whether a hit
in the top 1 / 3 / 10 is from the expected document and contains an evidence string.

Usage: scripts/eval-search.py INDEX_DIR [QUESTIONS.jsonl]
(default questions: ../shared/eval/dev-qa.jsonl). A measurement aid, not a test."""
import json
import subprocess
import sys

index = sys.argv[1]
questions = sys.argv[2] if len(sys.argv) > 2 else "../shared/eval/dev-qa.jsonl"
binary = "target/release/zhengce"
found = {1: 0, 3: 0, 10: 0}
by_kind = {}
rows = [json.loads(line) for line in open(questions, encoding="utf-8")]
for row in rows:
    out = subprocess.run(
        [binary, "search", "--index", index, "--json", "--limit", "10", row["question"]],
        capture_output=True, text=True,
    )
    hits = [json.loads(line) for line in out.stdout.splitlines()]
    rank = next(
        (i + 1 for i, h in enumerate(hits)
         if h["path"].endswith(row["path"]) and any(e in h["text"] for e in row["evidence"])),
        None,
    )
    kind = by_kind.setdefault(row["kind"], [0, 0])
    kind[1] += 1
    if rank is not None and rank <= 10:
        kind[0] += 1
    for k in found:
        if rank is not None and rank <= k:
            found[k] += 1
    print(f"{row['id']:8} {row['kind']:8} rank {rank if rank else '-':>2}  {row['question']}")
n = len(rows)
print(f"evidence passage at rank 1: {found[1]}/{n}, top 3: {found[3]}/{n}, top 10: {found[10]}/{n}")
for kind, (hit, total) in sorted(by_kind.items()):
    print(f"  {kind}: top 10 {hit}/{total}")
