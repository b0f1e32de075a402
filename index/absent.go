package index

import (
	"context"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// A question word is asked of three fields of each item, and most of its
// forms are in none of them: most of a search's term queries find nothing.
// Bleve still looks each up in every field's dictionary, and counts its
// weight in the query norm that scales every score. absentTerm is such a
// query, known from the role's statistics to find nothing: it looks nothing
// up, but weighs what the term query would, so scores stay the same to the
// last bit. The weight of a term no item holds depends only on the field
// and the boost, so each role learns it once per pair, from a term query
// for a term no analyser makes.

// absentWeights caches, per field and boost, the stand-in of a term query
// for a term the field does not hold: a searcher of its weight in a role's
// query norm. A stand-in has no state, so every search shares it.
type absentWeights struct {
	mu      sync.Mutex
	w       map[absentKey]*absentSearcher
	phrases map[absentKey]phraseStats // phraseIn's, by text and boost
}

type absentKey struct {
	field string
	boost float64
}

// noSuchTerm is a term the analyser never makes.
const noSuchTerm = "\x00"

type absentTerm struct {
	key     absentKey
	weights *absentWeights
}

func (q *absentTerm) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	q.weights.mu.Lock()
	a, ok := q.weights.w[q.key]
	q.weights.mu.Unlock()
	if !ok {
		s, err := searcher.NewTermSearcher(ctx, i, noSuchTerm, q.key.field, q.key.boost, options)
		if err != nil {
			return nil, err
		}
		a = &absentSearcher{weight: s.Weight()}
		if err := s.Close(); err != nil {
			return nil, err
		}
		q.weights.mu.Lock()
		if q.weights.w == nil {
			q.weights.w = map[absentKey]*absentSearcher{}
		}
		q.weights.w[q.key] = a
		q.weights.mu.Unlock()
	}
	countStandIn(ctx)
	return a, nil
}

// Most phrase queries are the lexicon's synonyms of a question's words,
// and most of those find nothing in a role: a word of theirs is one the
// role never uses, or the role never has the words side by side. Yet
// Bleve builds a searcher for each of their words on every search, the
// costliest part of one. A role's index does not change, so the first
// search of a role with a phrase learns, from the phrase query itself,
// whether it finds anything, and what it weighs and counts (a conjunction
// counts the worst case, its words' items). Later searches stand in for a
// phrase that finds nothing with a searcher of that weight and count.

// phraseIn is the phrase query for text in the role's text field.
func (ix *shard) phraseIn(rs *roleStats, text string, boost float64) query.Query {
	phrase := ix.phrase(text)
	if len(phrase) == 0 || !phraseStandIns {
		return ix.phraseQuery(text, boost)
	}
	q := &phraseIn{key: absentKey{text, boost}, shard: ix}
	for _, pos := range phrase {
		found, any := false, false
		for _, t := range pos {
			if t != "" {
				any = true
				found = found || has(rs.inText, lookup(t))
			}
		}
		if any && !found {
			q.absent = true // a word the role never uses: no need to try
		}
	}
	return q
}

// phraseStandIns is false only in the test that holds phraseIn to the
// phrase queries it stands for.
var phraseStandIns = true

type phraseIn struct {
	key    absentKey // the phrase's text, not a field
	shard  *shard
	absent bool // known to find nothing
}

// maxPhraseStats bounds the phrases a role remembers (about 60 bytes
// each): a library of 1,000 roles holds at most 8 MB of them, and a role
// that has been asked about more starts again.
const maxPhraseStats = 128

type phraseStats struct {
	standIn *absentSearcher // of the phrase query's weight and count
	finds   bool            // it matches an item
}

func (q *phraseIn) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	phraseQuery := func() (search.Searcher, error) {
		return q.shard.phraseQuery(q.key.field, q.key.boost).Searcher(ctx, i, m, options)
	}
	ws := &q.shard.absent
	ws.mu.Lock()
	st, ok := ws.phrases[q.key]
	ws.mu.Unlock()
	if !ok {
		s, err := phraseQuery()
		if err != nil {
			return nil, err
		}
		st = phraseStats{standIn: &absentSearcher{weight: s.Weight(), count: s.Count()}}
		if !q.absent {
			sc := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: i}
			dm, err := s.Next(sc)
			if err != nil {
				s.Close()
				return nil, err
			}
			st.finds = dm != nil
		}
		if err := s.Close(); err != nil {
			return nil, err
		}
		ws.mu.Lock()
		if ws.phrases == nil || len(ws.phrases) >= maxPhraseStats {
			ws.phrases = map[absentKey]phraseStats{}
		}
		ws.phrases[q.key] = st
		ws.mu.Unlock()
	}
	if st.finds {
		return phraseQuery()
	}
	countStandIn(ctx)
	return st.standIn, nil
}

// absentSearcher matches nothing, weighs weight and counts count.
type absentSearcher struct {
	weight float64
	count  uint64
}

func (s *absentSearcher) Next(*search.SearchContext) (*search.DocumentMatch, error) { return nil, nil }
func (s *absentSearcher) Advance(*search.SearchContext, bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return nil, nil
}
func (s *absentSearcher) Close() error               { return nil }
func (s *absentSearcher) Weight() float64            { return s.weight }
func (s *absentSearcher) SetQueryNorm(float64)       {}
func (s *absentSearcher) Count() uint64              { return s.count }
func (s *absentSearcher) Min() int                   { return 0 }
func (s *absentSearcher) Size() int                  { return 16 }
func (s *absentSearcher) DocumentMatchPoolSize() int { return 0 }

// Bleve sets aside a DocumentMatch for every child of a disjunction before
// a search starts (DocumentMatchPoolSize), and most of the children of a
// question's disjunction are stand-ins that never hold one: a quarter of
// what a question allocated. lean is the disjunction with that many fewer
// set aside. The pool is only set aside ahead: were it short, Bleve would
// allocate on demand, so what a search finds and scores is the same.
type lean struct {
	*query.DisjunctionQuery
}

// standIns is the context key of the count of stand-ins made for a lean
// disjunction.
type standIns struct{}

func countStandIn(ctx context.Context) {
	if n, ok := ctx.Value(standIns{}).(*int); ok {
		*n++
	}
}

func (q lean) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	n := new(int)
	s, err := q.DisjunctionQuery.Searcher(context.WithValue(ctx, standIns{}, n), i, m, options)
	if err != nil || *n == 0 {
		return s, err
	}
	if _, none := s.(*searcher.MatchNoneSearcher); none {
		return s, nil
	}
	return &leanSearcher{Searcher: s, standIns: *n}, nil
}

type leanSearcher struct {
	search.Searcher
	standIns int
}

func (s *leanSearcher) DocumentMatchPoolSize() int {
	return max(s.Searcher.DocumentMatchPoolSize()-s.standIns, 0)
}

// Optimize is the disjunction's: a composite searcher asks it of each of
// its children.
func (s *leanSearcher) Optimize(kind string, octx bindex.OptimizableContext) (bindex.OptimizableContext, error) {
	if o, ok := s.Searcher.(bindex.Optimizable); ok {
		return o.Optimize(kind, octx)
	}
	return nil, nil
}
