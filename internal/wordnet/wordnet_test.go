package wordnet

import (
	"bytes"
	"compress/gzip"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func has(terms []Term, text string, rel Relation) bool {
	return slices.Contains(terms, Term{Text: text, Rel: rel})
}

func TestRelated(t *testing.T) {
	for _, c := range []struct {
		word, text string
		rel        Relation
	}{
		{"physician", "doctor", Synonym},
		{"physician", "medical practitioner", Hypernym},
		{"doctor", "physician", Synonym},
		{"physiotherapy", "physical therapy", Synonym},
		{"physiotherapy", "physiotherapist", Derived},
		{"physiotherapy", "therapy", Hypernym},
		{"rehabilitation", "rehabilitate", Derived},
		{"teaching", "teach", Derived},
		{"teacher", "educator", Hypernym},
		{"wheelchair", "chair", Hypernym},
		{"salary", "wage", Synonym},
		{"salary", "pay", Synonym},
		{"elderly", "aged", Synonym},
		{"elderly", "old", Similar},
		{"mentor", "teach", Hypernym},
		{"deploy", "deployment", Derived},
		{"database", "information", Hypernym},
		{"manager", "manage", Derived},
		{"quickly", "quick", Derived}, // adverb pertainym
		{"  Physician ", "doctor", Synonym},
		{"medical practitioner", "health professional", Hypernym},
		// Base forms by the detachment rules and by the exception lists.
		{"dogs", "dog", BaseForm},
		{"dogs", "canine", Hypernym}, // dog's own terms follow
		{"nurses", "nurse", BaseForm},
		{"deployed", "deploy", BaseForm},
		{"deployed", "deployment", Derived},
		{"managing", "manage", BaseForm},
		{"churches", "church", BaseForm},
		{"children", "child", BaseForm},
		{"children", "kid", Synonym},
		{"taught", "teach", BaseForm},
		{"taught", "instruct", Synonym},
		{"job descriptions", "job description", BaseForm},
	} {
		if got := Related(c.word); !has(got, c.text, c.rel) {
			t.Errorf("Related(%q) has no %s %q: %v", c.word, c.rel, c.text, got)
		}
	}
}

func TestDogsResolvesToDog(t *testing.T) {
	got := Related("dogs")
	if len(got) == 0 || got[0] != (Term{"dog", BaseForm}) {
		t.Fatalf("Related(dogs) = %v, want dog first", got)
	}
	if !slices.Equal(got[1:], Related("dog")) {
		t.Errorf("Related(dogs)[1:] = %v, want Related(dog) = %v", got[1:], Related("dog"))
	}
}

func TestOwnMeaningFirst(t *testing.T) {
	// "glasses" is a lemma (spectacles): its base form is given, but not
	// the base form's terms.
	got := Related("glasses")
	if !has(got, "spectacles", Synonym) || !has(got, "glass", BaseForm) || has(got, "drinking glass", Synonym) {
		t.Errorf("Related(glasses) = %v", got)
	}
}

func TestUnknown(t *testing.T) {
	// WordNet 3.0 has neither "rehab" nor the made-up words.
	for _, w := range []string{"", " ", "xyzzy", "rehab", "kubernetes", "a", "42", "dogs dogs dogs"} {
		if got := Related(w); got != nil {
			t.Errorf("Related(%q) = %v, want nil", w, got)
		}
	}
}

func TestNoSelfNoDuplicates(t *testing.T) {
	for _, w := range []string{"dog", "dogs", "best", "older", "teaching", "taught", "children", "run", "set"} {
		seen := map[string]bool{w: true}
		for _, term := range Related(w) {
			if seen[term.Text] {
				t.Errorf("Related(%q): %q twice or the word itself", w, term.Text)
			}
			seen[term.Text] = true
			if term.Text == "" || term.Text != strings.ToLower(term.Text) || strings.ContainsAny(term.Text, "_|\t\n") {
				t.Errorf("Related(%q): bad term %q", w, term.Text)
			}
			switch term.Rel {
			case Synonym, Derived, Hypernym, Similar, BaseForm:
			default:
				t.Errorf("Related(%q): %q has relation %v", w, term.Text, term.Rel)
			}
		}
	}
}

func TestTooGeneralHypernymsDropped(t *testing.T) {
	for _, w := range []string{"physician", "teacher", "nurse", "manager", "wheelchair", "salary", "database", "chair", "run", "teach"} {
		for _, term := range Related(w) {
			if term.Rel != Hypernym {
				continue
			}
			// Not "abstraction": teacher's second sense (a personified
			// abstraction that teaches) is a kind of "abstraction,
			// abstract", a concept well below the top-level abstraction.
			switch term.Text {
			case "entity", "physical entity", "abstract entity", "object", "whole", "act", "activity",
				"person", "organism", "causal agent", "attribute", "state", "event", "group",
				"relation", "communication", "psychological feature", "measure", "matter",
				"change", "cognition", "content", "location", "be", "have", "make", "do", "get":
				t.Errorf("Related(%q) has too general hypernym %q", w, term.Text)
			}
		}
	}
}

func TestCopy(t *testing.T) {
	a := Related("physician")
	want := slices.Clone(a)
	for i := range a {
		a[i] = Term{"changed", Synonym}
	}
	_ = append(a[:1], Term{"appended", Synonym})
	if got := Related("physician"); !slices.Equal(got, want) {
		t.Errorf("Related(physician) after the caller changed a result = %v, want %v", got, want)
	}
}

func TestDeterministicAndConcurrent(t *testing.T) {
	words := []string{"physician", "dogs", "teaching", "elderly", "best", "taught", "set"}
	want := map[string][]Term{}
	for _, w := range words {
		want[w] = Related(w)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, w := range words {
				if got := Related(w); !slices.Equal(got, want[w]) {
					t.Errorf("Related(%q) differs between calls", w)
				}
			}
		})
	}
	wg.Wait()
}

