// Command gen builds the related-terms table of package wordnet from the
// Princeton WordNet 3.0 database files (data.*, index.*, *.exc), as
// installed by the Debian package wordnet-base under /usr/share/wordnet.
//
// Usage:
//
//	go run ./gen -src /usr/share/wordnet -out related.txt.gz
//
// The output is a gzip'd UTF-8 text file. It starts with comment lines
// ("# ...") that carry the WordNet licence notice, then has one line per
// word, sorted bytewise:
//
//	word<TAB>pos<TAB>kind:term|kind:term...
//
// word is a lower-case WordNet lemma (multi-word lemmas have spaces, not
// underscores) or an irregular inflection from the *.exc lists. pos is the
// set of parts of speech the word is a lemma of, in the order "nvar" (noun,
// verb, adjective, adverb); it is empty for a word that is only an
// inflection. kind is one of
//
//	b  base form: the word is an irregular inflection of term (*.exc lists)
//	s  synonym: term shares a synset with the word
//	d  derived: a derivationally related form (pointer "+"), or the
//	   adjective or noun an adjective or adverb pertains to (pointer "\")
//	h  hypernym: term names a synset one level above one of the word's
//	   noun or verb senses (pointers "@" and "@i")
//	a  similar: an adjective similar to the word (pointer "&")
//
// Base forms come first and are not capped; the related terms follow,
// sense by sense (the most frequent first, round robin over the parts of
// speech), and are capped by -max. Left out, to keep the table small and
// useful:
//
//   - senses beyond the first few of each part of speech (-nsenses,
//     -vsenses, -asenses, -rsenses);
//   - lemmas of a hypernym or similar synset beyond the first -hwords;
//   - hypernyms too general to help: see Options.general (-list-general
//     prints them), and light verbs such as "be" and "make" as verb
//     hypernyms (lightVerbs);
//   - rare plant and animal names (see DB.rareBio; -rare-bio keeps them);
//   - numbers and single letters (see keep).
//
// The output depends only on the input files and the flags: the same input
// gives a byte-identical file (the gzip header carries no name or time).
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Licence is the WordNet 3.0 licence notice; it heads the generated table.
const Licence = `WordNet Release 3.0

This software and database is being provided to you, the LICENSEE, by
Princeton University under the following license.  By obtaining, using
and/or copying this software and database, you agree that you have
read, understood, and will comply with these terms and conditions.:

Permission to use, copy, modify and distribute this software and
database and its documentation for any purpose and without fee or
royalty is hereby granted, provided that you agree to comply with
the following copyright notice and statements, including the disclaimer,
and that the same appear on ALL copies of the software, database and
documentation, including modifications that you make for internal
use or for distribution.

WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.

THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
OTHER RIGHTS.

The name of Princeton University or Princeton may not be used in
advertising or publicity pertaining to distribution of the software
and/or database.  Title to copyright in this software, database and
any associated documentation shall at all times remain with
Princeton University and LICENSEE agrees to preserve same.`

// Options are the knobs of the table; the flags set them.
type Options struct {
	NounSenses, VerbSenses, AdjSenses, AdvSenses int
	// Max caps the related terms (not base forms) of one word.
	Max int
	// HyperWords caps the lemmas taken from one hypernym or similar synset.
	HyperWords int
	// General is the share of a part of speech's synsets above which a
	// hypernym counts as too general to help (see general).
	General float64
	// MinDepth: hypernyms fewer than this many links below a root are too
	// general whatever their share.
	MinDepth int
	// KeepRareBio keeps the rare plant and animal names (see rareBio).
	KeepRareBio bool
}

// Defaults are the options the checked-in table is made with.
var Defaults = Options{
	NounSenses: 3, VerbSenses: 3, AdjSenses: 2, AdvSenses: 2,
	Max: 24, HyperWords: 3, General: 0.01, MinDepth: 2,
}

