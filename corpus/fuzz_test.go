package corpus_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
)

// addFiles adds every file matching pattern to the fuzz seed corpus.
func addFiles(f *testing.F, pattern string) {
	f.Helper()
	names, err := filepath.Glob(pattern)
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
}

func FuzzParse(f *testing.F) {
	def, err := fs.ReadFile(corpus.Default(), "primary-care-occupational-therapist.md")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(def))
	addFiles(f, "testdata/bad/*")
	addFiles(f, "testdata/mixed/*.md")
	for _, s := range []string{
		"",
		"# T",
		"# T\n\n## Job scope\n\nS.\n",
		"# T\n## D\n1. a\n2) b\n  c\n",
		"# T\n## Person specification\n### A\n- Essential: x\n  y\n* desirable : z\n",
		"---\nid: x\ntitle: T\nclosing_date: 2026-01-31\nduty_groups: [{name: g, duties: [1]}]\n---\n## D\n1. a\n",
		"---\n---\n",
		"\ufeff# T\r\n## Scope\r\nS\r\n",
		fullRole,
	} {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, src string) {
		const name = "fuzz.md"
		r, err := corpus.Parse(name, strings.NewReader(src))
		lines := strings.Count(src, "\n") + 1
		if err != nil {
			if r != nil {
				t.Fatalf("Parse returned a role and an error %v", err)
			}
			var pe *corpus.ParseError
			if errors.As(err, &pe) {
				if pe.File != name {
					t.Fatalf("error names file %q, want %q", pe.File, name)
				}
				if pe.Line < 1 || pe.Line > lines+1 {
					t.Fatalf("error line %d outside the file's %d lines: %v", pe.Line, lines, err)
				}
				if pe.Msg == "" {
					t.Fatal("error with an empty message")
				}
			}
			return
		}
		if r == nil {
			t.Fatal("Parse returned neither a role nor an error")
		}
		if !corpus.ValidID(r.ID) {
			t.Fatalf("invalid role id %q", r.ID)
		}
		if strings.TrimSpace(r.Title) == "" {
			t.Fatalf("empty title %q", r.Title)
		}
		if len(r.Items) == 0 {
			t.Fatal("role with no items")
		}
		next := 1
		for _, it := range r.Items {
			if it.Text == "" || strings.TrimSpace(it.Text) != it.Text {
				t.Fatalf("item at line %d has text %q", it.Line, it.Text)
			}
			if it.Line < 1 || it.Line > lines {
				t.Fatalf("item line %d outside the file's %d lines", it.Line, lines)
			}
			switch it.Kind {
			case corpus.Duty:
				if it.Number != next {
					t.Fatalf("duty numbered %d, want %d", it.Number, next)
				}
				next++
			case corpus.Criterion:
				if it.Area == "" || (it.Level != corpus.Essential && it.Level != corpus.Desirable) {
					t.Fatalf("criterion with area %q level %q", it.Area, it.Level)
				}
			case corpus.Scope, corpus.Supervision:
			default:
				t.Fatalf("item of kind %q", it.Kind)
			}
		}
		for _, g := range r.DutyGroups {
			for _, d := range g.Duties {
				if _, ok := r.Duty(d); !ok {
					t.Fatalf("duty group %q names missing duty %d", g.Name, d)
				}
			}
		}
	})
}

func FuzzParseSynonyms(f *testing.F) {
	def, err := fs.ReadFile(corpus.Default(), corpus.SynonymsFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(def))
	addFiles(f, "testdata/mixed/synonyms.txt")
	for _, s := range []string{"", "a, b", "a,,b", "a", "# c\nA , B  C\n", "a, b # c, d\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		groups, err := corpus.ParseSynonyms("syn.txt", strings.NewReader(src))
		if err != nil {
			var pe *corpus.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *corpus.ParseError", err)
			}
			if lines := strings.Count(src, "\n") + 1; pe.Line < 1 || pe.Line > lines+1 {
				t.Fatalf("error line %d outside the file's %d lines", pe.Line, lines)
			}
		}
		for _, g := range groups {
			if len(g) < 2 {
				t.Fatalf("group %q has fewer than two terms", g)
			}
			for _, term := range g {
				if term == "" || term != strings.ToLower(term) || strings.TrimSpace(term) != term {
					t.Fatalf("bad term %q in group %q", term, g)
				}
			}
		}
	})
}
