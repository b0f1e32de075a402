package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	seedTxt    = "corpus/importer/testdata/text/occupational-therapist.txt"
	backendTxt = "corpus/importer/testdata/text/senior-backend-engineer.txt"
	advertHTML = "corpus/importer/testdata/html/highways-technician.html"
)

// One file and no -o: the role file on stdout, the report on stderr.
func TestImportToStdout(t *testing.T) {
	out, stderr, code := runMain(t, "", "import", backendTxt)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "id: senior-backend-engineer") || !strings.Contains(out, "17. Contribute") {
		t.Errorf("stdout is not the role file:\n%s", out)
	}
	if !strings.Contains(stderr, "line 26: joined to the item before it") {
		t.Errorf("stderr lacks the report:\n%s", stderr)
	}
	if _, _, code := runMain(t, "", "import", backendTxt, seedTxt); code != 2 {
		t.Errorf("two files without -o: exit %d, want 2", code)
	}
}

// -o DIR writes <id>.md for each file, leaves an existing one alone without
// -force, and a file that cannot be imported fails the run but not the others.
func TestImportToFolder(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.docx")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	_, stderr, code := runMain(t, "", "import", "-o", dir, backendTxt, bad, advertHTML)
	if code != 1 || !strings.Contains(stderr, "not a Word document") {
		t.Errorf("exit %d, stderr %s", code, stderr)
	}
	for _, id := range []string{"senior-backend-engineer", "highways-maintenance-technician"} {
		if _, err := os.Stat(filepath.Join(dir, id+".md")); err != nil {
			t.Error(err)
		}
	}
	_, stderr, code = runMain(t, "", "import", "-o", dir, backendTxt)
	if code != 1 || !strings.Contains(stderr, "use -force") {
		t.Errorf("overwrite: exit %d, stderr %s", code, stderr)
	}
	if _, stderr, code = runMain(t, "", "import", "-o", dir, "-force", backendTxt); code != 0 {
		t.Errorf("-force: exit %d, stderr %s", code, stderr)
	}
	// The imported folder serves as a corpus.
	out, stderr, code := runMain(t, "", "--corpus", dir, "ask", "--role", "highways-maintenance-technician", "what is the closing date?")
	if code != 0 || !strings.Contains(out, "2027") {
		t.Errorf("ask from the imported folder: exit %d\n%s\n%s", code, out, stderr)
	}
}

// show --json: one object a file with the documented fields, items in
// document order; a role file and its job description give the same items.
func TestShowJSON(t *testing.T) {
	out, stderr, code := runMain(t, "", "show", "--json", "corpus/default/primary-care-occupational-therapist.md", seedTxt, advertHTML)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), out)
	}
	var roles []showRole
	for _, l := range lines {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(l), &raw); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"id", "title", "facts", "items"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("no %q in %s", k, l[:80])
			}
		}
		var r showRole
		json.Unmarshal([]byte(l), &r)
		roles = append(roles, r)
	}
	a, b := roles[0].Items, roles[1].Items
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("%d items from the role file, %d from the export", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("item %d: %+v vs %+v", i, a[i], b[i])
		}
	}
	if roles[2].Facts["closing_date"] != "2027-03-14" || roles[2].Facts["reference"] != "EVC-HW-0427" {
		t.Errorf("facts = %v", roles[2].Facts)
	}
	if a[len(a)-1].LevelLabel != "Desirable" {
		t.Errorf("level_label = %q", a[len(a)-1].LevelLabel)
	}
	out, _, code = runMain(t, "", "show", advertHTML)
	if code != 0 || !strings.Contains(out, "Contract supervision\n  4. Issue works orders") || !strings.Contains(out, "closing_date: 2027-03-14") {
		t.Errorf("readable show:\n%s", out)
	}
}

// An imported role answers in the employer's words for the level.
func TestAnswerUsesLevelLabel(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(backendTxt)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "backend.txt"), b, 0o644)
	out, stderr, code := runMain(t, "", "--corpus", dir, "ask", "what are the technical skills criteria?")
	if code != 0 || !strings.Contains(out, "Nice to have") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
}
