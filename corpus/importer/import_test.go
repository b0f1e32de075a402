package importer_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/corpus/importer"
)

// item is what the comparison with a hand transcription looks at.
type item struct {
	Kind    corpus.Kind
	Section string
	Number  int
	Area    string
	Level   corpus.Level
	Text    string
}

func items(r *corpus.Role) []item {
	var out []item
	for _, it := range r.Items {
		out = append(out, item{it.Kind, it.Section, it.Number, it.Area, it.Level, it.Text})
	}
	return out
}

func wantRole(t *testing.T, name string) *corpus.Role {
	t.Helper()
	r, err := corpus.ParseFile(os.DirFS("testdata/want"), name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func importFile(t *testing.T, path string) *importer.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.Import(path, data)
	if err != nil {
		t.Fatalf("Import(%s): %v", path, err)
	}
	return res
}

// sameItems compares an import with a hand transcription item by item.
func sameItems(t *testing.T, got, want *corpus.Role) {
	t.Helper()
	if got.ID != want.ID || got.Title != want.Title {
		t.Errorf("id, title = %q, %q; want %q, %q", got.ID, got.Title, want.ID, want.Title)
	}
	g, w := items(got), items(want)
	for i := 0; i < max(len(g), len(w)); i++ {
		switch {
		case i >= len(g):
			t.Errorf("item %d missing: %+v", i+1, w[i])
		case i >= len(w):
			t.Errorf("item %d extra: %+v", i+1, g[i])
		case g[i] != w[i]:
			t.Errorf("item %d\n got %+v\nwant %+v", i+1, g[i], w[i])
		}
	}
}

// The two text exports on the shared drive give exactly the items of
// their hand transcriptions: the built-in role and the eval role.
func TestTextExports(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"testdata/text/occupational-therapist.txt", "occupational-therapist.md"},
		{"testdata/text/senior-backend-engineer.txt", "senior-backend-engineer.md"},
	} {
		t.Run(filepath.Base(tt.in), func(t *testing.T) {
			res := importFile(t, tt.in)
			sameItems(t, res.Role, wantRole(t, tt.want))
			if len(res.Report.Unplaced) > 0 {
				t.Errorf("unplaced: %v", res.Report.Unplaced)
			}
		})
	}
}

// Another profession's messy export, with its hand transcription: items,
// facts, and the one lead-in line reported as unplaced.
func TestLibraryAssistant(t *testing.T) {
	res := importFile(t, "testdata/text/library-assistant.txt")
	want := wantRole(t, "library-assistant.md")
	sameItems(t, res.Role, want)
	if res.Role.Facts != want.Facts {
		t.Errorf("facts\n got %+v\nwant %+v", res.Role.Facts, want.Facts)
	}
	if len(res.Report.Unplaced) != 1 || res.Report.Unplaced[0].Text != "The post holder will:" {
		t.Errorf("unplaced: %v", res.Report.Unplaced)
	}
}

// The copies under testdata are the files on the shared drive, when it is
// there to compare with.
func TestSharedCopies(t *testing.T) {
	for copy, orig := range map[string]string{
		"testdata/text/occupational-therapist.txt":  "../../../shared/seed/job-description.txt",
		"testdata/text/senior-backend-engineer.txt": "../../../shared/eval/roles/raw/senior-backend-engineer.txt",
		"testdata/want/senior-backend-engineer.md":  "../../../shared/eval/roles/senior-backend-engineer.md",
		"testdata/want/occupational-therapist.md":   "../default/primary-care-occupational-therapist.md",
	} {
		o, err := os.ReadFile(orig)
		if err != nil {
			continue
		}
		c, err := os.ReadFile(copy)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(o, c) {
			t.Errorf("%s differs from %s; copy it again", copy, orig)
		}
	}
}

// The report names each repair with its source line.
func TestReportLines(t *testing.T) {
	res := importFile(t, "testdata/text/occupational-therapist.txt")
	s := res.Report.String()
	for _, want := range []string{"line 27: joined to the item before it", "line 60: criterion joined across a page break", "full stop was missing"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q:\n%s", want, s)
		}
	}
}

// An advert's web page: its details block gives the facts, its sub-headed
// duties their headings, its tick-column person specification the levels.
func TestHTMLAdvert(t *testing.T) {
	res := importFile(t, "testdata/html/highways-technician.html")
	want := wantRole(t, "highways-maintenance-technician.md")
	sameItems(t, res.Role, want)
	if res.Role.Facts != want.Facts {
		t.Errorf("facts\n got %+v\nwant %+v", res.Role.Facts, want.Facts)
	}
	if len(res.Report.Unplaced) > 0 {
		t.Errorf("unplaced: %v", res.Report.Unplaced)
	}
	// The sub-headings under "Main duties" are kept as duty_groups too.
	if g := res.Role.DutyGroups; len(g) != 3 || g[1].Name != "Contract supervision" || fmt.Sprint(g[1].Duties) != "[4 5 6]" {
		t.Errorf("duty groups %+v", g)
	}
}

// Two development roles typed without heading styles or list numbering
// (testdata/office/plain, made by make.py with PLAIN=1), as Word and PDF.
func TestPlainOfficeFixtures(t *testing.T) {
	for _, name := range []string{"warehouse-shift-supervisor", "council-data-analyst"} {
		want, err := corpus.ParseFile(os.DirFS("../../testdata/dev/roles"), name+".md")
		if err != nil {
			t.Fatal(err)
		}
		for _, ext := range []string{".docx", ".pdf"} {
			t.Run(name+ext, func(t *testing.T) {
				res := importFile(t, "testdata/office/plain/"+name+ext)
				res.Role.ID = want.ID // the id comes from the title
				sameItems(t, res.Role, want)
			})
		}
	}
}

// Word and PDF versions of both job descriptions, made by
// testdata/office/make.py with LibreOffice, give the same items as the
// hand transcriptions: numbered lists, heading styles and a person
// specification table with bulleted cells.
func TestOfficeFixtures(t *testing.T) {
	for _, ext := range []string{".docx", ".pdf"} {
		for _, name := range []string{"occupational-therapist", "senior-backend-engineer"} {
			t.Run(name+ext, func(t *testing.T) {
				res := importFile(t, "testdata/office/"+name+ext)
				sameItems(t, res.Role, wantRole(t, name+".md"))
				if len(res.Report.Unplaced) > 0 {
					t.Errorf("unplaced: %v", res.Report.Unplaced)
				}
			})
		}
	}
}
