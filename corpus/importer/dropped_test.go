package importer_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

var wordRe = regexp.MustCompile(`\pL{4,}`)

// structural words name parts of the document, which the role format
// names its own way: column heads, "Job description", "Job purpose".
var structural = map[string]bool{"element": true, "area": true, "criteria": true, "description": true, "purpose": true}

// Nothing is dropped silently: every word of each text fixture is in the
// role file written (its items, or its UNPLACED block) or in the report.
func TestNoWordDropped(t *testing.T) {
	for _, f := range []string{"testdata/text/occupational-therapist.txt", "testdata/text/senior-backend-engineer.txt",
		"testdata/text/library-assistant.txt"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := importFile(t, f)
		// The report shortens what it quotes; the notes in full count.
		out := strings.ToLower(string(res.Markdown))
		for _, n := range append(res.Report.Repairs, res.Report.Unplaced...) {
			out += " " + strings.ToLower(n.Msg+" "+n.Text)
		}
		text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(src), " ")
		seen := map[string]bool{}
		for _, w := range wordRe.FindAllString(text, -1) {
			w = strings.ToLower(w)
			if seen[w] {
				continue
			}
			seen[w] = true
			if !strings.Contains(out, w) && !structural[w] {
				t.Errorf("%s: %q is nowhere in the import", f, w)
			}
		}
	}
}
