// Package index is the search side of the bot: a Bleve index with one
// document per citable item (scope paragraph, duty, criterion, supervision),
// English analysis with stemming, and the corpus's domain synonyms. It
// implements bot.Searcher.
package index

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	bunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	zapx "github.com/blevesearch/zapx/v17"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/wordnet"
)

// schemaVersion changes whenever the mapping or analysis changes, so that an
// index kept on disk by an older build is rebuilt rather than misread.
const schemaVersion = "8"

const analyzerName = "recruit"

// Index is a searchable corpus: one Bleve index per role, so that a search,
// which is always about one role, costs the same with 1 role or 1,000, and
// a reload rebuilds only the roles that changed. It is safe for concurrent
// use.
type Index struct {
	*lexicon
	shards  map[string]*shard
	order   []string // role ids in corpus order
	Rebuilt bool     // false when every role's index was reused
	closed  atomic.Bool
}

// Warm works out now the statistics each role's first search would, and
// loads the WordNet table (about 60 ms) the first question with a word a
// role does not use would, so that no question waits for them; a restart
// need not. It stops when the index is closed.
func (ix *Index) Warm() {
	wordnet.Load()
	for _, id := range ix.order {
		if ix.closed.Load() {
			return
		}
		ix.shards[id].roleStats()
	}
}

// lexicon is the analysis every role shares.
type lexicon struct {
	mapping *mapping.IndexMappingImpl // one for every role's index: it is read-only
	an      analysis.Analyzer
	syn     []synGroup
	byFirst map[string][]synRef

	relMu sync.Mutex
	rel   map[string][]alt // WordNet's terms by question word, analysed

	phraseMu sync.Mutex
	phrases  map[string][][]string // phrase queries' terms by their text
}

// shard is one role's index and the statistics searches need in Go.
type shard struct {
	*lexicon
	roleID  string
	items   []corpus.Item // the role's, in order
	fp      string        // what it was built from
	store   string        // on-disk folder, "" in memory
	rebuilt bool          // built now rather than opened from disk
	refs    atomic.Int32  // indexes sharing it

	mu     sync.Mutex
	bi     bleve.Index // when kept on disk, nil until searched
	inUse  int         // searches under way
	closed bool

	once   sync.Once
	stats  *roleStats // computed on the first search
	absent absentWeights
}

// roleStats returns the role's statistics, computing them the first time.
func (sh *shard) roleStats() *roleStats {
	sh.once.Do(func() { sh.stats = sh.lexicon.roleStats(sh.items) })
	return sh.stats
}

// doc is what Bleve indexes for one item.
type doc struct {
	Role    string `json:"role"`
	Kind    string `json:"kind"`
	Area    string `json:"area"`
	Level   string `json:"level"`
	Text    string `json:"text"`
	Alt     string `json:"alt"`     // hyphenated compounds written closed: "multitask"
	Heading string `json:"heading"` // the section and area it sits under
}

var _ bot.Searcher = (*Index)(nil)

// Options say where the index lives.
type Options struct {
	// Dir keeps the index on disk there, so that a restart with the same
	// corpus opens it instead of rebuilding it. "" keeps it in memory.
	Dir string
	// Reuse is the index this one replaces: roles whose files and synonyms
	// are unchanged share its per-role indexes instead of rebuilding them.
	Reuse *Index
}

func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bindex.BM25Scoring
	registerCachedAnalyzer()
	err := m.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":      cachedAnalyzer,
		"tokenizer": bunicode.Name,
		"token_filters": []string{
			en.PossessiveName,
			lowercase.Name,
			en.StopName,
			acronymPlurals,
			en.SnowballStemmerName,
		},
	})
	if err != nil {
		return nil, err
	}
	text := func(vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = vectors // phrase queries need positions
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("role", kw())
	dm.AddFieldMappingsAt("kind", kw())
	dm.AddFieldMappingsAt("area", kw())
	dm.AddFieldMappingsAt("level", kw())
	dm.AddFieldMappingsAt("text", text(true))
	dm.AddFieldMappingsAt("alt", text(false))
	dm.AddFieldMappingsAt("heading", text(false))
	m.DefaultMapping = dm
	m.DefaultAnalyzer = analyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}

// sizeSegments makes Bleve size a new segment's buffer by the bytes per
// document it has seen, not by that times (documents + 100): a role has a
// few dozen items, and the surplus stayed in every role's in-memory index,
// more than half of it.
var sizeSegments sync.Once

