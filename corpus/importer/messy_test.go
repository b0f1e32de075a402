package importer_test

import (
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/corpus/importer"
)

// messyExport writes a role the way the shared exports are written: "Job
// title." and "Job scope." labels, a person specification table of
// tab-separated cells holding HTML list fragments, bullets with and
// without "•", and page breaks that split a duty and a table row. The
// choices are random but fixed by the role's id.
func messyExport(r *corpus.Role, variant int) string {
	h := fnv.New64a()
	h.Write([]byte(r.ID))
	rnd := rand.New(rand.NewSource(int64(h.Sum64()) + int64(variant)))
	var b strings.Builder
	fmt.Fprintf(&b, "\n\nJob description for %s\n\n", strings.ToLower(r.Title))
	for _, p := range r.Intro {
		fmt.Fprintf(&b, "%s\n\n", p)
	}
	fmt.Fprintf(&b, "Job title. %s\n\n", r.Title)
	for i, it := range r.Of(corpus.Scope) {
		if i == 0 {
			fmt.Fprintf(&b, "Job scope. %s\n\n", it.Text)
		} else {
			fmt.Fprintf(&b, "%s\n\n", it.Text)
		}
	}
	split := 1 + rnd.Intn(len(r.Duties()))
	for _, g := range r.SectionGroups() {
		fmt.Fprintf(&b, "%s\n\n", g.Name)
		for _, n := range g.Duties {
			d, _ := r.Duty(n)
			text := d.Text
			if n == split {
				// A page break inside the duty, before a lower-case word or,
				// in odd variants, any word.
				w := strings.Fields(text)
				for i := len(w) / 2; i < len(w); i++ {
					if w[i] == strings.ToLower(w[i]) || variant%2 == 1 {
						text = strings.Join(w[:i], " ") + "\n\n" + strings.Join(w[i:], " ") + "\n"
						break
					}
				}
			}
			fmt.Fprintf(&b, "%d. %s\n", n, text)
		}
		b.WriteString("\n")
	}
	if sup := r.Of(corpus.Supervision); len(sup) > 0 {
		b.WriteString("Supervision\n\n")
		for _, it := range sup {
			fmt.Fprintf(&b, "%s\n\n", it.Text)
		}
	}
	b.WriteString("Person Specification\n\nElement\tEssential\tDesirable\n")
	for ai, area := range r.Areas() {
		cells := [2][]string{}
		for i, l := range []corpus.Level{corpus.Essential, corpus.Desirable} {
			for _, c := range r.Criteria(area, l) {
				cells[i] = append(cells[i], c.Text)
			}
		}
		cell := func(items []string) string {
			if len(items) == 0 {
				return ""
			}
			// Items joined with neither bullets nor tags keep their
			// bounds only in their full stops: each must end with one and
			// hold no other ("... Probation Studies. Learners due to
			// complete PQiP may apply." would read as two items to
			// anyone).
			stopped := true
			for _, it := range items {
				stopped = stopped && strings.HasSuffix(it, ".") && !strings.Contains(strings.TrimSuffix(it, "."), ". ")
			}
			switch {
			case stopped && rnd.Intn(2) == 0:
				return `<ul style="list-style-type: none"> ` + strings.Join(items, " ") + " "
			case rnd.Intn(2) == 0:
				return "<ul> <li>" + strings.Join(items, "</li><li>") + "</li></ul>"
			}
			return `<ul style="list-style-type: none"> • ` + strings.Join(items, " • ") + " "
		}
		name := area
		if ai%2 == 1 {
			name = "<p>" + area + "</p>"
		}
		if ai == 1 && len(cells[0]) > 1 {
			// The row continues after a page break in an unlabelled row.
			fmt.Fprintf(&b, "%s\t%s\t%s\n\n", name, cell(cells[0][:1]), cell(cells[1]))
			fmt.Fprintf(&b, "\t%s\t\n", cell(cells[0][1:]))
			continue
		}
		if ai == 2 && len(cells[1]) > 1 {
			// A criterion cut by the page break, its end in a paragraph of
			// the unlabelled row that continues the table.
			last := len(cells[1]) - 1
			w := strings.Fields(cells[1][last])
			cut := -1
			for i := len(w) / 2; i < len(w) && i > 0; i++ {
				if w[i] == strings.ToLower(w[i]) || glueWord(w[i-1]) {
					cut = i
					break
				}
			}
			if cut > 0 {
				head := append(append([]string{}, cells[1][:last]...), strings.Join(w[:cut], " "))
				fmt.Fprintf(&b, "%s\t%s\t%s\n\n", name, cell(cells[0]), `<ul style="list-style-type: none"> • `+strings.Join(head, " • ")+" ")
				fmt.Fprintf(&b, "\t\t<p>%s</p>\n", strings.Join(w[cut:], " "))
				continue
			}
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\n", name, cell(cells[0]), cell(cells[1]))
	}
	return b.String()
}

func glueWord(w string) bool {
	switch strings.ToLower(w) {
	case "the", "of", "and", "or", "to", "in", "with", "for", "a", "an":
		return true
	}
	return false
}

// The development roles, exported the messy way, import back to their
// items: a stand-in for the held-out job descriptions of other professions.
func TestMessyExportsOfOtherRoles(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/dev/roles/*.md")
	if len(files) == 0 {
		t.Skip("no development roles")
	}
	total, right := 0, 0
	for _, f := range files {
		want, err := corpus.ParseFile(os.DirFS(filepath.Dir(f)), filepath.Base(f))
		if err != nil {
			t.Fatal(err)
		}
		for v := 0; v < 6; v++ {
			src := messyExport(want, v)
			res, err := importer.Import(want.ID+".txt", []byte(src))
			if err != nil {
				t.Errorf("%s: %v", want.ID, err)
				continue
			}
			g, w := items(res.Role), items(want)
			for i := range w {
				total++
				if i < len(g) && g[i] == w[i] {
					right++
				} else if i < len(g) {
					t.Errorf("%s/%d item %d\n got %+v\nwant %+v", want.ID, v, i+1, g[i], w[i])
				} else {
					t.Errorf("%s item %d missing: %+v", want.ID, i+1, w[i])
				}
			}
			if len(g) > len(w) {
				t.Errorf("%s: %d extra items, first %+v", want.ID, len(g)-len(w), g[len(w)])
			}
			if t.Failed() && os.Getenv("MESSY_DUMP") != "" {
				os.WriteFile(fmt.Sprintf("/tmp/messy-%s-%d.txt", want.ID, v), []byte(src), 0o644)
			}
		}
	}
	t.Logf("%d of %d items right", right, total)
}
