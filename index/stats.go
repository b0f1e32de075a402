package index

import (
	"math"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"weak"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

// The statistics searches compute beside Bleve (which stems an item holds,
// which stand side by side, its sentences, the role's document frequencies
// and words as written) are kept compactly, for a library of thousands of
// roles: every word is a number in one shared vocabulary, sets are sorted
// slices of those numbers, an item's statistics are computed once for every
// role that has the same text under the same heading, and a role's are
// computed when it is first searched, not when it is built or reopened.

// termID numbers a word or stem in the vocabulary.
type termID = uint32

// noTerm is the id of a word the vocabulary has never seen: no set holds it.
const noTerm termID = math.MaxUint32

// vocabulary numbers every stem and word the indexed items use. It only
// grows: words are few (a language's, not a corpus's), and role files are
// capped in size.
var vocabulary = struct {
	mu    sync.RWMutex
	ids   map[string]termID
	terms []string
	runes [][]rune // for spelling distances, of the words as written
}{ids: map[string]termID{}}

// intern returns s's id, adding s to the vocabulary when it is new.
func intern(s string) termID {
	v := &vocabulary
	v.mu.RLock()
	id, ok := v.ids[s]
	v.mu.RUnlock()
	if ok {
		return id
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if id, ok := v.ids[s]; ok {
		return id
	}
	s = strings.Clone(s) // not a slice of a larger text that would stay alive
	id = termID(len(v.terms))
	v.ids[s] = id
	v.terms = append(v.terms, s)
	v.runes = append(v.runes, []rune(s))
	return id
}

// lookup is s's id, noTerm when the vocabulary does not have it.
func lookup(s string) termID {
	vocabulary.mu.RLock()
	id, ok := vocabulary.ids[s]
	vocabulary.mu.RUnlock()
	if !ok {
		return noTerm
	}
	return id
}

// term is the text of id.
func term(id termID) string {
	vocabulary.mu.RLock()
	defer vocabulary.mu.RUnlock()
	return vocabulary.terms[id]
}

func termRunes(id termID) []rune {
	vocabulary.mu.RLock()
	defer vocabulary.mu.RUnlock()
	return vocabulary.runes[id]
}

// has reports whether the sorted set holds id.
func has(set []termID, id termID) bool {
	_, ok := slices.BinarySearch(set, id)
	return ok
}

// hasPair reports whether the sorted set of pairs holds a then b.
func hasPair(set []uint64, a, b termID) bool {
	_, ok := slices.BinarySearch(set, pair(a, b))
	return ok
}

func pair(a, b termID) uint64 { return uint64(a)<<32 | uint64(b) }

// sortedSet sorts ids and removes repeats, in place.
func sortedSet[T termID | uint64](ids []T) []T {
	slices.Sort(ids)
	return slices.Clip(slices.Compact(ids))
}

// itemStats is what searches need to know about an item's text beyond what
// Bleve scores.
type itemStats struct {
	stems     []termID // its text's, its compounds' and its heading's stems
	bigrams   []uint64 // stems side by side in the text, no punctuation between
	sentences []sentenceStats
	surface   []uint64 // pair(word as written in lower case, its stem)
	alt       []termID // its compounds' stems, written closed (usually none)
	// bloom has bloomBit(s) of every stem s in stems: most of a question's
	// forms are not in an item, and a bit tells so faster than a search.
	bloom stemBloom
}

type stemBloom [4]uint64

func bloomBit(id termID) uint32 { return (id * 0x9E3779B1) >> 24 }

func bloomOf(ids []termID) stemBloom {
	var b stemBloom
	for _, id := range ids {
		bit := bloomBit(id)
		b[bit/64] |= 1 << (bit % 64)
	}
	return b
}

// mayHave is false when the set b was made from has no id; a nil b may
// have any.
func (b *stemBloom) mayHave(id termID) bool {
	if b == nil {
		return true
	}
	bit := bloomBit(id)
	return b[bit/64]&(1<<(bit%64)) != 0
}

type sentenceStats struct {
	start, end int32 // byte span in the text
	stems      []termID
}

// itemKey is what an item's statistics depend on.
type itemKey struct{ text, heading string }

// items holds the statistics of every item text in use, weakly: the same
// criterion in 300 roles is analysed and stored once, and is forgotten when
// no role uses it any more.
var items = struct {
	mu sync.Mutex
	m  map[itemKey]weak.Pointer[itemStats]
}{m: map[itemKey]weak.Pointer[itemStats]{}}

// statsOf returns the statistics of an item with the given text and
// heading, shared with every other item that has them.
func (lex *lexicon) statsOf(text, heading string) *itemStats {
	k := itemKey{text, heading}
	items.mu.Lock()
	wp, ok := items.m[k]
	items.mu.Unlock()
	if ok {
		if st := wp.Value(); st != nil {
			return st
		}
	}
	st := lex.analyse(text, heading)
	items.mu.Lock()
	defer items.mu.Unlock()
	if wp, ok := items.m[k]; ok {
		if old := wp.Value(); old != nil {
			return old
		}
	}
	wp = weak.Make(st)
	items.m[k] = wp
	runtime.AddCleanup(st, func(k itemKey) {
		items.mu.Lock()
		defer items.mu.Unlock()
		if items.m[k] == wp {
			delete(items.m, k)
		}
	}, k)
	return st
}

// analyse runs the analyser over an item's text once and derives from the
// tokens everything searches need: its stems, the stems side by side, the
// words as written, and its sentences.
func (lex *lexicon) analyse(text, heading string) *itemStats {
	st := &itemStats{}
	toks := lex.an.Analyze([]byte(text))
	spans := sentenceSpans(text)
	sents := make([][]termID, len(spans))
	si := 0
	var prev termID
	for i, t := range toks {
		stem := intern(string(t.Term))
		st.stems = append(st.stems, stem)
		st.surface = append(st.surface, pair(intern(strings.ToLower(text[t.Start:t.End])), stem))
		if i > 0 && !punct.MatchString(text[toks[i-1].End:t.Start]) {
			st.bigrams = append(st.bigrams, pair(prev, stem))
		}
		prev = stem
		for si < len(spans)-1 && t.Start >= spans[si+1][0] {
			si++
		}
		if len(sents) > 0 {
			sents[si] = append(sents[si], stem)
		}
	}
	st.sentences = make([]sentenceStats, len(spans))
	for i, sp := range spans {
		st.sentences[i] = sentenceStats{start: int32(sp[0]), end: int32(sp[1]), stems: sortedSet(sents[i])}
	}
	for _, s := range lex.stems(heading) {
		st.stems = append(st.stems, intern(s))
	}
	for _, phrase := range altForms(text) {
		var prev termID
		for i, s := range lex.stems(phrase) {
			id := intern(s)
			st.alt = append(st.alt, id)
			if i > 0 {
				// "information technology" for "IT" is a phrase as
				// written.
				st.bigrams = append(st.bigrams, pair(prev, id))
			}
			prev = id
		}
	}
	st.alt = sortedSet(st.alt)
	st.stems = append(st.stems, st.alt...)
	st.stems = sortedSet(st.stems)
	st.bloom = bloomOf(st.stems)
	st.bigrams = sortedSet(st.bigrams)
	st.surface = sortedSet(st.surface)
	return st
}

// altText is an item's other forms of its words (altForms), side by side.
func altText(text string) string { return strings.Join(altForms(text), " ") }

// altForms are forms of an item's words that the analysis would lose:
// hyphenated compounds written closed ("multitask"), a word with letters
// in brackets written whole ("IR(ME)R" is "irmer"), and "IT" in capitals,
// which is not the stop word "it" but information technology.
func altForms(text string) []string {
	var alt []string
	for _, w := range compound.FindAllString(text, -1) {
		alt = append(alt, strings.ReplaceAll(w, "-", ""))
	}
	for _, w := range bracketed.FindAllString(text, -1) {
		alt = append(alt, strings.NewReplacer("(", "", ")", "").Replace(w))
	}
	if strings.Contains(text, "IT") && bot.UpperIT.MatchString(text) {
		alt = append(alt, "information technology")
	}
	if strings.ContainsAny(text, "+#") {
		for _, w := range bot.Signed.FindAllString(text, -1) {
			alt = append(alt, bot.SpellSigns(w))
		}
	}
	return alt
}

var bracketed = regexp.MustCompile(`\p{L}+\(\p{L}+\)\p{L}*`)

func headingOf(it corpus.Item) string {
	if it.Area != "" {
		return it.Area
	}
	return it.Section
}

// roleStats is what searches of one role need beyond Bleve.
type roleStats struct {
	id    uint64       // for the word cache (wordcache.go)
	items []*itemStats // in the role's order
	n     int          // number of items
	dfIDs []termID     // every stem the role's items hold, sorted
	dfN   []int32      // the number of items holding each
	vocab []termID     // the same stems, sorted by their text, for spelling variants
	// Every word as written, with its stem, ordered by the word's length in
	// runes; byLen[n] is where the words of n runes start.
	surface []uint64
	byLen   []int32
	// The stems each field of the role's Bleve documents holds: a term
	// query for any other finds nothing, and costs nothing when it is
	// known to.
	inText, inAlt, inHeading []termID
}

func (lex *lexicon) roleStats(its []corpus.Item) *roleStats {
	rs := &roleStats{id: roleIDs.Add(1), items: make([]*itemStats, len(its)), n: len(its)}
	df := map[termID]int32{}
	surface := map[uint64]bool{}
	headings := map[string]bool{}
	for i, it := range its {
		h := headingOf(it)
		st := lex.statsOf(it.Text, h)
		rs.items[i] = st
		for _, s := range st.sentences {
			rs.inText = append(rs.inText, s.stems...)
		}
		rs.inAlt = append(rs.inAlt, st.alt...)
		if !headings[h] {
			headings[h] = true
			for _, s := range lex.stems(h) {
				rs.inHeading = append(rs.inHeading, intern(s))
			}
		}
		for _, s := range st.stems {
			df[s]++
		}
		for _, p := range st.surface {
			surface[p] = true
		}
	}
	rs.inText, rs.inAlt, rs.inHeading = sortedSet(rs.inText), sortedSet(rs.inAlt), sortedSet(rs.inHeading)
	rs.dfIDs = make([]termID, 0, len(df))
	for s := range df {
		rs.dfIDs = append(rs.dfIDs, s)
	}
	slices.Sort(rs.dfIDs)
	rs.dfN = make([]int32, len(rs.dfIDs))
	for i, s := range rs.dfIDs {
		rs.dfN[i] = df[s]
	}
	rs.vocab = slices.Clone(rs.dfIDs)
	vocabulary.mu.RLock()
	sort.Slice(rs.vocab, func(a, b int) bool { return vocabulary.terms[rs.vocab[a]] < vocabulary.terms[rs.vocab[b]] })
	vocabulary.mu.RUnlock()
	// The first word of a pair is what orders it; words map to one stem.
	rs.surface = make([]uint64, 0, len(surface))
	for p := range surface {
		rs.surface = append(rs.surface, p)
	}
	vocabulary.mu.RLock()
	length := func(p uint64) int { return len(vocabulary.runes[p>>32]) }
	sort.Slice(rs.surface, func(a, b int) bool {
		la, lb := length(rs.surface[a]), length(rs.surface[b])
		if la != lb {
			return la < lb
		}
		return rs.surface[a] < rs.surface[b]
	})
	maxLen := 0
	if n := len(rs.surface); n > 0 {
		maxLen = length(rs.surface[n-1])
	}
	rs.byLen = make([]int32, maxLen+2)
	for l, i := 0, 0; l < len(rs.byLen); l++ {
		for i < len(rs.surface) && length(rs.surface[i]) < l {
			i++
		}
		rs.byLen[l] = int32(i)
	}
	vocabulary.mu.RUnlock()
	return rs
}

// df is the number of the role's items holding stem id.
func (rs *roleStats) df(id termID) int {
	i, ok := slices.BinarySearch(rs.dfIDs, id)
	if !ok {
		return 0
	}
	return int(rs.dfN[i])
}

// dfOf is df by the stem's text.
func (rs *roleStats) dfOf(stem string) int {
	id := lookup(stem)
	if id == noTerm {
		return 0
	}
	return rs.df(id)
}

// words returns the surface words of between lo and hi runes.
func (rs *roleStats) words(lo, hi int) []uint64 {
	lo = max(lo, 0)
	hi = min(hi, len(rs.byLen)-2)
	if lo > hi {
		return nil
	}
	return rs.surface[rs.byLen[lo]:rs.byLen[hi+1]]
}