// Build indexes every item of every role in c, several roles at a time.
// A role whose items and synonyms are those of a role in opts.Reuse shares
// that role's index, and its Items become that index's, so that the two
// versions of the library hold one copy of it.
func Build(c *corpus.Corpus, opts Options) (*Index, error) {
	sizeSegments.Do(func() {
		zapx.NewSegmentBufferNumResultsBump = 0
		zapx.NewSegmentBufferAvgBytesPerDocFactor = 1.1
	})
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	an := m.AnalyzerNamed(analyzerName)
	if an == nil {
		return nil, errors.New("index mapping: analyzer missing")
	}
	if bc, ok := an.(*buildCache); ok {
		bc.start()
		defer bc.stop()
	}
	lex := &lexicon{an: an, mapping: m}
	groups := append(builtinLexicon(), c.Synonyms...)
	lex.synonyms(groups)
	synFP := fingerprint(groups)
	ix := &Index{lexicon: lex, shards: make(map[string]*shard, len(c.Roles)), order: make([]string, len(c.Roles))}
	shards := make([]*shard, len(c.Roles))
	errs := make([]error, len(c.Roles))
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(c.Roles)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(c.Roles) {
					return
				}
				r := c.Roles[i]
				fp := fingerprint(schemaVersion, synFP, r.ID, r.Items)
				if old := opts.Reuse; old != nil {
					if sh, ok := old.shards[r.ID]; ok && sh.fp == fp && sh.refs.Add(1) > 1 {
						// A role kept from the last load (its file no longer
						// parses) has them already, and may be in use.
						if len(r.Items) > 0 && &r.Items[0] != &sh.items[0] {
							r.Items = sh.items
						}
						shards[i] = sh
						continue
					}
				}
				shards[i], errs[i] = lex.buildShard(r, fp, opts.Dir)
			}
		})
	}
	wg.Wait()
	for i, r := range c.Roles {
		sh := shards[i]
		if sh == nil || errs[i] != nil {
			continue
		}
		ix.shards[r.ID] = sh
		ix.order[i] = r.ID
		ix.Rebuilt = ix.Rebuilt || (sh.lexicon == lex && (sh.store == "" || sh.rebuilt))
	}
	for i, err := range errs {
		if err != nil {
			ix.Close()
			return nil, fmt.Errorf("index role %s: %w", c.Roles[i].ID, err)
		}
	}
	return ix, nil
}

func (lex *lexicon) buildShard(r *corpus.Role, fp, dir string) (*shard, error) {
	sh := &shard{lexicon: lex, roleID: r.ID, items: r.Items, fp: fp}
	sh.refs.Store(1)
	if dir == "" {
		bi, err := bleve.NewUsing("", lex.mapping, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("create index: %w", err)
		}
		if err := fill(bi, r.ID, sh.docs()); err != nil {
			bi.Close()
			return nil, err
		}
		sh.bi = bi
		return sh, nil
	}
	// Each version of a role has its own folder, so an index still
	// answering questions is never overwritten by its successor; Prune
	// removes the old ones. One built from the same role file, synonyms and
	// schema is opened when the role is first searched: a restart reads
	// only what it is asked about.
	sh.store = filepath.Join(dir, r.ID+"-"+fp[:16])
	if _, err := os.Stat(filepath.Join(sh.store, "complete")); err == nil {
		return sh, nil
	}
	return sh, sh.buildStore()
}

// index is the role's Bleve index, opened on first use; release must be
// called when the search is done with it.
func (sh *shard) index() (bi bleve.Index, release func(), err error) {
	sh.mu.Lock()
	defer func() {
		if err == nil {
			sh.inUse++
		}
		sh.mu.Unlock()
		if err == nil && sh.store != "" {
			opened.touch(sh)
		}
	}()
	if sh.closed {
		return nil, nil, errors.New("index closed")
	}
	if sh.bi != nil {
		return sh.bi, sh.release, nil
	}
	if bi, err := bleve.Open(filepath.Join(sh.store, "bleve")); err == nil {
		if n, err := bi.DocCount(); err == nil && int(n) == len(sh.items) {
			sh.bi = bi
			return bi, sh.release, nil
		}
		bi.Close()
	}
	// Damaged since it was built: build it again.
	if err := sh.buildStore(); err != nil {
		return nil, nil, err
	}
	bi, err = bleve.Open(filepath.Join(sh.store, "bleve"))
	if err != nil {
		return nil, nil, fmt.Errorf("open index %s: %w", sh.store, err)
	}
	sh.bi = bi
	return bi, sh.release, nil
}

