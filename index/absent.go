package index

import (
	"context"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
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

// absentWeights caches, per field and boost, the weight in a role's query
// norm of a term query for a term the field does not hold.
type absentWeights struct {
	mu sync.Mutex
	w  map[absentKey]float64
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
	w, ok := q.weights.w[q.key]
	q.weights.mu.Unlock()
	if !ok {
		s, err := searcher.NewTermSearcher(ctx, i, noSuchTerm, q.key.field, q.key.boost, options)
		if err != nil {
			return nil, err
		}
		w = s.Weight()
		if err := s.Close(); err != nil {
			return nil, err
		}
		q.weights.mu.Lock()
		if q.weights.w == nil {
			q.weights.w = map[absentKey]float64{}
		}
		q.weights.w[q.key] = w
		q.weights.mu.Unlock()
	}
	return &absentSearcher{weight: w}, nil
}

// absentSearcher matches nothing and weighs weight.
type absentSearcher struct{ weight float64 }

func (s *absentSearcher) Next(*search.SearchContext) (*search.DocumentMatch, error) { return nil, nil }
func (s *absentSearcher) Advance(*search.SearchContext, bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return nil, nil
}
func (s *absentSearcher) Close() error               { return nil }
func (s *absentSearcher) Weight() float64            { return s.weight }
func (s *absentSearcher) SetQueryNorm(float64)       {}
func (s *absentSearcher) Count() uint64              { return 0 }
func (s *absentSearcher) Min() int                   { return 0 }
func (s *absentSearcher) Size() int                  { return 16 }
func (s *absentSearcher) DocumentMatchPoolSize() int { return 0 }
