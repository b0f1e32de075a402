#!/usr/bin/env python3
"""Check the non-health dev question files against the role files.

Usage (from anywhere): python3 testdata/dev/check_nonhealth.py

For every question in questions/<role>.jsonl (the three non-health roles) and
questions/routing.jsonl it checks:
- the JSON is valid, kind is known, fields fit the kind;
- every expect of a top1/list question occurs (case- and space-insensitively,
  as the scorer compares) in an item of the role file: a job scope or
  supervision paragraph, a duty, a criterion, or a recruiter fact (closing
  dates are also matched as the bot prints them, '19 March 2027');
- a top1 question with a level matches a criterion bullet at that level;
- an expect that matches more than one item is reported as ambiguous (for
  list questions the scorer then may accept or reject the wrong item), and
  two expects of one list question may not match the same item;
- summary expects a word of the role title; none has no expect;
- routing questions that name no role are kind none.
Exits 1 when there is a problem, and prints counts per file and kind.
"""
import collections
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROLES = os.path.join(HERE, "roles")
QUESTIONS = os.path.join(HERE, "questions")
MINE = ["primary-teacher-ks2", "council-data-analyst", "warehouse-shift-supervisor"]
INTRO = {"introduction", "about this job description"}
SCOPE = {"job scope", "scope"}


def norm(s):
    return re.sub(r"\s+", " ", (s or "").replace("\u2019", "'")).strip().lower()


