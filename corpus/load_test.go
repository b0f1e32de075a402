package corpus_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/recruitbot/recruitbot/corpus"
)

func roleIDs(c *corpus.Corpus) []string {
	var ids []string
	for _, r := range c.Roles {
		ids = append(ids, r.ID)
	}
	return ids
}

// wantErrors checks err holds exactly the parse errors listed, by file,
// line and a substring of the message.
type wantErr struct {
	file string
	line int
	msg  string
}

func checkErrors(t *testing.T, err error, want []wantErr) {
	t.Helper()
	got := parseErrors(err)
	if len(got) != len(want) {
		t.Errorf("got %d parse errors, want %d: %v", len(got), len(want), err)
	}
	for _, w := range want {
		found := false
		for _, pe := range got {
			if pe.File == w.file && pe.Line == w.line && strings.Contains(pe.Msg, w.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("no error %s:%d: ...%s...; got %v", w.file, w.line, w.msg, err)
		}
	}
}

const mixedDir = "testdata/mixed"

// TestLoadMixedFolder: one bad role file and one bad synonym line do not
// stop the good roles from loading.
func TestLoadMixedFolder(t *testing.T) {
	c, err := corpus.Load(os.DirFS(mixedDir))
	if c == nil {
		t.Fatalf("nil corpus; err = %v", err)
	}
	if err == nil {
		t.Fatal("no error for broken-role.md and synonyms.txt")
	}
	checkErrors(t, err, []wantErr{
		{"broken-role.md", 6, "duty 3 follows duty 1"},
		{"synonyms.txt", 3, "at least two terms"},
	})
	if strings.Contains(err.Error(), "README") {
		t.Errorf("README.md should be ignored, got %v", err)
	}

	if got, want := strings.Join(roleIDs(c), ","), "community-physiotherapist,practice-nurse"; got != want {
		t.Fatalf("roles = %s, want %s (in file name order)", got, want)
	}
	if _, ok := c.Role("broken-role"); ok {
		t.Error("the broken role was loaded")
	}

	physio, _ := c.Role("community-physiotherapist")
	if physio.Title != "Community physiotherapist" || physio.File != "community-physiotherapist.md" {
		t.Errorf("physio role: title %q file %q", physio.Title, physio.File)
	}
	if sc := physio.Of(corpus.Scope); len(sc) != 1 || sc[0].Text != "The post holder will assess and treat adults with musculoskeletal conditions in the community." {
		t.Errorf("physio scope = %+v", sc)
	}
	if len(physio.Duties()) != 2 || len(physio.Criteria("", "")) != 1 {
		t.Errorf("physio has %d duties and %d criteria, want 2 and 1", len(physio.Duties()), len(physio.Criteria("", "")))
	}

	nurse, _ := c.Role("practice-nurse")
	if nurse.Title != "Practice nurse" || nurse.Facts.Salary != "Band 6" || nurse.Facts.Location != "Leeds" {
		t.Errorf("nurse role: title %q facts %+v", nurse.Title, nurse.Facts)
	}
	if strings.Join(nurse.Aliases, ",") != "nurse,PN" {
		t.Errorf("nurse aliases = %q", nurse.Aliases)
	}

	// The synonym groups before the bad line still load.
	if len(c.Synonyms) == 0 || strings.Join(c.Synonyms[0], ",") != "physio,physiotherapist,physiotherapy" {
		t.Errorf("synonyms = %q, want the first group kept", c.Synonyms)
	}
}

func TestLoadDir(t *testing.T) {
	abs, err := filepath.Abs(mixedDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{mixedDir, abs} {
		t.Run(dir, func(t *testing.T) {
			c, err := corpus.LoadDir(dir)
			if c == nil {
				t.Fatalf("nil corpus; err = %v", err)
			}
			checkErrors(t, err, []wantErr{
				{filepath.Join(dir, "broken-role.md"), 6, "duty 3 follows duty 1"},
				{filepath.Join(dir, "synonyms.txt"), 3, "at least two terms"},
			})
			if err != nil {
				want := filepath.Join(dir, "broken-role.md") + ":6: "
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if len(c.Roles) != 2 {
				t.Fatalf("roles = %v, want 2", roleIDs(c))
			}
			for _, r := range c.Roles {
				if want := filepath.Join(dir, r.ID+".md"); r.File != want {
					t.Errorf("role %s File = %q, want %q", r.ID, r.File, want)
				}
			}
		})
	}
}

func TestLoadDirAllBad(t *testing.T) {
	c, err := corpus.LoadDir("testdata/bad")
	if c == nil {
		t.Fatalf("nil corpus; err = %v", err)
	}
	if len(c.Roles) != 0 {
		t.Errorf("loaded roles %v from testdata/bad", roleIDs(c))
	}
	entries, _ := os.ReadDir("testdata/bad")
	pes := parseErrors(err)
	if len(pes) != len(entries) {
		t.Errorf("%d parse errors for %d files: %v", len(pes), len(entries), err)
	}
	for _, pe := range pes {
		if !strings.HasPrefix(pe.File, "testdata/bad/") {
			t.Errorf("error file %q is not under testdata/bad/", pe.File)
		}
	}
}

func TestLoadDirNotAFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	tests := []struct {
		name, dir string
		msg       string
		notExist  bool
	}{
		{"missing", missing, missing, true},
		{"file", filepath.Join(mixedDir, "practice-nurse.md"), "not a folder", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := corpus.LoadDir(tt.dir)
			if err == nil {
				t.Fatalf("no error; corpus %v", roleIDs(c))
			}
			if c != nil {
				t.Errorf("got a corpus with the error")
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
			if tt.notExist && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %v is not fs.ErrNotExist", err)
			}
		})
	}
}

const miniRole = "# Mini role\n\n## Job scope\n\nThe post holder will do things.\n"

func TestLoadDuplicateID(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md": {Data: []byte("---\nid: same\n---\n\n# First\n\n## Job scope\n\nFirst scope.\n")},
		"b.md": {Data: []byte("---\nid: same\n---\n\n# Second\n\n## Job scope\n\nSecond scope.\n")},
		"c.md": {Data: []byte(miniRole)},
	}
	c, err := corpus.Load(fsys)
	if c == nil {
		t.Fatalf("nil corpus; err = %v", err)
	}
	pes := parseErrors(err)
	if len(pes) != 1 {
		t.Fatalf("got %v, want one error for b.md", err)
	}
	if pes[0].File != "b.md" || !strings.Contains(pes[0].Msg, `"same"`) || !strings.Contains(pes[0].Msg, "a.md") {
		t.Errorf("error = %v, want b.md naming the id and a.md", pes[0])
	}
	if got := strings.Join(roleIDs(c), ","); got != "same,c" {
		t.Errorf("roles = %s, want same,c", got)
	}
	if r, _ := c.Role("same"); r.Title != "First" {
		t.Errorf("role same is %q, want the first file's role kept", r.Title)
	}
}

