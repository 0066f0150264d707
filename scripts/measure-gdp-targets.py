#!/usr/bin/env python3
"""Measures `ask --each` against tests/fixtures/gdp-targets-2024.tsv (issue 19).

Usage: scripts/measure-gdp-targets.py ANSWERS.jsonl
where ANSWERS.jsonl is the output of
  zhengce ask 地区生产总值增长的预期目标是多少？ --each --type 政府工作报告 --year 2024 --json
over an index of ../shared/corpus. Prints each row that is not exact and the counts: exact rows
(answer equal to the fixture's after folding ％ to % and 5.0 to 5, qualifier included), wrong
figures (an answer given that differs), and rows not answered.
"""
import json
import re
import sys
import unicodedata
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests/fixtures/gdp-targets-2024.tsv"


def fold(text):
    text = unicodedata.normalize("NFKC", text or "").replace(" ", "")
    text = re.sub(r"[－~～-]|——", "—", text)
    return re.sub(r"(\d)\.0+(?!\d)", r"\1", text)


def main():
    rows = {}
    for line in FIXTURE.read_text(encoding="utf-8").splitlines()[1:]:
        path, line_no, measure, answer, year, _ = line.split("\t")
        rows[path] = (answer, int(year), line_no)
    got = {}
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        places = [row["path"]] + [p.rsplit(":", 1)[0] for p in row.get("also_at", [])]
        for place in places:
            got[place] = row
    exact = wrong = unanswered = 0
    for path, (answer, year, line_no) in sorted(rows.items()):
        row = got.get(path)
        given = row and row["found"] and row.get("answer")
        if given and fold(given) == fold(answer) and row.get("year") == year:
            exact += 1
            continue
        if given:
            wrong += 1
            print(f"WRONG  {path}: {given} ({row.get('year')}, {row.get('citation')}); fixture {answer} (line {line_no})")
        else:
            unanswered += 1
            near = row and row.get("nearest")
            print(f"NONE   {path}: fixture {answer} (line {line_no}); nearest {near}; {row and row.get('refusal')}")
    extra = [p for p, r in got.items() if p not in rows and r["found"]]
    for path in extra:
        r = got[path]
        print(f"EXTRA  {path}: {r.get('answer')} for {r.get('year')} ({r.get('citation')})")
    print(f"{exact} of {len(rows)} rows exact; {wrong} wrong figures; {unanswered} not answered; {len(extra)} answers outside the fixture")


main()
