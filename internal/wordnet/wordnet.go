// Package wordnet gives the bot semantic reach without a model download:
// for a word or phrase it returns related words (synonyms, derivationally
// related forms, one level of hypernyms, similar adjectives) so that a
// question about "physicians" can find a role that asks for a "doctor".
//
// The table is derived from Princeton WordNet 3.0 under its licence (see
// LICENSE-WordNet, which must travel with any copy of the table): WordNet
// 3.0 Copyright 2006 by Princeton University. All rights reserved. It is
// built by ./gen from the WordNet database files (Debian package
// wordnet-base) and embedded, so a build needs neither the package nor a
// network. See gen/main.go for what the table keeps and leaves out.
//
// The table is decompressed and indexed on first use (or by Load); that
// costs about 8 MB of heap and some tens of milliseconds, once.
package wordnet

//go:generate go run ./gen -src /usr/share/wordnet -out related.txt.gz
//go:generate go run ./everyday -src /usr/share/wordnet/cntlist.rev -out everyday.txt

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed related.txt.gz
var related []byte

// Relation says how a related term relates to the word asked about.
type Relation byte

// The relations; the values are the kind letters of the table.
const (
	// Synonym: the term shares a WordNet synset (a sense) with the word.
	Synonym Relation = 's'
	// Derived: a derivationally related form ("teach" for "teacher"), or
	// the noun or adjective an adjective or adverb pertains to.
	Derived Relation = 'd'
	// Hypernym: the term names a broader concept, one level up from one of
	// the word's noun or verb senses ("chair" for "wheelchair").
	Hypernym Relation = 'h'
	// Similar: an adjective similar in meaning ("old" for "elderly").
	Similar Relation = 'a'
	// BaseForm: the word is an inflection of the term ("dog" for "dogs",
	// "child" for "children", "teach" for "taught"). The base form's own
	// related terms follow it.
	BaseForm Relation = 'b'
)

// String returns the relation's name.
func (r Relation) String() string {
	switch r {
	case Synonym:
		return "synonym"
	case Derived:
		return "derived"
	case Hypernym:
		return "hypernym"
	case Similar:
		return "similar"
	case BaseForm:
		return "base form"
	}
	return fmt.Sprintf("Relation(%q)", byte(r))
}

// Term is one related term: a lower-case WordNet lemma, with spaces between
// the words of a multi-word lemma ("medical practitioner").
type Term struct {
	Text string
	Rel  Relation
}

// table is the loaded table: the text of its lines and, in line order
// (sorted by word), where each line starts and where its word ends.
type table struct {
	text   string
	starts []uint32
	tabs   []uint32
}

var (
	once   sync.Once
	loaded *table
)

// Load decompresses and indexes the table now, so that the first call of
// Related does not pay for it. It is safe to call more than once and from
// many goroutines; Related calls it itself.
func Load() {
	once.Do(func() {
		t, err := parse(related)
		if err != nil {
			// The table is embedded at build time and checked by the tests.
			panic("wordnet: embedded table: " + err.Error())
		}
		loaded = t
	})
}

// parse reads a gzip'd table as written by ./gen.
func parse(gz []byte) (*table, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.Grow(8 << 20)
	if _, err := io.Copy(&b, zr); err != nil {
		return nil, err
	}
	if err := zr.Close(); err != nil {
		return nil, err
	}
	t := &table{text: b.String()}
	if len(t.text) >= 1<<32 {
		return nil, fmt.Errorf("table too big")
	}
	n := strings.Count(t.text, "\n")
	t.starts = make([]uint32, 0, n)
	t.tabs = make([]uint32, 0, n)
	prev := ""
	for i := 0; i < len(t.text); {
		end := strings.IndexByte(t.text[i:], '\n')
		if end < 0 {
			return nil, fmt.Errorf("last line has no newline")
		}
		end += i
		line := t.text[i:end]
		if !strings.HasPrefix(line, "#") {
			tab := strings.IndexByte(line, '\t')
			if tab <= 0 || strings.Count(line, "\t") != 2 {
				return nil, fmt.Errorf("line %q: want word<TAB>pos<TAB>terms", line)
			}
			if w := line[:tab]; w <= prev {
				return nil, fmt.Errorf("line %q: not sorted after %q", line, prev)
			} else {
				prev = w
			}
			t.starts = append(t.starts, uint32(i))
			t.tabs = append(t.tabs, uint32(i+tab))
		}
		i = end + 1
	}
	return t, nil
}

// line returns the pos and terms fields of word's line, and whether there
// is one.
func (t *table) line(word string) (pos, terms string, ok bool) {
	i := sort.Search(len(t.starts), func(i int) bool {
		return t.text[t.starts[i]:t.tabs[i]] >= word
	})
	if i == len(t.starts) || t.text[t.starts[i]:t.tabs[i]] != word {
		return "", "", false
	}
	rest := t.text[t.tabs[i]+1:]
	rest = rest[:strings.IndexByte(rest, '\n')]
	tab := strings.IndexByte(rest, '\t')
	return rest[:tab], rest[tab+1:], true
}

// hasPos reports whether word is a lemma of part of speech p (n, v, a, r).
func (t *table) hasPos(word string, p byte) bool {
	pos, _, ok := t.line(word)
	return ok && strings.IndexByte(pos, p) >= 0
}