func main() {
	o := Defaults
	src := flag.String("src", "/usr/share/wordnet", "WordNet 3.0 dict directory (data.*, index.*, *.exc)")
	out := flag.String("out", "related.txt.gz", "output file")
	flag.IntVar(&o.NounSenses, "nsenses", o.NounSenses, "senses used per noun")
	flag.IntVar(&o.VerbSenses, "vsenses", o.VerbSenses, "senses used per verb")
	flag.IntVar(&o.AdjSenses, "asenses", o.AdjSenses, "senses used per adjective")
	flag.IntVar(&o.AdvSenses, "rsenses", o.AdvSenses, "senses used per adverb")
	flag.IntVar(&o.Max, "max", o.Max, "most related terms per word")
	flag.IntVar(&o.HyperWords, "hwords", o.HyperWords, "most lemmas taken from one hypernym or similar synset")
	flag.Float64Var(&o.General, "general", o.General, "drop hypernyms with more than this share of their part of speech's synsets below them")
	flag.IntVar(&o.MinDepth, "mindepth", o.MinDepth, "drop noun hypernyms fewer than this many links below a root")
	flag.BoolVar(&o.KeepRareBio, "rare-bio", o.KeepRareBio, "keep the plant and animal names not tagged in the semantic concordance")
	list := flag.Bool("list-general", false, "list the hypernyms judged too general on standard output and stop")
	flag.Parse()
	if *list {
		db, err := Load(*src)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		db.ListGeneral(os.Stdout, o)
		return
	}
	if err := run(*src, *out, o); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out string, o Options) error {
	db, err := Load(src)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := db.Write(&buf, o); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// poses are the parts of speech in table order; files names their files.
var (
	poses = []byte{'n', 'v', 'a', 'r'}
	files = map[byte]string{'n': "noun", 'v': "verb", 'a': "adj", 'r': "adv"}
)

type ptr struct {
	sym      string
	off      uint32
	pos      byte // n, v, a or r (satellite s is folded into a)
	src, dst int  // 1-based word numbers; 0 for a semantic pointer
}

type synset struct {
	words []string // lower case, spaces for underscores, markers cut
	lex   int      // lexicographer file number
	ptrs  []ptr
	depth int // links below a root (nouns and verbs)
	below int // distinct synsets below it (nouns and verbs)
}

type key struct {
	pos byte
	off uint32
}

type entry struct {
	senses  []uint32 // synset offsets, most frequent first
	tagged  int      // senses tagged in the semantic concordance
	present bool
}

// DB is the parsed WordNet database.
type DB struct {
	synsets map[key]*synset
	index   map[byte]map[string]*entry // pos → lemma → entry
	exc     map[byte]map[string][]string
	count   map[byte]int // synsets per part of speech
}

// Load reads the WordNet database in dir.
func Load(dir string) (*DB, error) {
	db := &DB{
		synsets: map[key]*synset{},
		index:   map[byte]map[string]*entry{},
		exc:     map[byte]map[string][]string{},
		count:   map[byte]int{},
	}
	for _, p := range poses {
		if err := db.readData(filepath.Join(dir, "data."+files[p]), p); err != nil {
			return nil, err
		}
		if err := db.readIndex(filepath.Join(dir, "index."+files[p]), p); err != nil {
			return nil, err
		}
		if err := db.readExc(filepath.Join(dir, files[p]+".exc"), p); err != nil {
			return nil, err
		}
	}
	db.measure('n')
	db.measure('v')
	return db, nil
}

func lines(path string, f func(line string) error) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "  ") { // licence header
			continue
		}
		if err := f(line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n+1, err)
		}
	}
	return nil
}

// lemma turns a WordNet word into table form: lower case, spaces for
// underscores, without an adjective's syntactic marker such as "(p)".
func lemma(w string) string {
	if i := strings.IndexByte(w, '('); i > 0 && strings.HasSuffix(w, ")") {
		w = w[:i]
	}
	return strings.ToLower(strings.ReplaceAll(w, "_", " "))
}

func normPos(c byte) byte {
	if c == 's' {
		return 'a'
	}
	return c
}

var errFormat = errors.New("bad format")

