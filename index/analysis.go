package index

import (
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/registry"
)

// cachedAnalyzer is the custom analyzer type of the mapping: Bleve's custom
// analyzer that, while a build is under way, analyses each distinct text
// once. Roles made from one template share most of their text, and
// analysis is a third of what building an index costs.
const cachedAnalyzer = "recruitbot-cached"

var registerAnalyzer sync.Once

func registerCachedAnalyzer() {
	registerAnalyzer.Do(func() {
		err := registry.RegisterAnalyzer(cachedAnalyzer, func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
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
