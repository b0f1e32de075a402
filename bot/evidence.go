package bot

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/wordnet"
)

// Evidence is what the job description offers for a question: the items
// that match its focus, best first.
type Evidence struct {
	Hits []Hit
}

// errNoIndex: a library without a searcher cannot answer from the text.
var errNoIndex = errors.New("no search index loaded")

// evidence is the only caller of the searcher. An error is returned, never
// turned into "the job description doesn't say".
func (b *Bot) evidence(ctx context.Context, st *state, r *corpus.Role, focus []string, kinds ...corpus.Kind) (Evidence, error) {
	if len(focus) == 0 {
		return Evidence{}, nil
	}
	if st.Searcher == nil {
		return Evidence{}, errNoIndex
	}
	hits, err := st.Searcher.Search(ctx, SearchRequest{Text: strings.Join(ownNames(r, focus), " "), RoleIDs: []string{r.ID}, Kinds: kinds, Limit: 8})
	if err != nil {
		return Evidence{}, err
	}
	return Evidence{Hits: hits}, nil
}

// SearchWords are the words the bot searches r for, given a question's
// focus (for tools that show the search).
func SearchWords(r *corpus.Role, focus []string) []string { return ownNames(r, focus) }

// ownNames spells out the role's one-word aliases in the focus: in the
// social worker's job description "a hospital SW team" is a hospital
// social work team, which its items say in full.
func ownNames(r *corpus.Role, focus []string) []string {
	var out []string
	for i, w := range focus {
		full := ""
		for _, a := range r.Aliases {
			if strings.EqualFold(a, w) && !strings.Contains(a, " ") {
				full = bareTitle(r.Title)
				break
			}
		}
		if full == "" || strings.EqualFold(full, w) {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = append(out, focus[:i]...)
		}
		// the words that say what the job is: "occupational therapist"
		// of "Primary care occupational therapist"
		for _, t := range tokens(full) {
			if !titleFiller[t] {
				out = append(out, t)
			}
		}
	}
	if out == nil {
		return focus
	}
	return out
}

// best is the first hit, if the policy trusts it.
func (e Evidence) best(p Policy) (Hit, bool) {
	if len(e.Hits) == 0 || !p.confident(e.Hits[0]) {
		return Hit{}, false
	}
	return e.Hits[0], true
}

// bestOf is the best confident hit of one of kinds ranking within share of
// the first hit's score.
func (e Evidence) bestOf(p Policy, share float64, kinds ...corpus.Kind) (Hit, bool) {
	if len(e.Hits) == 0 {
		return Hit{}, false
	}
	for _, h := range e.Hits {
		if h.Score < share*e.Hits[0].Score {
			break
		}
		for _, k := range kinds {
			if h.Item.Kind == k && p.confident(h) {
				return h, true
			}
		}
	}
	return Hit{}, false
}

// covering is the first confident hit of one of kinds that covers at least
// as much of the question as the first hit, whatever its score: "haven't
// done my smear training, is that a problem?" is answered by the criterion
// on cervical screening training, though the duty to take smears ranks
// higher on the word they share.
func (e Evidence) covering(p Policy, kinds ...corpus.Kind) (Hit, bool) {
	if len(e.Hits) == 0 {
		return Hit{}, false
	}
	for _, h := range e.Hits {
		if h.Coverage >= e.Hits[0].Coverage && slices.Contains(kinds, h.Item.Kind) && p.confident(h) {
			return h, true
		}
	}
	return Hit{}, false
}

// selfCriterion is the first criterion that covers StrongCoverage of a
// question in which the asker describes themselves, matching one word of
// it that is not everyday English directly.
func (e Evidence) selfCriterion(p Policy) (Hit, bool) {
	for _, h := range e.Hits {
		if h.Item.Kind != corpus.Criterion || h.Coverage < p.StrongCoverage || h.Direct <= 0 {
			continue
		}
		for _, m := range h.Matched {
			if strings.Contains(m, " ") || !wordnet.Everyday(m) {
				return h, true
			}
		}
	}
	return Hit{}, false
}

// speaking is the first confident hit covering the question surely whose
// text holds one of words' phrases: the item that speaks of a topic
// ("funded") as well as of the thing asked about. With said, words are how
// items say it ("the PPE provided"), and any of them counts.
func (e Evidence) speaking(p Policy, words *phraseSet, said bool) (Hit, bool) {
	for _, h := range e.Hits {
		if h.Coverage < p.SureCoverage || !p.confident(h) {
			continue
		}
		if ts := tokens(h.Item.Text); speaksOf(ts, words) || said && words.has(ts) {
			return h, true
		}
	}
	return Hit{}, false
}

// related is h and up to two more hits that answer nearly as well.
func (e Evidence) related(p Policy, h Hit) []Hit {
	out := []Hit{h}
	for _, o := range e.Hits {
		if len(out) == 3 {
			break
		}
		if o.Item.Text == h.Item.Text && o.Item.Number == h.Item.Number && o.Item.Kind == h.Item.Kind {
			continue
		}
		if p.confident(o) && o.Coverage >= p.RelatedCoverage*h.Coverage && o.Score >= p.RelatedScore*h.Score {
			out = append(out, o)
		}
	}
	return out
}

// speaksOf reports whether an item's words hold one of a topic's: a phrase,
// or a word that names a thing. A word mostly used for doing something
// says nothing of the topic: "never leave the vehicle unattended" is not
// about annual leave.
func speaksOf(ws []string, words *phraseSet) bool {
	inner := lxCompound.cover(ws)
	for i := range ws {
		if inner[i] {
			// "bank holidays" says nothing of annual leave.
			continue
		}
		switch n := words.at(ws, i); {
		case n > 1:
			return true
		case n == 1:
			if c, noun := wordnet.Count(ws[i]); c == 0 || noun >= 0.5 {
				return true
			}
		}
	}
	return false
}