func (db *DB) readData(path string, pos byte) error {
	return lines(path, func(line string) error {
		if i := strings.Index(line, " | "); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) < 4 {
			return errFormat
		}
		off, err := strconv.ParseUint(f[0], 10, 32)
		if err != nil {
			return err
		}
		if normPos(f[2][0]) != pos {
			return fmt.Errorf("synset type %q in %s file", f[2], files[pos])
		}
		wn, err := strconv.ParseUint(f[3], 16, 8)
		if err != nil {
			return err
		}
		i := 4
		if len(f) < i+2*int(wn)+1 {
			return errFormat
		}
		lex, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		ss := &synset{lex: lex}
		for range wn {
			ss.words = append(ss.words, lemma(f[i]))
			i += 2
		}
		pn, err := strconv.Atoi(f[i])
		if err != nil {
			return err
		}
		i++
		if len(f) < i+4*pn {
			return errFormat
		}
		for range pn {
			o, err := strconv.ParseUint(f[i+1], 10, 32)
			if err != nil {
				return err
			}
			st := f[i+3]
			if len(st) != 4 {
				return errFormat
			}
			s, err1 := strconv.ParseUint(st[:2], 16, 8)
			d, err2 := strconv.ParseUint(st[2:], 16, 8)
			if err := errors.Join(err1, err2); err != nil {
				return err
			}
			ss.ptrs = append(ss.ptrs, ptr{sym: f[i], off: uint32(o), pos: normPos(f[i+2][0]), src: int(s), dst: int(d)})
			i += 4
		}
		db.synsets[key{pos, uint32(off)}] = ss
		db.count[pos]++
		return nil
	})
}

func (db *DB) readIndex(path string, pos byte) error {
	m := map[string]*entry{}
	db.index[pos] = m
	return lines(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) < 6 {
			return errFormat
		}
		sn, err1 := strconv.Atoi(f[2])
		pn, err2 := strconv.Atoi(f[3])
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		i := 4 + pn + 1 // skip pointer symbols and sense_cnt
		if len(f) != i+1+sn {
			return errFormat
		}
		tagged, err := strconv.Atoi(f[i])
		if err != nil {
			return err
		}
		e := &entry{tagged: tagged, present: true}
		for _, s := range f[i+1:] {
			o, err := strconv.ParseUint(s, 10, 32)
			if err != nil {
				return err
			}
			if db.synsets[key{pos, uint32(o)}] == nil {
				return fmt.Errorf("synset %s not in data.%s", s, files[pos])
			}
			e.senses = append(e.senses, uint32(o))
		}
		m[lemma(f[0])] = e
		return nil
	})
}

func (db *DB) readExc(path string, pos byte) error {
	m := map[string][]string{}
	db.exc[pos] = m
	return lines(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) < 2 {
			return errFormat
		}
		w := lemma(f[0])
		for _, b := range f[1:] {
			if b = lemma(b); b != w && !slices.Contains(m[w], b) {
				m[w] = append(m[w], b)
			}
		}
		return nil
	})
}

// measure sets depth and below for every synset of pos from the hypernym
// pointers "@" and "@i". depth is the length of the shortest path up to a
// root (a synset with no hypernym); below counts the distinct synsets that
// have the synset among their ancestors.
func (db *DB) measure(pos byte) {
	var offs []uint32
	for k := range db.synsets {
		if k.pos == pos {
			offs = append(offs, k.off)
		}
	}
	slices.Sort(offs)
	up := func(ss *synset) []*synset {
		var h []*synset
		for _, p := range ss.ptrs {
			if (p.sym == "@" || p.sym == "@i") && p.pos == pos {
				if t := db.synsets[key{pos, p.off}]; t != nil {
					h = append(h, t)
				}
			}
		}
		return h
	}
	depth := map[*synset]int{}
	var depthOf func(ss *synset, seen int) int
	depthOf = func(ss *synset, seen int) int {
		if d, ok := depth[ss]; ok {
			return d
		}
		d := 0
		if seen < 100 { // guard against a cycle in bad data
			for i, h := range up(ss) {
				if hd := depthOf(h, seen+1) + 1; i == 0 || hd < d {
					d = hd
				}
			}
		}
		depth[ss] = d
		return d
	}
	for _, o := range offs {
		ss := db.synsets[key{pos, o}]
		ss.depth = depthOf(ss, 0)
		// Count ss once under each of its distinct ancestors.
		seen := map[*synset]bool{}
		stack := up(ss)
		for len(stack) > 0 {
			a := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[a] {
				continue
			}
			seen[a] = true
			a.below++
			stack = append(stack, up(a)...)
		}
	}
}

