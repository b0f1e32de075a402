package index

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

// TestAbsentPhrasesScoreAlike: a search that stands in for the phrases
// that find nothing in a role finds the same items with the same scores, to the last
// bit, as one that asks Bleve every phrase, over the development set's
// roles and questions.
func TestAbsentPhrasesScoreAlike(t *testing.T) {
	c := devCorpus(t)
	ix := devIndex(t, c)
	qs := devQuestions(t)
	search := func(q string, r *corpus.Role, standIns bool) []bot.Hit {
		phraseStandIns = standIns
		defer func() { phraseStandIns = true }()
		hits, err := ix.Search(context.Background(), bot.SearchRequest{Text: q, RoleIDs: []string{r.ID}, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}
	stoodIn := 0
	for _, r := range c.Roles {
		for _, q := range qs {
			want := search(q, r, false)
			if got := search(q, r, true); !reflect.DeepEqual(got, want) {
				t.Errorf("%s %q:\n%+v\nwant\n%+v", r.ID, q, got, want)
			}
		}
		sh := ix.shards[r.ID]
		sh.absent.mu.Lock()
		for _, st := range sh.absent.phrases {
			if !st.finds {
				stoodIn++
			}
		}
		sh.absent.mu.Unlock()
	}
	if stoodIn == 0 {
		t.Error("no phrase was stood in for: the test tests nothing")
	}
	t.Logf("%d questions x %d roles, %d phrases stood in for", len(qs), len(c.Roles), stoodIn)
}

// TestConcurrentSearchesAgree: searches under way at once, which share the
// caches of words, stems, phrases and stand-ins, find what one search at a
// time finds (run with -race).
func TestConcurrentSearchesAgree(t *testing.T) {
	c := devCorpus(t)
	qs := []string{"do i need HCPC registration", "assistve technolgy", "health and care professions council", "multi-tasking",
		"older adults and falls", "is a driving licence essential", "stop people ending up in A&E", "SQL or Python?"}
	search := func(ix *Index, r *corpus.Role, q string) []bot.Hit {
		hits, err := ix.Search(context.Background(), bot.SearchRequest{Text: q, RoleIDs: []string{r.ID}, Limit: 8})
		if err != nil {
			t.Error(err)
		}
		for i := range hits {
			// Bleve adds a document's term scores in an order that varies
			// from index to index: the last bit may differ.
			hits[i].Score = math.Round(hits[i].Score*1e12) / 1e12
		}
		return hits
	}
	// Each index learns its stand-ins afresh: one serially, one at once.
	serial := devIndex(t, c)
	want := map[string][]bot.Hit{}
	for _, r := range c.Roles {
		for _, q := range qs {
			want[r.ID+"|"+q] = search(serial, r, q)
		}
	}
	ix := devIndex(t, c)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 3 {
				for i, r := range c.Roles {
					for j, q := range qs {
						if (i+j+k+g)%2 == 0 {
							continue // goroutines meet each pair in different orders
						}
						if got := search(ix, r, q); !reflect.DeepEqual(got, want[r.ID+"|"+q]) {
							t.Errorf("%s %q: concurrent search differs:\n%+v\nwant\n%+v", r.ID, q, got, want[r.ID+"|"+q])
						}
					}
				}
			}
		})
	}
	wg.Wait()
}

// devCorpus is the development set's roles.
func devCorpus(t *testing.T) *corpus.Corpus {
	t.Helper()
	c, err := corpus.LoadDir("../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// devIndex indexes c, closed when the test ends.
func devIndex(t *testing.T, c *corpus.Corpus) *Index {
	t.Helper()
	ix, err := Build(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// devQuestions are the development set's questions.
func devQuestions(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../testdata/dev/questions/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatal("no questions", err)
	}
	var qs []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			var q struct{ Q string }
			if json.Unmarshal(sc.Bytes(), &q) == nil && q.Q != "" {
				qs = append(qs, q.Q)
			}
		}
		fh.Close()
	}
	return qs
}
