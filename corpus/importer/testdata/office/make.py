#!/usr/bin/env python3
"""Make the Word and PDF fixtures from the hand transcriptions.

Each role file under ../want is written out as a plain HTML job
description (headings, numbered duties, a person-specification table with
one row per area and a column per level holding bulleted lists), which
LibreOffice turns into a .docx; the .docx is then printed to .pdf:

    cd corpus/importer/testdata/office && python3 make.py

needs: apt-get install -y libreoffice-writer-nogui (soffice)

plain/ holds two development roles typed as a Word user types them (bold
lines for headings, typed numbers, paragraphs in table cells):

    PLAIN=1 python3 make.py plain ../../../../testdata/dev/roles/warehouse-shift-supervisor.md \
        ../../../../testdata/dev/roles/council-data-analyst.md
"""
import html, os, re, subprocess, sys

ROLES = {
    # role file: (output name, level column heads)
    "occupational-therapist.md": ("occupational-therapist", "Element", "Essential", "Desirable"),
    "senior-backend-engineer.md": ("senior-backend-engineer", "Area", "Must have", "Nice to have"),
}

def parse(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    role = {"title": "", "sections": []}
    sec = None
    for block in re.split(r"\n\s*\n", text):
        for line in block.strip().split("\n"):
            line = line.strip()
            if not line:
                continue
            if line.startswith("# "):
                role["title"] = line[2:]
            elif line.startswith("## "):
                sec = {"name": line[3:], "paras": [], "duties": [], "areas": []}
                role["sections"].append(sec)
            elif line.startswith("### "):
                sec["areas"].append({"name": line[4:], "essential": [], "desirable": []})
            elif line.startswith("- "):
                level, crit = line[2:].split(":", 1)
                sec["areas"][-1][level.split()[0].lower()].append(crit.strip())
            elif re.match(r"^\d+\. ", line):
                n, duty = line.split(". ", 1)
                sec["duties"].append((int(n), duty))
            else:
                sec["paras"].append(line)
    return role

PLAIN = os.environ.get("PLAIN") == "1"  # bold paragraphs for headings, typed numbers, paragraphs in cells

def to_html(role, area_head, ess, des):
    e = html.escape
    if PLAIN:
        return to_plain_html(role, area_head, ess + " criteria", des + " criteria")
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title></head><body>" % e(role["title"])]
    out.append("<h1>Job description: %s</h1>" % e(role["title"]))
    for sec in role["sections"]:
        name = sec["name"]
        if name == "Introduction":
            out += ["<p>%s</p>" % e(p) for p in sec["paras"]]
            out.append("<p><b>Job title:</b> %s</p>" % e(role["title"]))
            continue
        out.append("<h2>%s</h2>" % e(name))
        out += ["<p>%s</p>" % e(p) for p in sec["paras"]]
        if sec["duties"]:
            out.append("<ol start='%d'>" % sec["duties"][0][0])
            out += ["<li>%s</li>" % e(d) for _, d in sec["duties"]]
            out.append("</ol>")
        if sec["areas"]:
            out.append("<table border='1' width='640' cellpadding='4'><col width='128'><col width='256'><col width='256'>"
                       "<tr><th>%s</th><th>%s</th><th>%s</th></tr>" % (e(area_head), e(ess), e(des)))
            for a in sec["areas"]:
                cells = ["<ul>%s</ul>" % "".join("<li>%s</li>" % e(c) for c in a[l]) if a[l] else "" for l in ("essential", "desirable")]
                out.append("<tr valign='top'><td>%s</td><td>%s</td><td>%s</td></tr>" % (e(a["name"]), cells[0], cells[1]))
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)

def to_plain_html(role, area_head, ess, des):
    """The same job description as a Word user types it: no heading styles
    or list numbering, only bold lines, typed numbers and paragraphs."""
    e = html.escape
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"]
    out.append("<p><b>JOB DESCRIPTION</b></p><p>Job title: %s</p>" % e(role["title"]))
    for sec in role["sections"]:
        if sec["name"] not in ("Introduction", "About this job description"):
            out.append("<p><b>%s</b></p>" % e(sec["name"]))
        out += ["<p>%s</p>" % e(p) for p in sec["paras"]]
        out += ["<p>%d. %s</p>" % (n, e(d)) for n, d in sec["duties"]]
        if sec["areas"]:
            out.append("<table border='1' width='640'><tr><td><b>%s</b></td><td><b>%s</b></td><td><b>%s</b></td></tr>" % (e(area_head), e(ess), e(des)))
            for a in sec["areas"]:
                cells = ["".join("<p>%s</p>" % e(c) for c in a[l]) for l in ("essential", "desirable")]
                out.append("<tr valign='top'><td><b>%s</b></td><td>%s</td><td>%s</td></tr>" % (e(a["name"]), cells[0], cells[1]))
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    roles = {os.path.join(here, "..", "want", src): v for src, v in ROLES.items()}
    if len(sys.argv) > 2:
        # make.py OUTDIR ROLE.md...: any role files, for trying the importer
        here = os.path.abspath(sys.argv[1])
        roles = {p: (os.path.basename(p)[:-3], "Area", "Essential", "Desirable") for p in sys.argv[2:]}
    for src, (name, area_head, ess, des) in roles.items():
        role = parse(src)
        page = os.path.join(here, name + ".html")
        with open(page, "w", encoding="utf-8") as f:
            f.write(to_html(role, area_head, ess, des))
        subprocess.run(["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", here, page], check=True)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", here, os.path.join(here, name + ".docx")], check=True)
        os.remove(page)

if __name__ == "__main__":
    sys.exit(main())