def unquote(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    if " #" in v:
        v = v.split(" #", 1)[0].strip()
    return v


def parse_role(path):
    """Return (id, title, items); items are dicts kind/section/level/number/text."""
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    facts, i = {}, 0
    if lines and lines[0].strip() == "---":
        i = 1
        while lines[i].strip() != "---":
            m = re.match(r"^([a-z_]+):\s*(.*)$", lines[i])
            if m and not lines[i].startswith(" "):
                facts[m.group(1)] = unquote(m.group(2))
            i += 1
        i += 1
    role_id = facts.get("id") or os.path.basename(path)[:-3]
    title = facts.get("title", "")
    items = []
    for k in ("salary", "location", "hours", "contract", "closing_date", "apply", "contact"):
        v = facts.get(k, "")
        if not v:
            continue
        texts = [v]
        if k == "closing_date":
            d = datetime.date.fromisoformat(v)
            texts.append(f"{d.day} {d.strftime('%B %Y')}")
        for t in texts:
            items.append({"kind": "fact", "section": k, "level": None, "number": None, "text": t})
    section, area, cur = None, None, None

    def flush():
        nonlocal cur
        if cur is not None:
            cur["text"] = re.sub(r"\s+", " ", cur["text"]).strip()
            items.append(cur)
        cur = None

    for line in lines[i:]:
        s = line.strip()
        if s.startswith("#"):
            flush()
            m = re.match(r"^(#+)\s*(.*)$", s)
            depth, name = len(m.group(1)), m.group(2).strip()
            if depth == 1:
                title = title or name
            elif depth == 2:
                section, area = name, None
            else:
                area = name
            continue
        if not s:
            flush()
            continue
        sec = (section or "").lower()
        if sec == "person specification":
            m = re.match(r"^[-*]\s+(essential|desirable):\s*(.*)$", s, re.I)
            if m:
                flush()
                cur = {"kind": "criterion", "section": area, "level": m.group(1).lower(),
                       "number": None, "text": m.group(2)}
            elif cur is not None:
                cur["text"] += " " + s
            continue
        if sec in INTRO or section is None:
            continue
        if sec in SCOPE or sec == "supervision":
            if cur is None:
                cur = {"kind": "scope" if sec in SCOPE else "supervision", "section": section,
                       "level": None, "number": None, "text": s}
            else:
                cur["text"] += " " + s
            continue
        m = re.match(r"^(\d+)[.)]\s+(.*)$", s)
        if m:
            flush()
            cur = {"kind": "duty", "section": section, "level": None,
                   "number": int(m.group(1)), "text": m.group(2)}
        elif cur is not None:
            cur["text"] += " " + s
    flush()
    return role_id, title, items


def load_roles():
    roles = {}
    for name in sorted(os.listdir(ROLES)):
        if name.endswith(".md") and name != "README.md":
            rid, title, items = parse_role(os.path.join(ROLES, name))
            roles[rid] = (title, items)
    return roles


def describe(it):
    if it["kind"] == "duty":
        return f"duty {it['number']}"
    if it["kind"] == "criterion":
        return f"{it['section']} {it['level']}"
    return it["kind"] + ("" if it["kind"] != "fact" else f" {it['section']}")


def check_file(path, roles, routing, default_role, problems, counts):
    seen = set()
    fname = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = f"{fname}:{n}"
            if not line.strip():
                problems.append(f"{where}: blank line")
                continue
            try:
                q = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"{where}: bad JSON: {e}")
                continue
            kind, expect, level = q.get("kind"), q.get("expect"), q.get("level")
            counts[fname][kind] += 1
            text = q.get("q", "")
            if not text.strip():
                problems.append(f"{where}: empty q")
            if norm(text) in seen:
                problems.append(f"{where}: duplicate question")
            seen.add(norm(text))
            extra = set(q) - {"q", "kind", "expect", "level", "role"}
            if extra:
                problems.append(f"{where}: unknown fields {sorted(extra)}")
            if kind not in ("top1", "list", "summary", "none"):
                problems.append(f"{where}: unknown kind {kind!r}")
                continue
            rid = q.get("role") if routing else default_role
            if routing and "role" not in q:
                if kind != "none":
                    problems.append(f"{where}: routing question names no role but is {kind}")
                continue
            if rid not in roles:
                problems.append(f"{where}: unknown role {rid!r}")
                continue
            title, items = roles[rid]
            if kind == "none":
                if expect or level:
                    problems.append(f"{where}: none must have no expect/level")
                continue
            if not isinstance(expect, list) or not expect or not all(isinstance(e, str) and e.strip() for e in expect):
                problems.append(f"{where}: expect must be a non-empty list of strings")
                continue
            if kind == "summary":
                if level or not any(norm(e) in norm(title).split() or norm(e) in norm(title) for e in expect):
                    problems.append(f"{where}: summary expect {expect} is not a word of the title {title!r}")
                continue
            if level not in (None, "essential", "desirable"):
                problems.append(f"{where}: bad level {level!r}")
            if kind == "list" and level:
                problems.append(f"{where}: list questions take no level")
            matched_items = []
            for e in expect:
                ms = [it for it in items if norm(e) in norm(it["text"])]
                # a closing date fact appears twice (raw and as printed): count once
                uniq = {(it["kind"], it["section"], it["number"], it["level"], it["text"] if it["kind"] != "fact" else "") for it in ms}
                if not ms:
                    problems.append(f"{where}: expect {e!r} not found in {rid}")
                    continue
                if len(uniq) > 1:
                    problems.append(f"{where}: expect {e!r} is ambiguous in {rid}: " + ", ".join(describe(it) for it in ms))
                if kind == "top1" and level:
                    if not any(it["kind"] == "criterion" and it["level"] == level for it in ms):
                        problems.append(f"{where}: expect {e!r} is not a {level} criterion ({', '.join(describe(it) for it in ms)})")
                matched_items.append(uniq)
            if kind == "list":
                flat = [x for u in matched_items for x in u]
                if len(flat) != len(set(flat)):
                    problems.append(f"{where}: two expects match the same item")


def main():
    roles = load_roles()
    missing = [r for r in MINE if r not in roles]
    problems, counts = [], collections.defaultdict(collections.Counter)
    for r in missing:
        problems.append(f"role file for {r} not found in {ROLES}")
    for r in MINE:
        if r in roles:
            check_file(os.path.join(QUESTIONS, r + ".jsonl"), roles, False, r, problems, counts)
    check_file(os.path.join(QUESTIONS, "routing.jsonl"), roles, True, None, problems, counts)
    for r in MINE:
        if r in roles:
            title, items = roles[r]
            c = collections.Counter(it["kind"] for it in items)
            print(f"{r}: {title!r}: {c['scope']} scope, {c['duty']} duties, "
                  f"{c['supervision']} supervision, {c['criterion']} criteria, facts: "
                  + ", ".join(sorted({it['section'] for it in items if it['kind'] == 'fact'})))
    for fname, c in counts.items():
        total = sum(c.values())
        print(f"{fname}: {total} questions: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items()))
              + f" (none {100 * c['none'] // max(total, 1)}%)")
    for p in problems:
        print("PROBLEM", p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