// WordNet's detachment rules (morphy): suffix and replacement.
var rules = []struct {
	pos       byte
	suf, repl string
}{
	{'n', "s", ""}, {'n', "ses", "s"}, {'n', "xes", "x"}, {'n', "zes", "z"},
	{'n', "ches", "ch"}, {'n', "shes", "sh"}, {'n', "men", "man"}, {'n', "ies", "y"},
	{'v', "s", ""}, {'v', "ies", "y"}, {'v', "es", "e"}, {'v', "es", ""},
	{'v', "ed", "e"}, {'v', "ed", ""}, {'v', "ing", "e"}, {'v', "ing", ""},
	{'a', "er", ""}, {'a', "est", ""}, {'a', "er", "e"}, {'a', "est", "e"},
}

// bases are the base forms of a word: those WordNet's exception lists give
// ("meant": "mean"), then those of its detachment rules that are lemmas
// ("kids": "kid").
func bases(word string) []string {
	Load()
	t := loaded
	var out []string
	if _, terms, ok := t.line(word); ok {
		for _, e := range strings.Split(terms, "|") {
			if len(e) > 2 && e[1] == ':' && Relation(e[0]) == BaseForm {
				out = append(out, e[2:])
			}
		}
	}
	nounRules := !strings.HasSuffix(word, "ss") && len(word) > 2
	for _, r := range rules {
		if r.pos == 'n' && !nounRules {
			continue
		}
		if len(word) > len(r.suf) && strings.HasSuffix(word, r.suf) {
			if b := word[:len(word)-len(r.suf)] + r.repl; t.hasPos(b, r.pos) {
				out = append(out, b)
			}
		}
	}
	return out
}

// Related returns the terms related to a word or phrase, or nil if WordNet
// does not know it. The word is trimmed and lower-cased; the words of a
// phrase are separated by single spaces ("medical practitioner").
//
// It gives the word's own related terms first, if WordNet has it as a
// lemma, then each of its base forms (WordNet's morphology: the irregular
// forms of its exception lists, then the detachment rules, such as "-ies"
// to "-y", for nouns, verbs and adjectives) as a BaseForm term. When the
// word has no related terms of its own ("dogs", "taught"), each base form
// is followed by the base form's related terms; a word that is a lemma in
// its own right keeps to its own meaning ("glasses" gives "spectacles" and
// the base form "glass", but not "drinking glass"). A term appears once, at
// its first place; the word itself is not among them. Within a word the
// terms go sense by sense, the most frequent sense first, across its parts
// of speech.
//
// The result is deterministic and is the caller's to keep or change. It is
// safe to call Related from many goroutines.
func Related(word string) []Term {
	Load()
	t := loaded
	word = strings.ToLower(strings.TrimSpace(word))
	if word == "" {
		return nil
	}
	var out []Term
	seen := map[string]bool{word: true}
	// add adds the related terms of a table line; its base forms are
	// bases' to find.
	add := func(terms string) {
		for len(terms) > 0 {
			e := terms
			if i := strings.IndexByte(terms, '|'); i >= 0 {
				e, terms = terms[:i], terms[i+1:]
			} else {
				terms = ""
			}
			if len(e) < 3 || e[1] != ':' {
				continue
			}
			rel, text := Relation(e[0]), e[2:]
			if rel == BaseForm {
				continue
			}
			if !seen[text] {
				seen[text] = true
				out = append(out, Term{Text: text, Rel: rel})
			}
		}
	}

	if _, terms, ok := t.line(word); ok {
		add(terms)
	}
	expand := len(out) == 0
	done := map[string]bool{word: true}
	for _, b := range bases(word) {
		if done[b] {
			continue
		}
		done[b] = true
		if !seen[b] {
			seen[b] = true
			out = append(out, Term{Text: b, Rel: BaseForm})
		}
		if _, terms, ok := t.line(b); ok && expand {
			add(terms)
		}
	}
	return out
}

//go:embed everyday.txt
var everydayText string

// counts are the words of everyday.txt: how often WordNet's sense-tagged
// corpus sees them, and the per cent of that as a noun.
var counts = func() map[string]freq {
	m := map[string]freq{}
	for _, l := range strings.Split(everydayText, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		fs := strings.Fields(l)
		if len(fs) != 3 {
			continue
		}
		n, err1 := strconv.Atoi(fs[1])
		noun, err2 := strconv.Atoi(fs[2])
		if err1 == nil && err2 == nil {
			m[fs[0]] = freq{n, noun}
		}
	}
	return m
}()

type freq struct{ n, noun int }

// EverydayCount is how often a word of everyday English is seen: at least
// this many tags in WordNet's counts.
const EverydayCount = 100

// Count is how often WordNet's sense-tagged corpus sees a word (lower
// case), over all its senses, or its base form ("kids": "kid", "meant":
// "mean"), and the share of that (0 to 1) in which it is a noun; 0, 0 for
// a word seen fewer than 10 times or never. It says how common a word is
// in English at large, and whether it names things or says something of
// them.
func Count(word string) (n int, noun float64) {
	f, ok := counts[word]
	if !ok {
		// Only a word not listed itself looks for its base forms.
		for _, b := range bases(word) {
			if f, ok = counts[b]; ok {
				break
			}
		}
	}
	return f.n, float64(f.noun) / 100
}

// Everyday reports whether a word (lower case, or another form of it) is
// one of everyday English: seen often in WordNet's sense-tagged corpus
// ("day", "report", "work"). An answer resting on such words alone rests on
// nothing in particular.
func Everyday(word string) bool {
	n, _ := Count(word)
	return n >= EverydayCount
}
