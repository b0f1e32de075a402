package index

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/wordnet"
)

// Bounds on what one question may cost: a pasted essay is searched by its
// first words, not all of them.
const (
	maxQueryBytes = 2000
	maxConcepts   = 24
)

// How much an alternative form of a question word counts, against 1 for the
// word itself.
const (
	wSynonym  = 0.9
	wCompound = 0.8
	wVariant  = 0.7 // same word, another ending: registered / registration
	wFuzzy    = 0.6 // a likely misspelling
	wPart     = 0.5 // one word of a multi-word lexicon term
	wApart    = 0.8 // the words of a phrase, but not side by side
	// WordNet's related terms count for less than the question's own words:
	// a synonym or a derived form more than a broader term.
	wWordNet  = 0.6
	wHypernym = 0.45
)

type alt struct {
	stems []string
	ids   []termID // the stems' ids, noTerm for a stem no item has
	text  string   // the words as written, for phrase queries
	w     float64
	weak  bool // a WordNet relation or part of a phrase: it finds items, but does not make the concept known or common
}

// concept is one thing the question asks about: a word, or a phrase from
// the synonym list, with the forms that count as mentioning it.
type concept struct {
	words   string // as the user wrote it
	alts    []alt
	weight  float64 // rarer concepts count for more
	unknown bool    // no item has it in any form
	start   int     // byte span in the question
	end     int
}

// matchWeight is how fully a set of stems mentions the concept: the weight
// of the best alternative present, 0 if none is.
// bloom, when not nil, is that of stems.
func (c *concept) matchWeight(stems []termID, bloom *stemBloom) float64 {
	w, _ := c.match(stems, bloom, nil)
	return w
}

