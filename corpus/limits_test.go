package corpus_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
)

// TestLimits: a role file too large or with too many items is refused with
// an error naming it, and the other files still load.
func TestLimits(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("default/primary-care-occupational-therapist.md")
	if err != nil {
		t.Fatal(err)
	}
	var many strings.Builder
	many.WriteString("# Many duties\n\n## Key duties and responsibilities\n\n")
	for i := 1; i <= corpus.MaxItems+1; i++ {
		fmt.Fprintf(&many, "%d. Do thing %d.\n", i, i)
	}
	big := "# Big\n\n## Job scope\n\n" + strings.Repeat("A paragraph pasted again and again.\n", corpus.MaxFileBytes/30)
	for name, text := range map[string]string{"good.md": string(good), "many.md": many.String(), "big.md": big} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := corpus.LoadDir(dir)
	if c == nil || len(c.Roles) != 1 {
		t.Fatalf("the good file should load alone: %v", err)
	}
	for file, msg := range map[string]string{"big.md": "larger than 2 MB", "many.md": "more than 1000 items"} {
		found := false
		for _, pe := range parseErrors(err) {
			if filepath.Base(pe.File) == file {
				found = true
				if !strings.Contains(pe.Error(), msg) {
					t.Errorf("%s: %v, want %q", file, pe, msg)
				}
			}
		}
		if !found {
			t.Errorf("no error names %s: %v", file, err)
		}
	}
	var pe *corpus.ParseError
	if !errors.As(err, &pe) {
		t.Errorf("want parse errors, got %v", err)
	}
}
