// Package rolegen makes many roles from one, for benchmarks at the scale of
// a recruiter with every open role in one bot.
package rolegen

import (
	"fmt"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

var (
	places  = []string{"Leeds", "Bristol", "Norwich", "Cardiff", "Glasgow", "Belfast", "Truro", "York", "Derby", "Hull"}
	kinds   = []string{"primary care", "community", "rural", "urban", "integrated care", "neighbourhood", "city", "coastal"}
	grades  = []string{"Band 6", "Band 7", "Band 8a"}
	pattern = []string{"37.5 hours, full time", "22.5 hours over three days", "30 hours, job share considered"}
)

// Roles returns n roles: copies of base with varied ids, titles and
// recruiter facts, and the base's items.
func Roles(base *corpus.Role, n int) []*corpus.Role {
	out := make([]*corpus.Role, n)
	for i := range out {
		r := *base
		r.ID = fmt.Sprintf("%s-%04d", base.ID, i)
		r.Title = fmt.Sprintf("%s %s %d (%s)", kinds[i%len(kinds)], base.Title, i, places[i%len(places)])
		r.Aliases = nil
		r.Facts = corpus.Facts{
			Salary:      grades[i%len(grades)],
			Location:    places[i%len(places)],
			Hours:       pattern[i%len(pattern)],
			Contract:    "Permanent",
			ClosingDate: corpus.Date{Time: time.Date(2027, 1, 1+i%28, 0, 0, 0, 0, time.UTC)},
		}
		out[i] = &r
	}
	return out
}
