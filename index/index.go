// Package index is the search side of the bot: a Bleve index with one
// document per citable item (scope paragraph, duty, criterion, supervision),
// English analysis with stemming, and the corpus's domain synonyms. It
// implements bot.Searcher.
package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

// schemaVersion changes whenever the mapping or analysis changes, so that an
// index kept on disk by an older build is rebuilt rather than misread.
const schemaVersion = "3"

const analyzerName = "recruit"

// Options say where the index lives.
type Options struct {
	// Dir keeps the index on disk there, so that a restart with the same
	// corpus opens it instead of rebuilding it. "" keeps it in memory.
	Dir string
}

// Index is a searchable corpus. It is safe for concurrent use.
type Index struct {
	bi      bleve.Index
	an      analysis.Analyzer
	docs    map[string]*docInfo
	df      map[string]int    // stem -> number of documents that hold it
	n       int               // number of documents
	vocab   []string          // every stem, sorted, for spelling variants
	surface map[string]string // every word as written (lower case) -> its stem
	syn     []synGroup
	store   string // on-disk folder, "" in memory
	Rebuilt bool   // false when an on-disk index was reused
}

type docInfo struct {
	roleID    string
	item      corpus.Item
	stems     map[string]bool
	bigrams   map[[2]string]bool // stems side by side, with no punctuation between
	sentences []sentence
}

type sentence struct {
	text  string
	stems map[string]bool
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

func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bindex.BM25Scoring
	err := m.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":      custom.Name,
		"tokenizer": unicode.Name,
		"token_filters": []string{
			en.PossessiveName,
			lowercase.Name,
			en.StopName,
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

// Build indexes every item of every role in c.
func Build(c *corpus.Corpus, opts Options) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	an := m.AnalyzerNamed(analyzerName)
	if an == nil {
		return nil, errors.New("index mapping: analyzer missing")
	}
	ix := &Index{an: an, docs: map[string]*docInfo{}, df: map[string]int{}, surface: map[string]string{}}
	docs := ix.prepare(c)
	ix.syn = ix.synonyms(c.Synonyms)

	if opts.Dir == "" {
		bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("create index: %w", err)
		}
		ix.bi, ix.Rebuilt = bi, true
		if err := fill(bi, docs); err != nil {
			bi.Close()
			return nil, err
		}
		return ix, nil
	}
	if err := ix.openOrBuild(opts.Dir, m, docs, fingerprint(c)); err != nil {
		return nil, err
	}
	return ix, nil
}

