package index

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/rolegen"
)

func defaultCorpus(t *testing.T) *corpus.Corpus {
	t.Helper()
	c, err := corpus.Load(corpus.Default())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSharedItemStats: the same item text in many roles is analysed and
// stored once.
func TestSharedItemStats(t *testing.T) {
	base := defaultCorpus(t)
	c := &corpus.Corpus{Roles: rolegen.Roles(base.Roles[0], 3), Synonyms: base.Synonyms}
	ix, err := Build(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	a, b := ix.shards[c.Roles[0].ID].roleStats(), ix.shards[c.Roles[2].ID].roleStats()
	for i := range a.items {
		if a.items[i] != b.items[i] {
			t.Fatalf("item %d is stored twice", i)
		}
	}
}

// TestMemoryReturns: once the roles of a library are gone (the index that
// held them closed), the memory they held is free again.
func TestMemoryReturns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 60 roles")
	}
	base := defaultCorpus(t)
	roles := rolegen.Roles(base.Roles[0], 60)
	for i, r := range roles {
		// Every role its own text, so that nothing is shared.
		its := make([]corpus.Item, len(r.Items))
		for j, it := range r.Items {
			it.Text = fmt.Sprintf("%s Role %d item %d.", it.Text, i, j)
			its[j] = it
		}
		r.Items = its
	}
	heap := func() uint64 {
		var m runtime.MemStats
		for range 3 {
			runtime.GC()
		}
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	// What a library of one role holds: the lexicon, the WordNet table a
	// first search loads, the role. Removing roles cannot return that.
	oneIx, err := Build(&corpus.Corpus{Roles: roles[:1], Synonyms: base.Synonyms}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := oneIx.Search(context.Background(), bot.SearchRequest{Text: "hcpc registration", RoleIDs: []string{roles[0].ID}}); err != nil {
		t.Fatal(err)
	}
	one := heap() - min(before, heap())
	oneIx.Close()
	oneIx = nil
	c := &corpus.Corpus{Roles: roles, Synonyms: base.Synonyms}
	ix, err := Build(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		if _, err := ix.Search(context.Background(), bot.SearchRequest{Text: "hcpc registration", RoleIDs: []string{r.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	held := heap() - before
	// A reload that keeps one role, then the old library retired.
	kept := &corpus.Corpus{Roles: roles[:1], Synonyms: base.Synonyms}
	next, err := Build(kept, Options{Reuse: ix})
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	ix.Close()
	roles, c, ix = nil, nil, nil
	// Cleanups run in their own goroutine, soon after a collection.
	n := 0
	for range 200 {
		items.mu.Lock()
		n = len(items.m)
		items.mu.Unlock()
		if n <= 2*len(kept.Roles[0].Items) {
			break
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	// Measured once the cleanups have run.
	after := heap() - min(before, heap())
	t.Logf("60 roles held %d MB; one role kept, %d MB; a library of one role %d MB", held>>20, after>>20, one>>20)
	// Most of what the 59 removed roles held must come back; the kept
	// library also keeps caches the reused role brings with it.
	if after > one+(held-min(one, held))/3 {
		t.Errorf("after removing 59 of 60 roles %d MB is still held, of %d MB", after>>20, held>>20)
	}
	if want := len(kept.Roles[0].Items); n > 2*want {
		t.Errorf("%d item statistics kept for one role of %d items", n, want)
	}
}

// TestOpenBounded: of the role indexes kept on disk, at most maxOpen are
// open at once, and a closed one opens again when searched.
func TestOpenBounded(t *testing.T) {
	defer func(n int) { maxOpen = n }(maxOpen)
	maxOpen = 2
	base := defaultCorpus(t)
	c := &corpus.Corpus{Roles: rolegen.Roles(base.Roles[0], 5), Synonyms: base.Synonyms}
	ix, err := Build(c, Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for range 2 {
		for _, r := range c.Roles {
			hits, err := ix.Search(context.Background(), bot.SearchRequest{Text: "hcpc registration", RoleIDs: []string{r.ID}})
			if err != nil || len(hits) == 0 || hits[0].RoleID != r.ID {
				t.Fatalf("%s: %v %v", r.ID, hits, err)
			}
			opened.mu.Lock()
			n := opened.l.Len()
			opened.mu.Unlock()
			if n > maxOpen {
				t.Errorf("%d indexes open, at most %d wanted", n, maxOpen)
			}
		}
	}
	open := 0
	for _, sh := range ix.shards {
		sh.mu.Lock()
		if sh.bi != nil {
			open++
		}
		sh.mu.Unlock()
	}
	if open > maxOpen {
		t.Errorf("%d indexes open, at most %d wanted", open, maxOpen)
	}
}

// TestTemplateRolesSearchAlike: roles with the same items answer alike,
// though all but one had their text's analysis from the build's cache.
func TestTemplateRolesSearchAlike(t *testing.T) {
	base := defaultCorpus(t)
	c := &corpus.Corpus{Roles: rolegen.Roles(base.Roles[0], 4), Synonyms: base.Synonyms}
	ix, err := Build(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, q := range []string{"hcpc registration", "older adults", "motivational interviewing", "multi-task", "triage emergency referrals", "assistve technolgy"} {
		var want []bot.Hit
		for i, r := range c.Roles {
			hits, err := ix.Search(context.Background(), bot.SearchRequest{Text: q, RoleIDs: []string{r.ID}, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			for j := range hits {
				hits[j].RoleID = ""
				// Bleve adds a document's term scores in an order that
				// varies from index to index: the last bit may differ.
				hits[j].Score = math.Round(hits[j].Score*1e12) / 1e12
			}
			if i == 0 {
				want = hits
			} else if !reflect.DeepEqual(hits, want) {
				t.Errorf("%q: %s answers\n%+v\nnot as %s:\n%+v", q, r.ID, hits, c.Roles[0].ID, want)
			}
		}
	}
}

// TestWarm: Warm works out every role's statistics; a closed index stops.
func TestWarm(t *testing.T) {
	base := defaultCorpus(t)
	c := &corpus.Corpus{Roles: rolegen.Roles(base.Roles[0], 3), Synonyms: base.Synonyms}
	ix, err := Build(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Warm()
	for id, sh := range ix.shards {
		if sh.stats == nil {
			t.Errorf("%s not warmed", id)
		}
	}
	ix.Close()
	ix, err = Build(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix.Warm()
	for id, sh := range ix.shards {
		if sh.stats != nil {
			t.Errorf("%s warmed after the index closed", id)
		}
	}
}