// TestTable checks the embedded table: licence header, format, order, and
// the cap on related terms.
func TestTable(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(related))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if !strings.HasPrefix(text, "# WordNet Release 3.0\n") || !strings.Contains(text, "\n# WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.\n") {
		t.Error("table does not start with the WordNet licence notice")
	}
	Load()
	if len(loaded.starts) < 100000 {
		t.Errorf("table has %d words, want over 100000", len(loaded.starts))
	}
	for i := range loaded.starts {
		line := loaded.text[loaded.starts[i]:]
		line = line[:strings.IndexByte(line, '\n')]
		f := strings.Split(line, "\t")
		if strings.Trim(f[1], "nvar") != "" {
			t.Fatalf("line %q: bad pos", line)
		}
		n := 0
		for e := range strings.SplitSeq(f[2], "|") {
			if len(e) < 3 || e[1] != ':' || !strings.Contains("sdhab", e[:1]) {
				t.Fatalf("line %q: bad entry %q", line, e)
			}
			if e[0] != 'b' {
				n++
			}
		}
		if n > 24 {
			t.Fatalf("line %q: %d related terms, want at most 24", line, n)
		}
	}
}

func TestParseErrors(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	for _, s := range []string{
		"b\tn\ts:x\na\tn\ts:y\n", // not sorted
		"a\tn\ts:x",              // no newline
		"a s:x\n",                // no tabs
	} {
		if _, err := parse(gz(s)); err == nil {
			t.Errorf("parse(%q): no error", s)
		}
	}
	if _, err := parse([]byte("not gzip")); err == nil {
		t.Error("parse(not gzip): no error")
	}
	tb, err := parse(gz("# comment\na\tn\ts:x\nb\t\tb:a\n"))
	if err != nil || len(tb.starts) != 2 {
		t.Errorf("parse: %v, %d lines", err, len(tb.starts))
	}
}

// TestLoadCost reports what loading costs; run with -v to see it.
func TestLoadCost(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	tb, err := parse(related)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("load: %v, heap %.1f MB, %d words, table %d bytes gzip'd, %d bytes text",
		took, float64(heap)/(1<<20), len(tb.starts), len(related), len(tb.text))
	runtime.KeepAlive(tb)
	if heap > 40<<20 {
		t.Errorf("load takes %d bytes of heap, want under 40 MB", heap)
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(related); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRelated(b *testing.B) {
	Load()
	words := []string{"physician", "dogs", "teaching", "wheelchair", "salary", "xyzzy", "job descriptions", "taught"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Related(words[i%len(words)])
		i++
	}
}

func TestEveryday(t *testing.T) {
	for _, w := range []string{"day", "days", "report", "work", "people"} {
		if !Everyday(w) {
			t.Errorf("%q should be everyday English", w)
		}
	}
	for _, w := range []string{"hcpc", "occupational", "dysphagia", "forklift", "registration"} {
		if Everyday(w) {
			t.Errorf("%q should not be everyday English", w)
		}
	}
}
