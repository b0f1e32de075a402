package main

import (
	"context"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/devset"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

// BenchmarkAnswerVsMatchQuery answers the development set's questions about
// the occupational therapist role with the bot, and runs the same questions
// as a plain Bleve match query over the same role's items, in the same run:
// the bot's cost per question against the floor any search pays. Each
// reports p50 and p99 per question.
//
//	go test -run '^$' -bench AnswerVsMatchQuery -benchtime 3000x .
func BenchmarkAnswerVsMatchQuery(b *testing.B) {
	c, err := corpus.Load(corpus.Default())
	if err != nil {
		b.Fatal(err)
	}
	sets, err := devset.Load("testdata/dev/questions")
	if err != nil {
		b.Fatal(err)
	}
	var qs []string
	for _, s := range sets {
		if s.RoleID == c.Roles[0].ID {
			for _, q := range s.Questions {
				qs = append(qs, q.Q)
			}
		}
	}
	if len(qs) == 0 {
		b.Fatal("no questions")
	}
	lib, closeLib, err := testkit.Library(c)
	if err != nil {
		b.Fatal(err)
	}
	defer closeLib()
	bt := bot.New(lib, nil)
	ctx := context.Background()
	b.Run("bot", func(b *testing.B) {
		timed(b, qs, func(q string) { bt.Answer(ctx, bot.Question{Text: q}) })
	})

	plain, err := bleve.NewMemOnly(bleve.NewIndexMapping())
	if err != nil {
		b.Fatal(err)
	}
	defer plain.Close()
	for i, it := range c.Roles[0].Items {
		if err := plain.Index(strconv.Itoa(i), map[string]string{"text": it.Text}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("bleve-match", func(b *testing.B) {
		timed(b, qs, func(q string) {
			if _, err := plain.SearchInContext(ctx, bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), 5, 0, false)); err != nil {
				b.Fatal(err)
			}
		})
	})
}

func timed(b *testing.B, qs []string, f func(string)) {
	b.ReportAllocs()
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		f(qs[i%len(qs)])
		lat = append(lat, time.Since(t))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if n := len(lat); n > 0 {
		b.ReportMetric(float64(lat[n/2].Microseconds()), "p50-µs")
		b.ReportMetric(float64(lat[n*99/100].Microseconds()), "p99-µs")
	}
}
