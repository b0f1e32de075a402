package importer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/corpus/importer"
)

// The worst case of run-together criteria: every area's criteria of the
// development roles run together with no bullets and no full stops, so
// only a capital after a lower-case word can part them. A measure, held
// at what the rules reach today, not a promise: 307 of 384 over the 17
// development roles (170 of 201 over the first 8; the roles written by
// others since part less well).
func TestLostFullStops(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/dev/roles/*.md")
	total, right := 0, 0
	for _, f := range files {
		want, _ := corpus.ParseFile(os.DirFS(filepath.Dir(f)), filepath.Base(f))
		var b strings.Builder
		b.WriteString("Job title: X\n\nPerson specification\n\nArea\tEssential\tDesirable\n")
		var wantC []string
		for _, a := range want.Areas() {
			b.WriteString(a)
			for _, l := range []corpus.Level{corpus.Essential, corpus.Desirable} {
				var its []string
				for _, c := range want.Criteria(a, l) {
					its = append(its, strings.TrimSuffix(c.Text, "."))
					wantC = append(wantC, strings.TrimSuffix(c.Text, "."))
				}
				b.WriteString("\t<ul style=\"list-style-type: none\"> " + strings.Join(its, " ") + " ")
			}
			b.WriteString("\n")
		}
		res, err := importer.Import("x.txt", []byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, c := range res.Role.Criteria("", "") {
			got[c.Text] = true
		}
		for _, w := range wantC {
			total++
			if got[w] {
				right++
			} else if os.Getenv("V") != "" {
				t.Logf("missed %q", w)
			}
		}
	}
	t.Logf("%d of %d criteria found with no bullets or full stops", right, total)
	// Measured on the 27 development roles on 2026-11-25: 451 of 581
	// (77.6 %); the seven roles added that day took it below the 78 %
	// the first twenty gave. The floor is that less a small margin.
	if total > 0 && right*100 < total*76 {
		t.Errorf("only %d of %d criteria found", right, total)
	}
}
