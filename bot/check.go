package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

const checkStrength = 2.5

var (
	checkRE  = regexp.MustCompile(`^(please )?(check me|check my (profile|eligibility|experience|cv)|am i eligible|eligibility check|self[- ]check)\b[\s:,.-]*`)
	clauseRE = regexp.MustCompile(`[,;\n•]+|\.\s+|\s+(?:and|plus|also|with)\s+`)
)

// check compares what an applicant says about themselves with the
// essential and desirable criteria. It keeps nothing about the person.
func (b *Bot) check(ctx context.Context, lib *state, r *corpus.Role, profile string) Answer {
	const guide = "This is a guide, not a screening decision: the recruiter reads every application in full. I keep nothing you tell me."
	if strings.TrimSpace(profile) == "" {
		return Answer{Intent: IntentCheck, Text: "Tell me about yourself after \"check me:\", e.g. \"check me: HCPC registered, BSc OT, 3 years in community mental health\". " + guide}
	}
	if len(profile) > MaxProfile {
		return Answer{Intent: IntentCheck, Text: fmt.Sprintf("That is %d characters; please keep the self-check under %d. %s", len(profile), MaxProfile, guide)}
	}
	// Each clause of the profile is matched to the criteria it speaks to.
	addressed := map[int]string{} // item index in r.Items -> the words that address it
	idx := map[string]int{}
	for i, it := range r.Items {
		idx[it.Text] = i
	}
	for _, clause := range clauseRE.Split(profile, -1) {
		clause = strings.TrimSpace(clause)
		if len(words(clause)) == 0 {
			continue
		}
		topic := topicText(words(clause), nil)
		if topic == "" {
			continue
		}
		hits, err := lib.Searcher.Search(ctx, SearchRequest{Text: topic, RoleIDs: []string{r.ID},
			Kinds: []corpus.Kind{corpus.Criterion}, Limit: 3})
		if err != nil {
			b.log.Warn("self-check search failed", "role", r.ID, "err", err)
			continue
		}
		for _, h := range hits {
			// A profile clause is a description, not a question: it says
			// more than any one criterion, so what counts is that it names
			// something substantial the criterion asks for.
			if h.Strength < checkStrength || h.Coverage < 0.3 || h.Score < 0.5*hits[0].Score {
				continue
			}
			i := idx[h.Item.Text]
			if prev, ok := addressed[i]; ok {
				if !strings.Contains(prev, clause) {
					addressed[i] = prev + "; " + clause
				}
			} else {
				addressed[i] = clause
			}
		}
	}
	var b2 strings.Builder
	ess := r.Criteria("", corpus.Essential)
	got := 0
	var lines []string
	var cs []Citation
	for _, it := range ess {
		if words, ok := addressed[idx[it.Text]]; ok {
			got++
			lines = append(lines, fmt.Sprintf("✓ %s · Essential: “%s” (you said: “%s”)", it.Area, shorten(it.Text, 110), words))
		} else {
			lines = append(lines, fmt.Sprintf("✗ not mentioned · %s · Essential: “%s”", it.Area, shorten(it.Text, 110)))
		}
		cs = append(cs, cite(r, it))
	}
	fmt.Fprintf(&b2, "Self-check against the %s role: your description addresses %d of %d Essential criteria. %s", r.Title, got, len(ess), guide)
	b2.WriteString("\n" + strings.Join(lines, "\n"))
	var des []string
	for _, it := range r.Criteria("", corpus.Desirable) {
		if words, ok := addressed[idx[it.Text]]; ok {
			des = append(des, fmt.Sprintf("✓ %s · Desirable: “%s” (you said: “%s”)", it.Area, shorten(it.Text, 110), words))
			cs = append(cs, cite(r, it))
		}
	}
	if len(des) > 0 {
		b2.WriteString("\nDesirable criteria you match:\n" + strings.Join(des, "\n"))
	}
	// The marks live in the text, not the citations: Lead is all of it.
	return Answer{Intent: IntentCheck, Answered: true, Text: b2.String(), Lead: b2.String(), Citations: cs}
}
