package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun: counts add up over a lemma's senses, the bar is inclusive, and
// phrases, numbers and names are left out.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "cntlist.rev")
	lines := "day%1:28:00:: 1 60\nday%1:28:01:: 2 50\nreport%1:10:00:: 1 100\nzebra%1:05:00:: 1 3\nlong_term%5:00:00:: 1 500\n1%1:23:00:: 1 500\nParis%1:15:00:: 1 500\n"
	if err := os.WriteFile(src, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "everyday.txt")
	if err := run(src, out, 100); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			words = append(words, l)
		}
	}
	if strings.Join(words, ",") != "day 110 100,report 100 100" {
		t.Errorf("got %q", words)
	}
	if !strings.Contains(string(b), "Princeton") {
		t.Error("the licence notice is missing")
	}
}