func TestLoadIgnores(t *testing.T) {
	fsys := fstest.MapFS{
		"README.md":       {Data: []byte("Not a role file: no title.\n")},
		"readme.md":       {Data: []byte("Not a role file either.\n")},
		"notes.txt":       {Data: []byte("Not a role file.\n")},
		"drafts/draft.md": {Data: []byte("Not a role file.\n")},
		"mini-role.md":    {Data: []byte(miniRole)},
	}
	c, err := corpus.Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := strings.Join(roleIDs(c), ","); got != "mini-role" {
		t.Errorf("roles = %s, want mini-role", got)
	}
	if c.Synonyms != nil {
		t.Errorf("synonyms = %q with no synonyms.txt", c.Synonyms)
	}
}

func TestLoadSynonyms(t *testing.T) {
	fsys := fstest.MapFS{
		"mini-role.md": {Data: []byte(miniRole)},
		"synonyms.txt": {Data: []byte("# comment\nOT, Occupational Therapist\n")},
	}
	c, err := corpus.Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(c.Synonyms) != 1 || strings.Join(c.Synonyms[0], ",") != "ot,occupational therapist" {
		t.Errorf("synonyms = %q", c.Synonyms)
	}
}

// TestDefaultSynonyms: the built-in synonym list loads and is well formed.
func TestDefaultSynonyms(t *testing.T) {
	c, _ := loadDefault(t)
	for i, g := range c.Synonyms {
		if len(g) < 2 {
			t.Errorf("group %d %q has fewer than two terms", i, g)
		}
		for _, term := range g {
			if term == "" || term != strings.ToLower(term) || term != strings.Join(strings.Fields(term), " ") {
				t.Errorf("group %d has a badly formed term %q", i, term)
			}
		}
	}
}