// general reports whether hypernym h of part of speech pos is too general to
// help, by the rule: a hypernym is too general when it sits fewer than
// o.MinDepth links below a root of the noun hierarchy (the verb hierarchy
// is too shallow for a depth rule: most verbs are within two links of one
// of its 559 roots), or when more than o.General
// of all the synsets of its part of speech lie below it. The second half is
// intrinsic information content (Seco et al. 2004): a concept that covers a
// large share of the hierarchy says little about any one word below it;
// "person", "act", "change" and "make" fall to it at any depth.
func (o Options) general(db *DB, pos byte, h *synset) bool {
	return (pos == 'n' && h.depth < o.MinDepth) || float64(h.below) > o.General*float64(db.count[pos])
}

// lightVerbs are never given as verb hypernyms, whatever synset they are
// in: they say next to nothing about the verb below ("consume, ingest,
// take in, take, have" gives "consume", "ingest" and "take in").
var lightVerbs = map[string]bool{
	"be": true, "have": true, "do": true, "make": true, "get": true,
	"give": true, "take": true, "go": true, "put": true, "set": true,
	"come": true, "keep": true, "let": true,
}

// ListGeneral writes the noun and verb synsets that general judges too
// general, with their depth and the number of synsets below them.
func (db *DB) ListGeneral(w io.Writer, o Options) {
	hyper := map[key]bool{}
	for _, ss := range db.synsets {
		for _, p := range ss.ptrs {
			if p.sym == "@" || p.sym == "@i" {
				hyper[key{p.pos, p.off}] = true
			}
		}
	}
	var ks []key
	for k, ss := range db.synsets {
		if hyper[k] && (k.pos == 'n' || k.pos == 'v') && o.general(db, k.pos, ss) {
			ks = append(ks, k)
		}
	}
	slices.SortFunc(ks, func(a, b key) int {
		if a.pos != b.pos {
			return int(a.pos) - int(b.pos)
		}
		return db.synsets[b].below - db.synsets[a].below
	})
	for _, k := range ks {
		ss := db.synsets[k]
		fmt.Fprintf(w, "%c %08d depth %d below %d: %s\n", k.pos, k.off, ss.depth, ss.below, strings.Join(ss.words, ", "))
	}
}

// Lexicographer files of the organisms, whose names make up a quarter of the
// nouns.
const (
	lexNounAnimal = 5
	lexNounPlant  = 20
)

// rareBio reports whether w is a rare name of a plant or an animal: a noun
// only, whose every sense is in noun.animal or noun.plant, none of them
// tagged in the semantic concordance ("dog" and "rose" stay; "house snake",
// "canis familiaris" and "mediterranean flour moth" go). They are a fifth of
// the table and no help to the bot; without KeepRareBio they get no line
// and are given as no word's related term.
func (db *DB) rareBio(w string, o Options) bool {
	if o.KeepRareBio {
		return false
	}
	e := db.index['n'][w]
	if e == nil || e.tagged > 0 || db.index['v'][w] != nil || db.index['a'][w] != nil || db.index['r'][w] != nil {
		return false
	}
	for _, off := range e.senses {
		if lex := db.synsets[key{'n', off}].lex; lex != lexNounAnimal && lex != lexNounPlant {
			return false
		}
	}
	return true
}

// Rel is one related term of a word.
type Rel struct {
	Kind byte
	Term string
}

// keep reports whether w is worth a line or an entry: not a single letter,
// and with a letter in it (so no numbers such as "1000" or "3/4").
func keep(w string) bool {
	if len([]rune(w)) < 2 {
		return false
	}
	return strings.IndexFunc(w, unicode.IsLetter) >= 0
}

func (o Options) senses(pos byte) int {
	switch pos {
	case 'n':
		return o.NounSenses
	case 'v':
		return o.VerbSenses
	case 'a':
		return o.AdjSenses
	}
	return o.AdvSenses
}