func (sh *shard) release() {
	sh.mu.Lock()
	sh.inUse--
	sh.mu.Unlock()
}

// maxOpen bounds the role indexes kept on disk that are open at once: each
// holds files open, and a library of 10,000 roles would run out of them.
// The least recently searched is closed, to be opened again when asked.
var maxOpen = 1000

// opened is every open role index kept on disk, most recently searched
// first.
var opened = openList{l: list.New(), at: map[*shard]*list.Element{}}

type openList struct {
	mu sync.Mutex
	l  *list.List
	at map[*shard]*list.Element
}

func (o *openList) touch(sh *shard) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if e, ok := o.at[sh]; ok {
		o.l.MoveToFront(e)
	} else {
		o.at[sh] = o.l.PushFront(sh)
	}
	for e := o.l.Back(); e != nil && o.l.Len() > maxOpen; {
		prev := e.Prev()
		if v := e.Value.(*shard); v.closeIdle() {
			o.l.Remove(e)
			delete(o.at, v)
		}
		e = prev
	}
}

func (o *openList) forget(sh *shard) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if e, ok := o.at[sh]; ok {
		o.l.Remove(e)
		delete(o.at, sh)
	}
}

// closeIdle closes the role's index unless a search is using it, and
// reports whether it is closed.
func (sh *shard) closeIdle() bool {
	if !sh.mu.TryLock() {
		return false // being opened or closed; its turn comes again
	}
	defer sh.mu.Unlock()
	if sh.inUse > 0 {
		return false
	}
	if sh.bi != nil {
		sh.bi.Close()
		sh.bi = nil
	}
	return true
}

// buildStore builds the role's index in its folder.
func (sh *shard) buildStore() error {
	store, fp := sh.store, sh.fp
	dir := filepath.Dir(store)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("index dir %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return fmt.Errorf("index dir %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp)
	bi, err := bleve.NewUsing(filepath.Join(tmp, "bleve"), sh.lexicon.mapping, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("create index in %s: %w", dir, err)
	}
	if err := fill(bi, sh.roleID, sh.docs()); err != nil {
		bi.Close()
		return err
	}
	if err := bi.Close(); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	// The marker is written last: a folder without it is an interrupted
	// build, rebuilt next time.
	if err := os.WriteFile(filepath.Join(tmp, "complete"), []byte(fp+"\n"), 0o644); err != nil {
		return fmt.Errorf("index marker: %w", err)
	}
	if err := os.RemoveAll(store); err != nil {
		return fmt.Errorf("replace index %s: %w", store, err)
	}
	if err := os.Rename(tmp, store); err != nil {
		return fmt.Errorf("replace index %s: %w", store, err)
	}
	sh.rebuilt = true
	return nil
}

// Prune removes the folders in dir that hold none of keep's role indexes:
// versions no longer in use, and builds that were interrupted.
func Prune(dir string, keep ...*Index) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	in := map[string]bool{}
	for _, k := range keep {
		if k == nil {
			continue
		}
		for _, sh := range k.shards {
			in[sh.store] = true
		}
	}
	var errs []error
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() && !in[p] {
			if _, err := os.Stat(filepath.Join(p, "complete")); err == nil || strings.HasPrefix(e.Name(), "build-") {
				errs = append(errs, os.RemoveAll(p))
			}
		}
	}
	return errors.Join(errs...)
}

func fill(bi bleve.Index, roleID string, docs []doc) error {
	b := bi.NewBatch()
	for i, d := range docs {
		id := docID(roleID, i)
		if err := b.Index(id, d); err != nil {
			return fmt.Errorf("index %s: %w", id, err)
		}
		// Large batches make few segments, and few segments make fast
		// searches; 10,000 items is ~150 roles.
		if b.Size() >= 10000 {
			if err := bi.Batch(b); err != nil {
				return fmt.Errorf("index batch: %w", err)
			}
			b.Reset()
		}
	}
	if err := bi.Batch(b); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	return nil
}

