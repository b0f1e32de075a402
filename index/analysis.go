package index

import (
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// cachedAnalyzer is the custom analyzer type of the mapping: Bleve's custom
// analyzer that, while a build is under way, analyses each distinct text
// once. Roles made from one template share most of their text, and
// analysis is a third of what building an index costs.
const cachedAnalyzer = "recruitbot-cached"

var registerAnalyzer sync.Once

// acronymPlurals is the token filter that reads "slts", "nqps", "gps" as
// "slt", "nqp", "gp": the stemmer keeps the s of a word with no vowel.
const acronymPlurals = "recruitbot-acronym-plurals"

type acronymPluralFilter struct{}

func (acronymPluralFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Term = acronymSingular(t.Term)
	}
	return in
}

// acronymSingular drops the s that makes an acronym plural: a lower-case
// word of three letters or more ending in s, with no vowel before it.
func acronymSingular(term []byte) []byte {
	n := len(term)
	if n < 3 || term[n-1] != 's' || unitsWritten[string(term)] {
		return term
	}
	for _, c := range term[:n-1] {
		switch {
		case c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y':
			return term
		case c < 'a' || c > 'z':
			return term
		}
	}
	return term[:n-1]
}

// unitsWritten are plurals of shortened words, not of acronyms: "hrs" is
// hours, not HR.
var unitsWritten = map[string]bool{"hrs": true, "yrs": true, "wks": true, "mths": true, "pts": true, "sts": true}

// registerCachedAnalyzer registers, once, the analyzer type and the token
// filter the mapping names.
func registerCachedAnalyzer() {
	registerAnalyzer.Do(func() {
		err := registry.RegisterTokenFilter(acronymPlurals, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return acronymPluralFilter{}, nil
		})
		if err != nil {
			panic(err) // only if the name were taken: a build mistake
		}
		err = registry.RegisterAnalyzer(cachedAnalyzer, func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
			an, err := custom.AnalyzerConstructor(config, cache)
			if err != nil {
				return nil, err
			}
			return &buildCache{Analyzer: an}, nil
		})
		if err != nil {
			panic(err) // only if the name were taken: a build mistake
		}
	})
}

// buildCache remembers the analysis of every text between start and stop.
// Bleve only reads a token stream once it has it, so one stream can serve
// every document with the same text.
type buildCache struct {
	analysis.Analyzer
	on atomic.Bool
	mu sync.Mutex
	m  map[string]analysis.TokenStream
}

func (a *buildCache) Analyze(b []byte) analysis.TokenStream {
	if !a.on.Load() {
		return a.Analyzer.Analyze(b)
	}
	key := string(b) // before the analysis, which may lower the case of b in place
	a.mu.Lock()
	ts, ok := a.m[key]
	a.mu.Unlock()
	if ok {
		return ts
	}
	ts = a.Analyzer.Analyze(b)
	a.mu.Lock()
	if a.m != nil {
		a.m[key] = ts
	}
	a.mu.Unlock()
	return ts
}

func (a *buildCache) start() {
	a.mu.Lock()
	a.m = map[string]analysis.TokenStream{}
	a.mu.Unlock()
	a.on.Store(true)
}

// stop forgets what was analysed: an index's later analyses are questions,
// seldom the same twice.
func (a *buildCache) stop() {
	a.on.Store(false)
	a.mu.Lock()
	a.m = nil
	a.mu.Unlock()
}

// A question is analysed as the items were, but its words' stems are
// remembered: the Snowball stemmer is most of the analysis, and the same
// words come back question after question. Every filter before it works on
// one token at a time, and the stemmer on a token's text alone.

// stemCacheSize bounds each of the two generations of remembered stems.
const stemCacheSize = 8192

var stemCache = struct {
	mu       sync.Mutex
	cur, old map[string]string
}{cur: map[string]string{}}

// analyseQuestion is lex.an.Analyze(b), the same tokens, with remembered
// stems.
func (lex *lexicon) analyseQuestion(b []byte) analysis.TokenStream {
	an := lex.an
	if bc, ok := an.(*buildCache); ok {
		an = bc.Analyzer
	}
	da, ok := an.(*analysis.DefaultAnalyzer)
	if !ok || len(da.CharFilters) > 0 || len(da.TokenFilters) == 0 {
		return lex.an.Analyze(b)
	}
	n := len(da.TokenFilters)
	if _, ok := da.TokenFilters[n-1].(*en.EnglishStemmerFilter); !ok {
		return lex.an.Analyze(b)
	}
	toks := da.Tokenizer.Tokenize(b)
	for _, f := range da.TokenFilters[:n-1] {
		toks = f.Filter(toks)
	}
	for _, t := range toks {
		t.Term = []byte(stem(t.Term))
	}
	return toks
}

// stem is the Snowball English stem of term, as en.EnglishStemmerFilter
// makes it.
func stem(term []byte) string {
	c := &stemCache
	c.mu.Lock()
	s, ok := c.cur[string(term)]
	if !ok {
		if s, ok = c.old[string(term)]; ok {
			c.cur[string(term)] = s
		}
	}
	c.mu.Unlock()
	if ok {
		return s
	}
	env := snowballstem.NewEnv(string(term))
	english.Stem(env)
	s = env.Current()
	c.mu.Lock()
	if len(c.cur) >= stemCacheSize {
		c.old, c.cur = c.cur, make(map[string]string, stemCacheSize)
	}
	c.cur[string(term)] = s
	c.mu.Unlock()
	return s
}
