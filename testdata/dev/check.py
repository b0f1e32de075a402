#!/usr/bin/env python3
"""Check the dev question files against their role files.

For every questions/<role-id>.jsonl, reads roles/<role-id>.md (or the role a
line names with "role": id) and checks that
each expect substring of a top1/list question occurs (case- and
whitespace-insensitively) in a quotable item of the role (job scope or
supervision paragraph, duty, criterion) or in a recruiter fact value, and that
a top1 question with a level points at criteria of that level.
Run: python3 testdata/dev/check.py [FOLDER]   (exit status 1 on any error)
FOLDER is a set laid out the same way (roles/, questions/), e.g.
testdata/holdout; the default is this script's own folder.
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else HERE
FACT_KEYS = ["salary", "location", "hours", "contract", "closing_date", "apply", "contact"]
KINDS = {"top1", "list", "summary", "none"}


def norm(s):
    return re.sub(r"\s+", " ", s).strip().lower()


def parse_role(path):
    text = open(path, encoding="utf-8-sig").read().replace("\r\n", "\n")
    lines = text.split("\n")
    facts, title = {}, ""
    if lines and lines[0].strip() == "---":
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        for ln in lines[1:end]:
            m = re.match(r"^([a-z_]+):\s*(.*)$", ln)
            if not m:
                continue
            k, v = m.group(1), m.group(2).strip()
            if v.startswith('"') and v.endswith('"'):
                v = v[1:-1]
            if k == "title":
                title = v
            if k in FACT_KEYS and v:
                facts[k] = v
        lines = lines[end + 1:]
    if "closing_date" in facts:
        d = datetime.date.fromisoformat(facts["closing_date"])
        facts["closing_date"] += " | " + f"{d.day} {d.strftime('%B %Y')}"
    items = []  # dicts: kind, text, level
    section, cur = None, None

    def flush():
        nonlocal cur
        if cur is not None:
            cur["text"] = norm(cur["text"])
            items.append(cur)
        cur = None

    for ln in lines:
        s = ln.strip()
        if s.startswith("#"):
            flush()
            m = re.match(r"^(#+)\s*(.*)$", s)
            depth, name = len(m.group(1)), m.group(2).strip().lower()
            if depth == 1:
                title = title or m.group(2).strip()
                section = "intro"
            elif depth == 2:
                if name in ("introduction", "about this job description"):
                    section = "intro"
                elif name in ("job scope", "scope"):
                    section = "scope"
                elif name == "supervision":
                    section = "supervision"
                elif name == "person specification":
                    section = "spec"
                else:
                    section = "duties"
            continue
        if not s:
            if section in ("scope", "supervision", "intro"):
                flush()
            continue
        if section == "intro":
            continue
        if section == "duties":
            m = re.match(r"^(\d+)[.)]\s+(.*)$", s)
            if m:
                flush()
                cur = {"kind": "duty " + m.group(1), "text": m.group(2), "level": None}
            elif cur is not None:
                cur["text"] += " " + s
        elif section == "spec":
            m = re.match(r"^[-*]\s+(essential|desirable):\s*(.*)$", s, re.I)
            if m:
                flush()
                cur = {"kind": "criterion", "text": m.group(2), "level": m.group(1).lower()}
            elif cur is not None:
                cur["text"] += " " + s
        elif section in ("scope", "supervision"):
            if cur is None:
                cur = {"kind": section, "text": s, "level": None}
            else:
                cur["text"] += " " + s
    flush()
    return title, facts, items


def main():
    errors, warnings = [], []
    eval_qs = set()
    shared = os.path.join(HERE, "..", "..", "..", "shared", "eval")
    for root, _, files in os.walk(shared):
        for f in files:
            if f.endswith(".jsonl"):
                for ln in open(os.path.join(root, f), encoding="utf-8"):
                    if ln.strip():
                        eval_qs.add(norm(json.loads(ln)["q"]))
    qdir = os.path.join(SET, "questions")
    seen = {}
    roles = {}  # id -> parse_role result, or None when there is no file
    for fname in sorted(os.listdir(qdir)):
        if not fname.endswith(".jsonl"):
            continue
        file_role = fname[:-6]
        counts = {}
        for n, ln in enumerate(open(os.path.join(qdir, fname), encoding="utf-8"), 1):
            if not ln.strip():
                continue
            where = f"{fname}:{n}"
            try:
                d = json.loads(ln)
            except ValueError as e:
                errors.append(f"{where}: bad JSON: {e}")
                continue
            q, kind, expect, level = d.get("q", ""), d.get("kind"), d.get("expect", []), d.get("level")
            # A line may name its role ("role": id), as in a routing file;
            # otherwise the file name is the role id.
            role = d.get("role", file_role)
            if role not in roles:
                rpath = os.path.join(SET, "roles", role + ".md")
                roles[role] = parse_role(rpath) if os.path.exists(rpath) else None
            if roles[role] is None:
                # A none question with no role (e.g. "which role?" in a
                # routing file) needs no role file.
                if "role" in d or kind != "none":
                    errors.append(f"{where}: no role file roles/{role}.md")
                    continue
                title, facts, items = "", {}, []
            else:
                title, facts, items = roles[role]
            counts[kind] = counts.get(kind, 0) + 1
            if kind not in KINDS:
                errors.append(f"{where}: unknown kind {kind!r}")
                continue
            if not q.strip():
                errors.append(f"{where}: empty question")
            if norm(q) in eval_qs:
                errors.append(f"{where}: question copied from shared/eval: {q!r}")
            if (role, norm(q)) in seen:
                errors.append(f"{where}: duplicate of {seen[(role, norm(q))]}")
            seen[(role, norm(q))] = where
            if kind == "none":
                if expect or level:
                    errors.append(f"{where}: none question with expect/level")
                continue
            if not expect:
                errors.append(f"{where}: no expect")
                continue
            if kind == "summary":
                for w in expect:
                    if norm(w) not in norm(title):
                        errors.append(f"{where}: summary word {w!r} not in title {title!r}")
                continue
            if level and (kind != "top1" or level not in ("essential", "desirable")):
                errors.append(f"{where}: bad level {level!r} for kind {kind}")
            matched_items = []
            for e in expect:
                ne = norm(e)
                hits = [it for it in items if ne in it["text"]]
                fact_hits = [k for k, v in facts.items() if ne in norm(v)]
                if not hits and not fact_hits:
                    errors.append(f"{where}: expect {e!r} not found in {role}")
                    continue
                if len(hits) + len(fact_hits) > 1:
                    msg = f"{where}: expect {e!r} matches {len(hits) + len(fact_hits)} items"
                    (errors if kind == "list" else warnings).append(msg)
                if level:
                    if fact_hits or any(it["level"] != level for it in hits):
                        errors.append(f"{where}: expect {e!r} is not (only) a {level} criterion")
                matched_items.extend(id(it) for it in hits)
            if kind == "list" and len(set(matched_items)) != len(matched_items):
                errors.append(f"{where}: two expects of a list match the same item")
        print(f"{fname}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + f", total {sum(counts.values())}")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
