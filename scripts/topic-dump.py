#!/usr/bin/env python3
"""Dumps the top 10 of every bundled topic (and the variant lists of issue 15) over an index, for
blind judging: `lists.json` keeps the ranked lists (path, line, score, text); `judge.txt` shows
every distinct passage once, shuffled, with only its title, section path and text.

Usage: scripts/topic-dump.py BINARY INDEX_DIR OUT_DIR [FIXTURE]
With FIXTURE (tests/fixtures/topics-judged-full.json), judge.txt leaves out passages already
judged there for the same topic (same path, line and text). A measurement aid, not a test."""
import json
import re
import random
import subprocess
import sys

binary, index, out_dir = sys.argv[1:4]
fixture = json.load(open(sys.argv[4], encoding="utf-8")) if len(sys.argv) > 4 else {}

topics = [l.split()[0] for l in subprocess.run(
    [binary, "topics", "--index", index], capture_output=True, text=True).stdout.splitlines()[2:]
    if l.strip()]
lists = {t: ["--topic", t] for t in topics}
lists["street-office+北京"] = ["--topic", "street-office", "北京"]
lists["staffing--region=浙江"] = ["--topic", "staffing", "--region", "浙江"]
lists["approval-powers--year=2019"] = ["--topic", "approval-powers", "--year", "2019"]
lists["docs:staffing"] = ["--docs", "--topic", "staffing"]

import os
os.makedirs(out_dir, exist_ok=True)
ranked = {}
for name, args in lists.items():
    out = subprocess.run([binary, "search", "--index", index, "--json", "--limit", "10", *args],
                         capture_output=True, text=True)
    hits = [json.loads(l) for l in out.stdout.splitlines()]
    ranked[name] = [{"path": h["path"], "line": h["line"], "title": h["title"],
                     "section": " › ".join(h["section"]), "text": h["text"],
                     "score": h["score"]} for h in hits]
json.dump(ranked, open(f"{out_dir}/lists.json", "w"), ensure_ascii=False, indent=1)

def topic_of(name):
    """The topic a list is judged against (`street-office+北京` → `street-office`)."""
    return re.split(r"[+]|--", name.removeprefix("docs:"))[0]

judged = {(topic_of(t), j["path"], j["line"], j["text"]) for t, v in fixture.get("topics", {}).items() for j in v}
seen = {}
for name, hits in ranked.items():
    for h in hits:
        key = (topic_of(name), h["path"], h["line"], h["text"])
        if key not in judged:
            seen.setdefault(key, dict(h, topic=topic_of(name)))
items = list(seen.values())
random.Random(15).shuffle(items)
with open(f"{out_dir}/judge.txt", "w") as f:
    for i, h in enumerate(items):
        f.write(f"## {i} [{h['topic']}]\n{h['title']} | {h['section']}\n{h['text']}\n\n")
json.dump([[h["topic"], h["path"], h["line"], h["text"]] for h in items],
          open(f"{out_dir}/judge-keys.json", "w"), ensure_ascii=False)
print(f"{len(ranked)} lists, {len(items)} passages to judge")
