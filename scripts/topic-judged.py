#!/usr/bin/env python3
"""Merges blind verdicts into the judged fixture and scores ranked lists against it.

  scripts/topic-judged.py merge FIXTURE DUMP_DIR VERDICTS   # VERDICTS: `N 1|0 why` per line,
                                                            # N the passage number in judge.txt
  scripts/topic-judged.py score FIXTURE DUMP_DIR [LABEL]    # on-topic count per list; records
                                                            # the lists under LABEL in FIXTURE

A passage is judged for a topic (a variant list such as `street-office+北京` is judged for its
topic) and matched by path, line and text. A measurement aid, not a test."""
import json
import re
import sys

RULE = ("On topic: the passage's main subject is the topic, or it states a concrete arrangement, "
        "power, duty, figure or problem of the topic. Off topic: a passing mention; a heading or "
        "title without content; a list item that does not say what it lists; purpose, scope, "
        "applicability and effective-date articles. Judged on the passage text, title and "
        "section path alone, scores and matched terms hidden, order shuffled.")


def topic_of(name):
    return re.split(r"[+]|--", name.removeprefix("docs:"))[0]


def load(path):
    try:
        return json.load(open(path, encoding="utf-8"))
    except FileNotFoundError:
        return {"rule": RULE, "judged_by": "", "topics": {}, "lists": {}}


def save(fixture, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=1)
        f.write("\n")


mode, fixture_path, dump = sys.argv[1:4]
fixture = load(fixture_path)
if mode == "merge":
    keys = json.load(open(f"{dump}/judge-keys.json", encoding="utf-8"))
    for line in open(sys.argv[4], encoding="utf-8"):
        if not line.strip():
            continue
        n, verdict, why = line.split(maxsplit=2)
        topic, path, ln, text = keys[int(n)]
        fixture["topics"].setdefault(topic, []).append(
            {"path": path, "line": ln, "text": text, "on_topic": verdict == "1",
             "why": why.strip()})
    save(fixture, fixture_path)
elif mode == "score":
    lists = json.load(open(f"{dump}/lists.json", encoding="utf-8"))
    verdicts = {(t, j["path"], j["line"], j["text"]): j["on_topic"]
                for t, js in fixture["topics"].items() for j in js}
    label = sys.argv[4] if len(sys.argv) > 4 else None
    total = on_total = 0
    for name, hits in lists.items():
        marks = [verdicts.get((topic_of(name), h["path"], h["line"], h["text"])) for h in hits]
        on = sum(1 for m in marks if m)
        unjudged = sum(1 for m in marks if m is None)
        total += len(marks)
        on_total += on
        first = {True: "on", False: "OFF", None: "?"}[marks[0]] if marks else "-"
        print(f"{name:32} {on:2}/{len(marks):2} rank1 {first:3}"
              + (f"  ({unjudged} unjudged)" if unjudged else ""))
        if label:
            fixture["lists"].setdefault(name, {})[label] = [[h["path"], h["line"]] for h in hits]
    print(f"{'all':32} {on_total}/{total}")
    if label:
        save(fixture, fixture_path)