// fingerprint identifies content: a role's items, the synonyms, the schema.
func fingerprint(parts ...any) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, p := range parts {
		enc.Encode(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Close releases the index. Role indexes shared with another Index stay
// open until that one is closed too.
func (ix *Index) Close() error {
	ix.closed.Store(true)
	var errs []error
	for _, sh := range ix.shards {
		if sh.refs.Add(-1) == 0 {
			errs = append(errs, sh.close())
		}
	}
	return errors.Join(errs...)
}

func (sh *shard) close() error {
	opened.forget(sh)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.closed = true
	if sh.bi == nil {
		return nil
	}
	return sh.bi.Close()
}

// DocCount is the number of items indexed.
func (ix *Index) DocCount() int {
	n := 0
	for _, sh := range ix.shards {
		n += len(sh.items)
	}
	return n
}

var (
	compound = regexp.MustCompile(`\p{L}+(?:-\p{L}+)+`)
	punct    = regexp.MustCompile(`[,.;:()\[\]/!?"“”]+`)
)

// docID is the Bleve id of a role's i-th item, zero-padded so that Bleve's
// tie-break on _id is document order.
func docID(roleID string, i int) string { return fmt.Sprintf("%s/%06d", roleID, i) }

// itemOrder is the place of the item docID names in its role, -1 when it
// names none of n items.
func itemOrder(id string, n int) int {
	slash := strings.LastIndexByte(id, '/')
	if slash < 0 {
		return -1
	}
	i, err := strconv.Atoi(id[slash+1:])
	if err != nil || i < 0 || i >= n {
		return -1
	}
	return i
}

// docs are the Bleve documents of the role's items, in order.
func (sh *shard) docs() []doc {
	docs := make([]doc, len(sh.items))
	for i, it := range sh.items {
		docs[i] = doc{Role: sh.roleID, Kind: string(it.Kind), Area: it.Area, Level: string(it.Level),
			Text: it.Text, Alt: altText(it.Text), Heading: headingOf(it)}
	}
	return docs
}

// stems analyses s the way the index analyses text.
func (ix *lexicon) stems(s string) []string {
	if s == "" {
		return nil
	}
	toks := ix.an.Analyze([]byte(s))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, string(t.Term))
	}
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?]\s+`)

// sentenceSpans are the byte spans of the sentences of s: a sentence ends
// at . ! or ? followed by space and a capital or a digit ("e.g., supervision"
// does not end one).
func sentenceSpans(s string) [][2]int {
	var out [][2]int
	start := 0
	for _, m := range sentenceEnd.FindAllStringIndex(s, -1) {
		next, _ := utf8.DecodeRuneInString(s[m[1]:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) {
			continue
		}
		out = append(out, [2]int{start, m[0] + 1})
		start = m[1]
	}
	if end := len(strings.TrimRight(s, " ")); start < end {
		out = append(out, [2]int{start, end})
	}
	return out
}

// Search finds the items that best match req.Text in the roles asked for
// (all when none are). It never interprets the text as a query language.
func (ix *Index) Search(ctx context.Context, req bot.SearchRequest) ([]bot.Hit, error) {
	ids := req.RoleIDs
	if len(ids) == 0 {
		ids = ix.order
	}
	limit := req.Limit
	if limit <= 0 {
		limit = 5
	}
	var all []ranked
	for ri, id := range ids {
		sh, ok := ix.shards[id]
		if !ok {
			continue
		}
		hits, err := sh.search(ctx, req, limit)
		if err != nil {
			return nil, err
		}
		for i := range hits {
			hits[i].role = ri
		}
		if len(all) == 0 {
			all = hits // one role, as most searches are: no copy
		} else {
			all = append(all, hits...)
		}
	}
	// Equal ranks break by role and document order: the same question over
	// the same library gets the same answer on every run.
	sort.Slice(all, func(a, b int) bool {
		x, y := all[a], all[b]
		if x.rank != y.rank {
			return x.rank > y.rank
		}
		if x.role != y.role {
			return x.role < y.role
		}
		return x.order < y.order
	})
	if len(all) > limit {
		all = all[:limit]
	}
	// Only the hits returned are described in full: the words they match
	// and miss, and their best sentence.
	out := make([]bot.Hit, len(all))
	for i, h := range all {
		out[i] = h.hit()
	}
	return out, nil
}

// ranked is a hit as searches rank it; hit describes it in full.
type ranked struct {
	q        *shardQuery
	score    float64
	coverage float64
	strength float64
	direct   float64 // the part of strength the question's own words match
	matched  uint64  // bit i: the item matches concept i (maxConcepts fit)
	rank     float64
	role     int // place of the role in the request
	order    int // place of the item in its role
}

var _ = [64 - maxConcepts]struct{}{} // matched has a bit for each concept

// shardQuery is what one search of a role shares among its hits.
type shardQuery struct {
	sh       *shard
	rs       *roleStats
	concepts []concept
	unknown  []string
}

func (r ranked) hit() bot.Hit {
	q := r.q
	info, item := q.rs.items[r.order], q.sh.items[r.order]
	hit := bot.Hit{RoleID: q.sh.roleID, Item: item, Score: r.score, Unknown: q.unknown, Norm: math.Log(1 + float64(q.rs.n)),
		Coverage: r.coverage, Strength: r.strength, Direct: r.direct}
	// One array holds both lists; a list with no words stays nil.
	n := bits.OnesCount64(r.matched)
	words := make([]string, 0, len(q.concepts))
	for i, c := range q.concepts {
		if r.matched&(1<<i) != 0 {
			words = append(words, c.words)
		}
	}
	for i, c := range q.concepts {
		if r.matched&(1<<i) == 0 {
			words = append(words, c.words)
		}
	}
	if n > 0 {
		hit.Matched = words[:n:n]
	}
	if n < len(words) {
		hit.Missing = words[n:]
	}
	hit.Fragment = bestSentence(item.Text, info, q.concepts)
	return hit
}

func (ix *shard) search(ctx context.Context, req bot.SearchRequest, limit int) ([]ranked, error) {
	rs := ix.roleStats()
	concepts := ix.concepts(rs, req.Text)
	if len(concepts) == 0 {
		return nil, nil
	}
	q := ix.query(rs, concepts, req)
	bi, release, err := ix.index()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res, err := topHits(ctx, bi, q, max(limit*4, 20))
	release()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	sq := &shardQuery{sh: ix, rs: rs, concepts: concepts}
	for _, c := range concepts {
		if c.unknown {
			sq.unknown = append(sq.unknown, c.words)
		}
	}
	hits := make([]ranked, 0, len(res.Hits))
	for _, h := range res.Hits {
		order := itemOrder(h.ID, len(ix.items))
		if order < 0 {
			continue
		}
		info := rs.items[order]
		hit := ranked{q: sq, score: h.Score, order: order}
		var total, got float64
		for i := range concepts {
			c := &concepts[i]
			total += c.weight
			if w, weak := c.match(info.stems, &info.bloom, info.bigrams); w > 0 {
				got += c.weight * w
				hit.matched |= 1 << i
				if !weak {
					hit.direct += c.weight * w
				}
			}
		}
		if total > 0 {
			hit.coverage = got / total
		}
		hit.strength = got
		// Bleve ranks by BM25; an item that answers every part of the
		// question should still beat one that repeats a single part of it,
		// and words side by side in both ("patient groups") beat the same
		// words across a comma ("patients, groups and communities").
		hit.rank = h.Score * (0.25 + hit.coverage*hit.coverage) * (1 + 0.5*pairs(concepts, info))
		hits = append(hits, hit)
	}
	return hits, nil
}

// topHits are the n items q scores best, equal scores broken by document
// order (the ids sort so). Bleve sorts by id only at a cost for every item
// it considers, and the bot ranks the hits again anyway: what matters is
// which n items they are. So the first search sorts by score alone and
// asks for one more: when fewer match, or the last two differ in score,
// the n are the same whatever breaks ties; only a tie across the cut needs
// the search by score and id.
func topHits(ctx context.Context, bi bleve.Index, q query.Query, n int) (*bleve.SearchResult, error) {
	sr := bleve.NewSearchRequestOptions(q, n+1, 0, false)
	res, err := bi.SearchInContext(ctx, sr)
	if err != nil || len(res.Hits) <= n {
		return res, err
	}
	if res.Hits[n-1].Score > res.Hits[n].Score {
		res.Hits = res.Hits[:n]
		return res, nil
	}
	sr = bleve.NewSearchRequestOptions(q, n, 0, false)
	sr.SortBy([]string{"-_score", "_id"})
	return bi.SearchInContext(ctx, sr)
}

// pairs is the share of the question's neighbouring words that the item
// also has side by side.
func pairs(concepts []concept, info *itemStats) float64 {
	n, got := 0, 0
	for i := 1; i < len(concepts); i++ {
		a, b := concepts[i-1], concepts[i]
		if b.start-a.end > 4 {
			continue
		}
		n++
		if hasPair(info.bigrams, last(a.alts[0].ids), b.alts[0].ids[0]) {
			got++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(got) / float64(n)
}

func last(s []termID) termID { return s[len(s)-1] }

func bestSentence(text string, info *itemStats, concepts []concept) string {
	best, bestW := "", -1.0
	for _, s := range info.sentences {
		w := 0.0
		for i := range concepts {
			c := &concepts[i]
			w += c.weight * c.matchWeight(s.stems, nil)
		}
		if w > bestW {
			best, bestW = text[s.start:s.end], w
		}
	}
	return best
}