// match is matchWeight, and whether the best alternative present is weak: a
// WordNet relation or part of a phrase. With bigrams, a phrase is matched
// fully where its words are side by side (for a phrase of three words or
// more, two of them are); its words apart match weakly, at wApart of its
// weight: "occupational health" is hardly in "mental health occupational
// therapy".
func (c *concept) match(stems []termID, bloom *stemBloom, bigrams []uint64) (best float64, weak bool) {
	for _, a := range c.alts {
		if a.w <= best {
			continue
		}
		all := true
		for _, s := range a.ids {
			if !bloom.mayHave(s) || !has(stems, s) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		w, wk := a.w, a.weak
		if bigrams != nil && len(a.ids) > 1 && !together(a.ids, bigrams) {
			w, wk = wApart*a.w, true
		}
		if w > best {
			best, weak = w, wk
		}
	}
	return best, weak
}

// together reports whether a phrase's words are side by side in an item:
// all of a two-word phrase, at least one pair of a longer one ("manage leg
// ulcers" for "leg ulcer management").
func together(ids []termID, bigrams []uint64) bool {
	n := 0
	for j := 1; j < len(ids); j++ {
		if hasPair(bigrams, ids[j-1], ids[j]) {
			n++
		}
	}
	return n == len(ids)-1 || len(ids) > 2 && n > 0
}

type synTerm struct {
	text  string
	stems []string
	key   string   // the stems, joined by spaces
	ids   []termID // the stems' ids
	right bool     // on the right of "=>": found by the left terms, finds nothing
}

type synGroup struct {
	terms  []synTerm
	oneWay bool
}

// synonyms analyses the lexicon's groups once. byFirst indexes every term
// by its first stem, so a question word looks up only the terms that could
// start at it.
func (ix *lexicon) synonyms(groups [][]string) {
	ix.byFirst = map[string][]synRef{}
	for _, g := range groups {
		var sg synGroup
		right := false
		for _, t := range g {
			if t == corpus.OneWay {
				right, sg.oneWay = true, true
				continue
			}
			if st := ix.stems(t); len(st) > 0 {
				ids := make([]termID, len(st))
				for i, s := range st {
					ids[i] = intern(s)
				}
				sg.terms = append(sg.terms, synTerm{text: t, stems: st, key: strings.Join(st, " "), ids: ids, right: right})
			}
		}
		if len(sg.terms) < 2 {
			continue
		}
		gi := len(ix.syn)
		ix.syn = append(ix.syn, sg)
		for ti, t := range sg.terms {
			if !t.right {
				ix.byFirst[t.stems[0]] = append(ix.byFirst[t.stems[0]], synRef{gi, ti, len(t.stems)})
			}
		}
	}
}

// synRef is a term of a group, and its number of stems.
type synRef struct{ group, term, n int }

type qtoken struct {
	stem       string
	word       string // lower case, as written
	start, end int
}

// concepts turns question text into the concepts to search for.
func (ix *shard) concepts(rs *roleStats, text string) []concept {
	if len(text) > maxQueryBytes {
		text = text[:maxQueryBytes]
		for len(text) > 0 && text[len(text)-1]&0xC0 == 0x80 {
			text = text[:len(text)-1]
		}
	}
	var toks []qtoken
	for _, t := range ix.analyseQuestion([]byte(text)) {
		if isNumber(t.Term) && (!isCode(t.Term) || rs.dfOf(string(t.Term)) == 0) {
			// "3 years", "band 7": numbers are not what items are about;
			// a code ("2391") is, where the role names it.
			continue
		}
		toks = append(toks, qtoken{stem: string(t.Term), word: strings.ToLower(text[t.Start:t.End]), start: t.Start, end: t.End})
	}
	var out []concept
	var seen []string // the first form of each concept, to drop repeats
	for i := 0; i < len(toks) && len(out) < maxConcepts; {
		var c concept
		if n := ix.synonymLen(toks[i:]); n > 0 {
			c = ix.synonym(rs, text, toks[i:i+n]) // resolved already
			i += n
		} else {
			c = ix.word(rs, toks[i]) // resolved already
			c.words = text[toks[i].start:toks[i].end]
			c.start, c.end = toks[i].start, toks[i].end
			i++
		}
		key := c.alts[0].text
		if slices.Contains(seen, key) {
			continue
		}
		seen = append(seen, key)
		out = append(out, c)
	}
	return out
}

// resolve works out the ids of the concept's forms and its weight in the
// role.
func (c *concept) resolve(rs *roleStats) {
	for i := range c.alts {
		a := &c.alts[i]
		switch {
		case a.ids == nil:
			a.ids = make([]termID, len(a.stems))
			for j, s := range a.stems {
				a.ids[j] = lookup(s)
			}
		case slices.Contains(a.ids, noTerm):
			// Known since? The ids may be shared: fill in a copy.
			ids := slices.Clone(a.ids)
			for j, id := range ids {
				if id == noTerm {
					ids[j] = lookup(a.stems[j])
				}
			}
			a.ids = ids
		}
	}
	c.weight, c.unknown = rs.weight(*c)
}

// synonymConcept matches the longest lexicon term at the start of toks and
// gathers what it finds: the other terms of its symmetric groups, and the
// right-hand terms of its one-way groups.
func (ix *shard) synonymConcept(text string, toks []qtoken) (concept, int) {
	bestLen := ix.synonymLen(toks)
	if bestLen == 0 {
		return concept{}, 0
	}
	c := concept{start: toks[0].start, end: toks[bestLen-1].end}
	c.words = text[c.start:c.end]
	self := alt{text: c.words, w: 1}
	for _, t := range toks[:bestLen] {
		self.stems = append(self.stems, t.stem)
	}
	c.alts = []alt{self}
	if len(self.stems) > 1 {
		// Part of a phrase still counts for part: "vocational rehab" in a
		// question finds "vocational assessment".
		for i, st := range self.stems {
			c.alts = append(c.alts, alt{stems: []string{st}, text: toks[i].word, w: wPart, weak: true})
		}
	}
	key := strings.Join(self.stems, " ")
	seen := []string{key}
	for _, ref := range ix.byFirst[toks[0].stem] {
		g := ix.syn[ref.group]
		if g.terms[ref.term].key != key {
			continue
		}
		for _, t := range g.terms {
			if g.oneWay && !t.right {
				continue // siblings on the left do not find each other
			}
			if !slices.Contains(seen, t.key) {
				seen = append(seen, t.key)
				c.alts = append(c.alts, alt{stems: t.stems, ids: t.ids, text: t.text, w: wSynonym})
			}
		}
	}
	return c, bestLen
}

// synonymLen is the number of tokens the longest lexicon term at the start
// of toks spans, 0 when none starts there.
func (ix *shard) synonymLen(toks []qtoken) int {
	bestLen := 0
	for _, ref := range ix.byFirst[toks[0].stem] {
		if ref.n > bestLen && ref.n <= len(toks) && stemsEqual(ix.syn[ref.group].terms[ref.term].stems, toks) {
			bestLen = ref.n
		}
	}
	return bestLen
}

func stemsEqual(stems []string, toks []qtoken) bool {
	for i, s := range stems {
		if toks[i].stem != s {
			return false
		}
	}
	return true
}

// wordConcept is a single word and the spellings of it the corpus uses.
func (ix *shard) wordConcept(rs *roleStats, t qtoken) concept {
	c := concept{alts: []alt{{stems: []string{t.stem}, text: t.stem, w: 1}}}
	known := rs.dfOf(t.stem) > 0
	if len(t.stem) >= 5 {
		for _, v := range rs.variants(t.stem) {
			c.alts = append(c.alts, alt{stems: []string{v}, text: v, w: wVariant})
		}
	}
	if known {
		return c
	}
	c.alts = append(c.alts, ix.wordnetAlts(rs, t.word)...)
	// A misspelling is judged on the word as written, where one slip is
	// one edit, not on its stem, where it may be several.
	if w := []rune(t.word); len(w) >= 5 {
		k := 1
		if len(w) >= 9 {
			k = 2
		}
		seen := map[termID]bool{}
		var buf editBuf
		for _, p := range rs.words(len(w)-k, len(w)+k) {
			word, stem := termID(p>>32), termID(p)
			if !seen[stem] && buf.within(termRunes(word), w, k) && !affixed(term(word), t.word) {
				seen[stem] = true
				s := term(stem)
				c.alts = append(c.alts, alt{stems: []string{s}, text: s, w: wFuzzy})
			}
		}
		sort.Slice(c.alts[1:], func(i, j int) bool { return c.alts[1+i].text < c.alts[1+j].text })
	}
	// A closed compound the corpus writes as two words: "multitask".
	for i := 3; i <= len(t.stem)-3; i++ {
		a, b := t.stem[:i], t.stem[i:]
		if rs.dfOf(a) > 0 && rs.dfOf(b) > 0 {
			c.alts = append(c.alts, alt{stems: []string{a, b}, text: a + " " + b, w: wCompound})
		}
	}
	return c
}

// affixed reports whether one word is the other with letters added at the
// end: another word ("taker", "take"), which the variants and WordNet's
// base forms relate where they are related, not a slip of the keyboard.
func affixed(a, b string) bool {
	return a != b && strings.HasPrefix(b, a)
}

// wordnetAlts are WordNet's related terms for a word the role does not
// use, where the role uses the term: "medication" finds "medicines",
// "admitted" finds "admission".
func (ix *shard) wordnetAlts(rs *roleStats, word string) []alt {
	var out []alt
	for _, a := range ix.related(word) {
		known := true
		for i, id := range a.ids {
			if id == noTerm {
				id = lookup(a.stems[i]) // a role indexed since may have brought it
			}
			known = known && rs.df(id) > 0
		}
		if known {
			out = append(out, a)
		}
	}
	return out
}

// maxRelated bounds the words whose analysed WordNet terms are kept.
const maxRelated = 4096

// related is WordNet's related terms for word, analysed, with repeats and
// terms of more than two stems left out. The analysis is the same for
// every role, so it is done once per word.
func (lex *lexicon) related(word string) []alt {
	lex.relMu.Lock()
	out, ok := lex.rel[word]
	lex.relMu.Unlock()
	if ok {
		return out
	}
	seen := map[string]bool{}
	for _, r := range wordnet.Related(word) {
		w := wWordNet
		if r.Rel == wordnet.Hypernym || r.Rel == wordnet.Similar {
			w = wHypernym
		}
		stems := lex.stems(r.Text)
		if len(stems) == 0 || len(stems) > 2 {
			continue
		}
		k := strings.Join(stems, " ")
		if seen[k] {
			continue
		}
		seen[k] = true
		a := alt{stems: stems, text: r.Text, w: w, weak: true, ids: make([]termID, len(stems))}
		for i, s := range stems {
			a.ids[i] = lookup(s)
		}
		out = append(out, a)
	}
	lex.relMu.Lock()
	defer lex.relMu.Unlock()
	if lex.rel == nil || len(lex.rel) >= maxRelated {
		lex.rel = map[string][]alt{}
	}
	lex.rel[word] = out
	return out
}

// variants are vocabulary stems that are the same word with another ending,
// which the stemmer does not unify: registered/registration.
func (rs *roleStats) variants(s string) []string {
	var out []string
	vocabulary.mu.RLock()
	defer vocabulary.mu.RUnlock()
	terms := vocabulary.terms
	lo := sort.Search(len(rs.vocab), func(i int) bool { return terms[rs.vocab[i]] >= s[:5] })
	for _, id := range rs.vocab[lo:] {
		v := terms[id]
		if !strings.HasPrefix(v, s[:5]) {
			break
		}
		if v == s {
			continue
		}
		p := commonPrefix(v, s)
		if p >= min(len(v), len(s))-1 && max(len(v), len(s))-p <= 3 {
			out = append(out, v)
		}
	}
	return out
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// editBuf holds the rows of within's table between calls.
type editBuf struct{ rows []int }

// within reports whether a and b are at most k insertions, deletions,
// substitutions or swaps of neighbours apart (optimal string alignment),
// stopping early when they are not.
func (e *editBuf) within(a, b []rune, k int) bool {
	if abs(len(a)-len(b)) > k {
		return false
	}
	n := len(b) + 1
	if cap(e.rows) < 3*n {
		e.rows = make([]int, 3*n)
	}
	rows := e.rows[:3*n]
	prev2, prev, cur := rows[:n], rows[n:2*n], rows[2*n:]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > k {
			return false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)] <= k
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// weight is the concept's inverse document frequency over its best form.
func (rs *roleStats) weight(c concept) (float64, bool) {
	df := 0
	for _, a := range c.alts {
		if a.weak {
			continue
		}
		d := rs.n
		for _, s := range a.ids {
			d = min(d, rs.df(s))
		}
		if len(a.ids) > 1 && d > 0 {
			// A phrase is as rare as the items that have it, side by side:
			// fewer than have each of its words.
			d = rs.phraseDF(a.ids)
		}
		df = max(df, d)
	}
	if df == 0 {
		// A word no item has counts as much as the rarest word any item has:
		// enough that a question about it is not answered by its other words.
		// A common English word counts for less ("pick it up", "in the
		// room"): people wrap what they ask in everyday words.
		return math.Log(1+float64(rs.n)) * commonness(c.words), true
	}
	return math.Log(1 + float64(rs.n)/float64(df)), false
}

// commonness scales the weight of a question word no item has by how
// common it is in English: 1 for a word seen fewer than 10 times in
// WordNet's counts (a name, a term of the trade) and for a noun, which names
// what the question is about ("children"); for the verbs, adjectives and
// adverbs people wrap a question in ("pick it up", "inside out", "before
// starting") it falls with how common the word is, to a floor.
func commonness(words string) float64 {
	if strings.Contains(words, " ") {
		return 1
	}
	n, noun := wordnet.Count(strings.ToLower(words))
	if n < 10 {
		return 1
	}
	f := max(commonFloor, min(1, commonTop-commonSlope*math.Log10(float64(n))))
	return noun + (1-noun)*f
}

// commonness falls from 1 at 10 counts by commonSlope for each tenfold.
var commonFloor, commonTop, commonSlope = 0.25, 1.5, 0.5

// phraseDF is the number of the role's items holding a phrase's words
// side by side.
func (rs *roleStats) phraseDF(ids []termID) int {
	n := 0
	for _, it := range rs.items {
		all := true
		for _, id := range ids {
			if !has(it.stems, id) {
				all = false
				break
			}
		}
		if all && together(ids, it.bigrams) {
			n++
		}
	}
	return n
}

// inAlt reports whether the alternative forms of some of the role's items
// hold every one of ids.
func inAlt(rs *roleStats, ids []termID) bool {
	for _, id := range ids {
		if id == noTerm || !has(rs.inAlt, id) {
			return false
		}
	}
	return len(ids) > 0
}

func (ix *shard) query(rs *roleStats, concepts []concept, req bot.SearchRequest) query.Query {
	var should []query.Query
	// A term the field does not hold is asked as a query that finds
	// nothing at no cost (see absent.go).
	term := func(field string, in []termID, a alt, boost float64) query.Query {
		if !has(in, a.ids[0]) {
			return &absentTerm{key: absentKey{field, boost}, weights: &ix.absent}
		}
		return termQuery(field, a.stems[0], boost)
	}
	for _, c := range concepts {
		for _, a := range c.alts {
			if len(a.stems) == 1 {
				should = append(should,
					term("text", rs.inText, a, a.w),
					term("alt", rs.inAlt, a, 0.8*a.w),
					term("heading", rs.inHeading, a, 0.3*a.w))
				continue
			}
			should = append(should, ix.phraseIn(rs, a.text, 1.5*a.w))
			if inAlt(rs, a.ids) {
				// The alternative forms an item is indexed with
				// ("information technology" for "IT") hold no positions:
				// all their words stand for the phrase.
				parts := make([]query.Query, len(a.stems))
				for i, st := range a.stems {
					parts[i] = termQuery("alt", st, 0.8*a.w)
				}
				should = append(should, bleve.NewConjunctionQuery(parts...))
			}
		}
	}
	dq := lean{bleve.NewDisjunctionQuery(should...)}
	must := []query.Query{dq}
	if len(req.Kinds) > 0 {
		kinds := make([]string, len(req.Kinds))
		for i, k := range req.Kinds {
			kinds[i] = string(k)
		}
		must = append(must, anyTerm("kind", kinds))
	}
	if req.Area != "" {
		must = append(must, termQuery("area", req.Area, 0))
	}
	if req.Level != "" {
		must = append(must, termQuery("level", string(req.Level), 0))
	}
	if len(must) == 1 {
		return dq
	}
	return bleve.NewConjunctionQuery(must...)
}

// phraseQuery is Bleve's match phrase query for text in the text field,
// with the analysis of text done once rather than on every search: the
// phrases are the lexicon's terms and the question's words that match
// them, the same few again and again.
func (lex *lexicon) phraseQuery(text string, boost float64) query.Query {
	phrase := lex.phrase(text)
	if len(phrase) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	q := query.NewMultiPhraseQuery(phrase, "text")
	q.SetBoost(boost)
	return q
}

// phrase is text analysed into the terms at each position of a phrase, as
// MatchPhraseQuery.Searcher turns it into one.
func (lex *lexicon) phrase(text string) [][]string {
	lex.phraseMu.Lock()
	phrase, ok := lex.phrases[text]
	lex.phraseMu.Unlock()
	if ok {
		return phrase
	}
	toks := lex.an.Analyze([]byte(text))
	first, last := math.MaxInt, 0
	for _, t := range toks {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	if n := last - first + 1; n > 0 {
		phrase = make([][]string, n)
		for _, t := range toks {
			phrase[t.Position-first] = append(phrase[t.Position-first], string(t.Term))
		}
	}
	lex.phraseMu.Lock()
	if lex.phrases == nil || len(lex.phrases) >= maxRelated {
		lex.phrases = map[string][][]string{}
	}
	lex.phrases[text] = phrase
	lex.phraseMu.Unlock()
	return phrase
}

func termQuery(field, term string, boost float64) *query.TermQuery {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	if boost > 0 {
		q.SetBoost(boost)
	}
	return q
}

// isCode reports whether a number names something rather than counting
// it: a qualification or standard ("2391", "13849"), four digits or more
// and not a year, which would find an Act of that year. Numbers of three
// digits are mostly amounts ("£250", "150 beds", the "150" of "1,150").
func isCode(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	if len(b) == 4 && (b[0] == '1' && b[1] == '9' || b[0] == '2' && b[1] == '0') {
		return false
	}
	return true
}

func isNumber(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func anyTerm(field string, terms []string) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		qs[i] = termQuery(field, t, 0)
	}
	return bleve.NewDisjunctionQuery(qs...)
}