// Related returns what the word's line holds: its parts of speech, its
// base forms and its related terms.
func (db *DB) Related(w string, o Options) (pos string, bases []string, rels []Rel) {
	// Parts of speech, most tagged senses first (ties in "nvar" order), so
	// that for "teach" the verb's senses come before the pirate's.
	var ps []byte
	for _, p := range poses {
		if e := db.index[p][w]; e != nil {
			ps = append(ps, p)
		}
	}
	pos = string(ps)
	slices.SortStableFunc(ps, func(a, b byte) int {
		return db.index[b][w].tagged - db.index[a][w].tagged
	})

	// Base forms: irregular inflections whose base is a lemma of the
	// same part of speech.
	for _, p := range poses {
		for _, b := range db.exc[p][w] {
			if db.index[p][b] != nil && keep(b) && !slices.Contains(bases, b) {
				bases = append(bases, b)
			}
		}
	}

	seen := map[string]bool{w: true}
	add := func(kind byte, t string) {
		if len(rels) < o.Max && !seen[t] && keep(t) && !db.rareBio(t, o) {
			seen[t] = true
			rels = append(rels, Rel{kind, t})
		}
	}
	// Round robin over the parts of speech, sense by sense.
	for rank := 0; ; rank++ {
		more := false
		for _, p := range ps {
			e := db.index[p][w]
			if rank >= len(e.senses) || rank >= o.senses(p) {
				continue
			}
			more = true
			ss := db.synsets[key{p, e.senses[rank]}]
			me := slices.Index(ss.words, w) + 1 // 1-based; 0 if absent
			for _, s := range ss.words {
				add('s', s)
			}
			for _, q := range ss.ptrs {
				lexical := q.src == 0 || q.src == me
				if (q.sym == "+" || (q.sym == `\` && p != 'n')) && lexical && q.dst > 0 {
					if t := db.synsets[key{q.pos, q.off}]; t != nil && q.dst <= len(t.words) {
						add('d', t.words[q.dst-1])
					}
				}
			}
			for _, q := range ss.ptrs {
				var kind byte
				switch {
				case (q.sym == "@" || q.sym == "@i") && (p == 'n' || p == 'v'):
					kind = 'h'
				case q.sym == "&" && p == 'a':
					kind = 'a'
				default:
					continue
				}
				t := db.synsets[key{q.pos, q.off}]
				if t == nil || (kind == 'h' && o.general(db, p, t)) {
					continue
				}
				n := 0
				for _, s := range t.words {
					if n < o.HyperWords && !(p == 'v' && lightVerbs[s]) {
						add(kind, s)
						n++
					}
				}
			}
		}
		if !more {
			break
		}
	}
	return pos, bases, rels
}

// Write writes the gzip'd table.
func (db *DB) Write(w *bytes.Buffer, o Options) error {
	words := map[string]bool{}
	for _, p := range poses {
		for l := range db.index[p] {
			words[l] = true
		}
		for l := range db.exc[p] {
			words[l] = true
		}
	}
	sorted := make([]string, 0, len(words))
	for l := range words {
		if keep(l) && !strings.ContainsAny(l, "\t|\n") && !strings.HasPrefix(l, "#") && !db.rareBio(l, o) {
			sorted = append(sorted, l)
		}
	}
	slices.Sort(sorted)

	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	for _, l := range strings.Split(Licence, "\n") {
		bw.WriteString(strings.TrimRight("# "+l, " ") + "\n")
	}
	fmt.Fprintf(bw, "#\n# Derived from WordNet 3.0 by internal/wordnet/gen: -nsenses %d -vsenses %d -asenses %d -rsenses %d -max %d -hwords %d -general %g -mindepth %d -rare-bio=%t\n",
		o.NounSenses, o.VerbSenses, o.AdjSenses, o.AdvSenses, o.Max, o.HyperWords, o.General, o.MinDepth, o.KeepRareBio)
	bw.WriteString("# Format: word<TAB>pos<TAB>kind:term|kind:term... (see gen/main.go)\n")
	for _, l := range sorted {
		pos, bases, rels := db.Related(l, o)
		if len(bases) == 0 && len(rels) == 0 {
			continue
		}
		bw.WriteString(l)
		bw.WriteByte('\t')
		bw.WriteString(pos)
		bw.WriteByte('\t')
		sep := false
		put := func(kind byte, t string) {
			if strings.ContainsAny(t, "\t|\n") {
				return
			}
			if sep {
				bw.WriteByte('|')
			}
			sep = true
			bw.WriteByte(kind)
			bw.WriteByte(':')
			bw.WriteString(t)
		}
		for _, b := range bases {
			put('b', b)
		}
		for _, r := range rels {
			put(r.Kind, r.Term)
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}
