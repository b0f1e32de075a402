package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

// render writes the role file. What could not be placed goes in the front
// matter as comment lines, so the file still loads and nothing is lost.
func (d *doc) render(source string) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "# Imported from %s by recruitbot import. Check it against the source before use.\n", oneLine(source))
	if len(d.report.Unplaced) > 0 {
		b.WriteString("#\n# UNPLACED TEXT: the importer could not place the lines below.\n")
		b.WriteString("# Move each one to where it belongs (remove the '# '), or delete it.\n")
		for _, n := range d.report.Unplaced {
			fmt.Fprintf(&b, "# [%s, %s]\n", n.At, n.Msg)
			fmt.Fprintf(&b, "#   %s\n", oneLine(n.Text))
		}
		b.WriteString("# END OF UNPLACED TEXT\n#\n")
	}
	fmt.Fprintf(&b, "id: %s\n", slug(d.title))
	fmt.Fprintf(&b, "title: %s\n", yamlString(d.title))
	f := d.facts
	for _, kv := range []struct{ k, v string }{
		{"salary", f.Salary}, {"location", f.Location}, {"hours", f.Hours}, {"contract", f.Contract},
		{"apply", f.Apply}, {"contact", f.Contact}, {"reference", f.Reference},
	} {
		if kv.v != "" {
			fmt.Fprintf(&b, "%s: %s\n", kv.k, yamlString(kv.v))
		}
	}
	if !f.ClosingDate.IsZero() {
		fmt.Fprintf(&b, "closing_date: %s\n", f.ClosingDate.Format(time.DateOnly))
	}
	d.renderGroups(&b)
	b.WriteString("---\n\n")
	fmt.Fprintf(&b, "# %s\n", oneLine(d.title))
	para := func(ps []*string) {
		for _, p := range ps {
			fmt.Fprintf(&b, "\n%s\n", mdSafe(*p))
		}
	}
	if len(d.intro) > 0 {
		b.WriteString("\n## Introduction\n")
		para(d.intro)
	}
	if len(d.scope) > 0 {
		b.WriteString("\n## Job scope\n")
		para(d.scope)
	}
	n := 0
	for _, s := range d.duties {
		fmt.Fprintf(&b, "\n## %s\n\n", dutyHeading(s.name))
		for _, it := range s.items {
			n++
			fmt.Fprintf(&b, "%d. %s\n", n, oneLine(*it))
		}
	}
	if len(d.sup) > 0 {
		b.WriteString("\n## Supervision\n")
		para(d.sup)
	}
	if len(d.spec) > 0 {
		b.WriteString("\n## Person specification\n")
		for _, a := range d.spec {
			fmt.Fprintf(&b, "\n### %s\n\n", oneLine(strings.TrimLeft(a.name, "#")))
			for _, c := range a.crits {
				fmt.Fprintf(&b, "- %s: %s\n", levelWord(c.level, c.label), oneLine(c.text))
			}
		}
	}
	if len(d.faq) > 0 {
		b.WriteString("\n## FAQ\n\n")
		for _, e := range d.faq {
			fmt.Fprintf(&b, "- %s\n", oneLine(*e))
		}
	}
	return b.Bytes()
}

// renderGroups writes duty_groups when the source put sub-headings under
// a duties heading ("Main duties", then "Clinical", "Admin"): the role file
// files each duty under its sub-heading, and the groups keep the parent's
// name with them.
func (d *doc) renderGroups(b *bytes.Buffer) {
	parent := ""
	for _, s := range d.duties {
		if s.parent != "" {
			parent = s.parent
		}
	}
	if parent == "" {
		return
	}
	fmt.Fprintf(b, "# The source has these sub-headings under %s.\nduty_groups:\n", yamlString(parent))
	n := 0
	for _, s := range d.duties {
		var nums []string
		for range s.items {
			n++
			nums = append(nums, fmt.Sprint(n))
		}
		fmt.Fprintf(b, "  - name: %s\n    duties: [%s]\n", yamlString(s.name), strings.Join(nums, ", "))
	}
}

// levelWord is "Essential", or "Essential (Must have)" to keep the
// employer's word for it.
func levelWord(l corpus.Level, label string) string {
	label = strings.NewReplacer("(", "", ")", "", ":", "").Replace(oneLine(label))
	if label == "" || strings.EqualFold(label, string(l)) || len(label) > 40 {
		return l.Title()
	}
	return fmt.Sprintf("%s (%s)", l.Title(), label)
}

// dutyHeading keeps a duties heading from being read as one of the
// sections the role format names.
func dutyHeading(name string) string {
	name = oneLine(strings.TrimLeft(name, "# "))
	if sectionOf(name) != secDuties && sectionOf(name) != secOther || name == "" {
		return name + " duties"
	}
	switch strings.ToLower(name) {
	case "introduction", "about this job description", "job scope", "scope", "supervision", "person specification":
		return name + " duties"
	}
	return name
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// mdSafe keeps a paragraph from starting like a heading.
func mdSafe(s string) string { return strings.TrimLeft(oneLine(s), "#") }

func yamlString(s string) string {
	b, _ := json.Marshal(oneLine(s)) // JSON strings are YAML double-quoted strings
	return string(b)
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug is the role id a title gives: "Senior backend engineer" ->
// "senior-backend-engineer".
func slug(title string) string {
	s := strings.ToLower(title)
	s = strings.NewReplacer("&", " and ", "'", "", "’", "").Replace(s)
	s = strings.Trim(nonSlug.ReplaceAllString(s, "-"), "-")
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	if s == "" {
		s = "imported-role"
	}
	return s
}