// openOrBuild reuses the index in dir that was built from the same corpus
// by the same schema, and otherwise builds one beside it. Each corpus
// version has its own folder, so an index still answering questions is
// never overwritten by its successor; Prune removes the old ones.
func (ix *Index) openOrBuild(dir string, m mapping.IndexMapping, docs map[string]doc, fp string) error {
	store := filepath.Join(dir, storePrefix+fp[:16])
	ix.store = store
	if _, err := os.Stat(filepath.Join(store, "complete")); err == nil {
		if bi, err := bleve.Open(filepath.Join(store, "bleve")); err == nil {
			if n, err := bi.DocCount(); err == nil && int(n) == len(docs) {
				ix.bi = bi
				return nil
			}
			bi.Close()
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("index dir %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return fmt.Errorf("index dir %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp)
	bi, err := bleve.NewUsing(filepath.Join(tmp, "bleve"), m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("create index in %s: %w", dir, err)
	}
	if err := fill(bi, docs); err != nil {
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
	bi, err = bleve.Open(filepath.Join(store, "bleve"))
	if err != nil {
		return fmt.Errorf("open index %s: %w", store, err)
	}
	ix.bi, ix.Rebuilt = bi, true
	return nil
}

const storePrefix = "corpus-"

// Prune removes the index folders in dir that belong to none of keep: the
// versions of the corpus no longer in use.
func Prune(dir string, keep ...*Index) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	in := map[string]bool{}
	for _, k := range keep {
		if k != nil {
			in[k.store] = true
		}
	}
	var errs []error
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() && (strings.HasPrefix(e.Name(), storePrefix) || strings.HasPrefix(e.Name(), "build-")) && !in[p] {
			errs = append(errs, os.RemoveAll(p))
		}
	}
	return errors.Join(errs...)
}

func fill(bi bleve.Index, docs map[string]doc) error {
	ids := make([]string, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	b := bi.NewBatch()
	for _, id := range ids {
		if err := b.Index(id, docs[id]); err != nil {
			return fmt.Errorf("index %s: %w", id, err)
		}
		if b.Size() >= 1000 {
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

// fingerprint identifies a corpus's content and the schema it is indexed with.
func fingerprint(c *corpus.Corpus) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.Encode(schemaVersion)
	for _, r := range c.Roles {
		enc.Encode(r.ID)
		enc.Encode(r.Items)
	}
	enc.Encode(c.Synonyms)
	return hex.EncodeToString(h.Sum(nil))
}

// Close releases the index.
func (ix *Index) Close() error { return ix.bi.Close() }

// DocCount is the number of items indexed.
func (ix *Index) DocCount() int { return len(ix.docs) }

var (
	compound = regexp.MustCompile(`\p{L}+(?:-\p{L}+)+`)
	punct    = regexp.MustCompile(`[,.;:()\[\]/!?"“”]+`)
)

// prepare analyses every item once, for the Bleve documents and for the
// coverage and fragment computations searches do in Go.
func (ix *Index) prepare(c *corpus.Corpus) map[string]doc {
	docs := map[string]doc{}
	for _, r := range c.Roles {
		for i, it := range r.Items {
			id := r.ID + "/" + strconv.Itoa(i)
			var alt []string
			for _, w := range compound.FindAllString(it.Text, -1) {
				alt = append(alt, strings.ReplaceAll(w, "-", ""))
			}
			heading := it.Section
			if it.Area != "" {
				heading = it.Area
			}
			d := doc{Role: r.ID, Kind: string(it.Kind), Area: it.Area, Level: string(it.Level),
				Text: it.Text, Alt: strings.Join(alt, " "), Heading: heading}
			docs[id] = d
			info := &docInfo{roleID: r.ID, item: it, stems: map[string]bool{}, bigrams: map[[2]string]bool{}}
			for _, seg := range punct.Split(it.Text, -1) {
				st := ix.stems(seg)
				for i := 1; i < len(st); i++ {
					info.bigrams[[2]string{st[i-1], st[i]}] = true
				}
			}
			for _, s := range ix.stems(d.Text + " " + d.Alt + " " + d.Heading) {
				info.stems[s] = true
			}
			for _, s := range splitSentences(it.Text) {
				st := map[string]bool{}
				for _, t := range ix.stems(s) {
					st[t] = true
				}
				info.sentences = append(info.sentences, sentence{text: s, stems: st})
			}
			for s := range info.stems {
				ix.df[s]++
			}
			for _, t := range ix.an.Analyze([]byte(it.Text)) {
				ix.surface[strings.ToLower(it.Text[t.Start:t.End])] = string(t.Term)
			}
			ix.docs[id] = info
		}
	}
	ix.n = len(docs)
	for s := range ix.df {
		ix.vocab = append(ix.vocab, s)
	}
	sort.Strings(ix.vocab)
	return docs
}

// stems analyses s the way the index analyses text.
func (ix *Index) stems(s string) []string {
	toks := ix.an.Analyze([]byte(s))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, string(t.Term))
	}
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?]\s+(?:\p{Lu}|\d)`)

func splitSentences(s string) []string {
	var out []string
	for {
		loc := sentenceEnd.FindStringIndex(s)
		if loc == nil {
			break
		}
		out = append(out, strings.TrimSpace(s[:loc[0]+1]))
		s = s[loc[1]-1:]
		// sentenceEnd consumed the next sentence's first rune; step back to it
		for len(s) > 0 && s[0]&0xC0 == 0x80 {
			s = s[1:]
		}
	}
	if s = strings.TrimSpace(s); s != "" {
		out = append(out, s)
	}
	return out
}

// Search finds the items that best match req.Text. It never interprets the
// text as a query language.
func (ix *Index) Search(ctx context.Context, req bot.SearchRequest) ([]bot.Hit, error) {
	concepts := ix.concepts(req.Text)
	if len(concepts) == 0 {
		return nil, nil
	}
	q := ix.query(concepts, req)
	limit := req.Limit
	if limit <= 0 {
		limit = 5
	}
	sr := bleve.NewSearchRequestOptions(q, max(limit*4, 20), 0, false)
	res, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var unknown []string
	for _, c := range concepts {
		if c.unknown {
			unknown = append(unknown, c.words)
		}
	}
	hits := make([]bot.Hit, 0, len(res.Hits))
	ranks := map[string]float64{}
	var ids []string
	for _, h := range res.Hits {
		info, ok := ix.docs[h.ID]
		if !ok {
			continue
		}
		hit := bot.Hit{RoleID: info.roleID, Item: info.item, Score: h.Score, Unknown: unknown}
		var total, got float64
		for _, c := range concepts {
			total += c.weight
			if w := c.matchWeight(info.stems); w > 0 {
				got += c.weight * w
				hit.Matched = append(hit.Matched, c.words)
			} else {
				hit.Missing = append(hit.Missing, c.words)
			}
		}
		if total > 0 {
			hit.Coverage = got / total
		}
		hit.Strength = got
		hit.Fragment = bestSentence(info, concepts)
		// Bleve ranks by BM25; an item that answers every part of the
		// question should still beat one that repeats a single part of it,
		// and words side by side in both ("patient groups") beat the same
		// words across a comma ("patients, groups and communities").
		ranks[h.ID] = h.Score * (0.25 + hit.Coverage*hit.Coverage) * (1 + 0.5*pairs(concepts, info))
		hits = append(hits, hit)
		ids = append(ids, h.ID)
	}
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ranks[ids[order[a]]] > ranks[ids[order[b]]] })
	sorted := make([]bot.Hit, len(hits))
	for i, o := range order {
		sorted[i] = hits[o]
	}
	hits = sorted
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// pairs is the share of the question's neighbouring words that the item
// also has side by side.
func pairs(concepts []concept, info *docInfo) float64 {
	n, got := 0, 0
	for i := 1; i < len(concepts); i++ {
		a, b := concepts[i-1], concepts[i]
		if b.start-a.end > 4 {
			continue
		}
		n++
		if info.bigrams[[2]string{last(a.alts[0].stems), b.alts[0].stems[0]}] {
			got++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(got) / float64(n)
}

func last(s []string) string { return s[len(s)-1] }

func bestSentence(info *docInfo, concepts []concept) string {
	best, bestW := "", -1.0
	for _, s := range info.sentences {
		w := 0.0
		for _, c := range concepts {
			w += c.weight * c.matchWeight(s.stems)
		}
		if w > bestW {
			best, bestW = s.text, w
		}
	}
	return best
}
