package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is a few synsets of the real database (with their hypernym
// chains and shortened glosses) and index lines for a few words.
const fixture = "../testdata/dict"

func generate(t *testing.T, o Options) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "related.txt.gz")
	if err := run(fixture, out, o); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

func TestDeterministic(t *testing.T) {
	for range 3 {
		a, b := generate(t, Defaults), generate(t, Defaults)
		if !bytes.Equal(a, b) {
			t.Fatal("two runs on the same input differ")
		}
	}
}

func TestTable(t *testing.T) {
	o := Defaults
	o.General = 1 // the fixture is too small for the share rule
	text := gunzip(t, generate(t, o))
	if !strings.HasPrefix(text, "# WordNet Release 3.0\n") || !strings.Contains(text, "# WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.\n") {
		t.Error("table does not start with the WordNet licence")
	}
	lines := map[string]string{}
	prev := ""
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 3 {
			t.Fatalf("line %q: want 3 fields", l)
		}
		if f[0] <= prev {
			t.Errorf("line %q: not sorted after %q", l, prev)
		}
		prev = f[0]
		lines[f[0]] = f[1] + "\t" + f[2]
	}
	for word, want := range map[string]string{
		"physician":  "n\ts:doctor|s:doc|s:md|s:dr.|s:medico|h:medical practitioner|h:medical man",
		"wheelchair": "n\th:chair",
		"taught":     "\tb:teach",
		"children":   "", // child has no index line in the fixture
		"elderly":    "a\ts:aged|s:older|s:senior|a:old",
		"quickly":    "r\ts:rapidly|s:speedily|s:chop-chop|s:apace|d:quick|s:promptly",
		"teach":      "v\ts:learn|s:instruct|d:teachable|d:teacher|d:teaching|h:inform|h:habituate|h:accustom",
	} {
		if got := lines[word]; got != want {
			t.Errorf("%s: got %q, want %q", word, got, want)
		}
	}
}

func TestGeneral(t *testing.T) {
	db, err := Load(fixture)
	if err != nil {
		t.Fatal(err)
	}
	// With a share of 0, every hypernym with anything below it is too
	// general.
	o := Defaults
	o.General = 0
	_, _, rels := db.Related("physician", o)
	for _, r := range rels {
		if r.Kind == 'h' {
			t.Errorf("physician: hypernym %q kept", r.Term)
		}
	}
	// The depth rule: "entity" and its children are too general at any
	// share.
	o.General = 1
	for k, ss := range db.synsets {
		if k.pos == 'n' && len(ss.words) > 0 && ss.words[0] == "entity" {
			if ss.depth != 0 || !o.general(db, 'n', ss) {
				t.Errorf("entity: depth %d, general %t", ss.depth, o.general(db, 'n', ss))
			}
		}
	}
}

func TestKeep(t *testing.T) {
	for w, want := range map[string]bool{"a": false, "1000": false, "3/4": false, "x-ray": true, "mp3": true, "ox": true} {
		if keep(w) != want {
			t.Errorf("keep(%q) = %t", w, !want)
		}
	}
}
