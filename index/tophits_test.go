package index

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/recruitbot/recruitbot/bot"
)

// TestTopHitsAsSortedByID: topHits finds the items Bleve's search sorted by
// score and id finds, with the same scores, for every question of the
// development set over its roles, and for cuts small enough that many items
// tie across them.
func TestTopHitsAsSortedByID(t *testing.T) {
	c := devCorpus(t)
	ix := devIndex(t, c)
	qs := devQuestions(t)
	type hit struct {
		id    string
		score float64
	}
	sorted := func(res *bleve.SearchResult) []hit {
		var out []hit
		for _, h := range res.Hits {
			out = append(out, hit{h.ID, h.Score})
		}
		slices.SortFunc(out, func(a, b hit) int {
			if a.score != b.score {
				if a.score > b.score {
					return -1
				}
				return 1
			}
			return strings.Compare(a.id, b.id)
		})
		return out
	}
	ctx := context.Background()
	searches, ties := 0, 0
	for _, r := range c.Roles {
		sh := ix.shards[r.ID]
		rs := sh.roleStats()
		bi, release, err := sh.index()
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range qs {
			concepts := sh.concepts(rs, text)
			if len(concepts) == 0 {
				continue
			}
			q := sh.query(rs, concepts, bot.SearchRequest{Text: text, RoleIDs: []string{r.ID}})
			for _, n := range []int{1, 3, 8, 32} {
				sr := bleve.NewSearchRequestOptions(q, n, 0, false)
				sr.SortBy([]string{"-_score", "_id"})
				want, err := bi.SearchInContext(ctx, sr)
				if err != nil {
					t.Fatal(err)
				}
				got, err := topHits(ctx, bi, q, n)
				if err != nil {
					t.Fatal(err)
				}
				searches++
				if len(want.Hits) == n && want.Total > uint64(n) {
					ties++ // more items match than are kept
				}
				if g, w := sorted(got), sorted(want); !slices.Equal(g, w) {
					t.Errorf("%s %q, %d hits:\n%v\nwant\n%v", r.ID, text, n, g, w)
				}
			}
		}
		release()
	}
	if ties == 0 {
		t.Error("no search kept fewer items than matched: the test tests nothing")
	}
	t.Logf("%d searches, %d with more items matching than kept", searches, ties)
}
