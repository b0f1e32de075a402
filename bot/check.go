package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

var (
	profileClause = regexp.MustCompile(`[,;\n•]+|\.\s+|\s+(?:and|plus|also|with)\s+`)
	urlRE         = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s,;]*[^\s,;.)]`)
)

// check compares what an applicant says about themselves with the
// essential and desirable criteria. It keeps nothing about the person.
func (b *Bot) check(ctx context.Context, st *state, r *corpus.Role, profile string) Answer {
	if strings.TrimSpace(profile) == "" {
		return checkEmpty()
	}
	if len(profile) > MaxProfile {
		return checkTooLong(len(profile))
	}
	// Each clause of the profile is matched to the criteria it speaks to.
	addressed := map[int]string{} // item index in r.Items -> the words that address it
	idx := map[string]int{}
	for i, it := range r.Items {
		idx[it.Text] = i
	}
	for _, cl := range profileClause.Split(urlRE.ReplaceAllString(profile, ", "), -1) {
		cl = strings.TrimSpace(cl)
		focus := content(words(cl))
		if len(focus) == 0 {
			continue
		}
		ev, err := b.evidence(ctx, st, r, focus, corpus.Criterion)
		if err != nil {
			return b.searchFailed(r, err)
		}
		for _, h := range ev.Hits {
			// A profile clause is a description, not a question: it says
			// more than any one criterion, so what counts is that it names
			// something substantial the criterion asks for.
			if h.strength() < b.policy.CheckStrength || h.Coverage < b.policy.CheckCoverage || h.Score < 0.5*ev.Hits[0].Score {
				continue
			}
			i := idx[h.Item.Text]
			if prev, ok := addressed[i]; ok {
				if !strings.Contains(prev, cl) {
					addressed[i] = prev + "; " + cl
				}
			} else {
				addressed[i] = cl
			}
		}
	}
	return checkResult(r, addressed, idx)
}

const checkGuide = "This is a guide, not a screening decision: the recruiter reads every application in full. I keep nothing you tell me."

func checkEmpty() Answer {
	return Answer{Intent: IntentCheck, Text: "Tell me about yourself after \"check me:\", e.g. \"check me: HCPC registered, BSc OT, 3 years in community mental health\". " + checkGuide}
}

func checkTooLong(n int) Answer {
	return Answer{Intent: IntentCheck, Text: fmt.Sprintf("That is %d characters; please keep the self-check under %d. %s", n, MaxProfile, checkGuide)}
}

func checkResult(r *corpus.Role, addressed map[int]string, idx map[string]int) Answer {
	var b strings.Builder
	ess := r.Criteria("", corpus.Essential)
	got := 0
	var lines []string
	var cs []Citation
	rows := Block{Kind: BlockCheck, Text: "Essential criteria"}
	for _, it := range ess {
		c := cite(r, it)
		said, ok := addressed[idx[it.Text]]
		if ok {
			got++
			lines = append(lines, fmt.Sprintf("✓ %s · Essential: “%s” (you said: “%s”)", it.Area, shorten(it.Text, 110), said))
		} else {
			lines = append(lines, fmt.Sprintf("✗ not mentioned · %s · Essential: “%s”", it.Area, shorten(it.Text, 110)))
		}
		rows.Lines = append(rows.Lines, Line{Group: it.Area, Text: shorten(it.Text, 110), Cite: &c, Met: ok, Said: said})
		cs = append(cs, c)
	}
	head := fmt.Sprintf("Self-check against the %s role: your description addresses %d of %d Essential criteria.", r.Title, got, len(ess))
	fmt.Fprintf(&b, "%s %s", head, checkGuide)
	b.WriteString("\n" + strings.Join(lines, "\n"))
	body := []Block{lead(head), rows}
	var des []string
	extra := Block{Kind: BlockCheck, Text: "Desirable criteria you match"}
	for _, it := range r.Criteria("", corpus.Desirable) {
		if said, ok := addressed[idx[it.Text]]; ok {
			c := cite(r, it)
			des = append(des, fmt.Sprintf("✓ %s · Desirable: “%s” (you said: “%s”)", it.Area, shorten(it.Text, 110), said))
			extra.Lines = append(extra.Lines, Line{Group: it.Area, Text: shorten(it.Text, 110), Cite: &c, Met: true, Said: said})
			cs = append(cs, c)
		}
	}
	if len(des) > 0 {
		b.WriteString("\nDesirable criteria you match:\n" + strings.Join(des, "\n"))
		body = append(body, extra)
	}
	body = append(body, note(checkGuide))
	// The marks live in the text, not the citations: Lead is all of it.
	return Answer{Intent: IntentCheck, Answered: true, Text: b.String(), Lead: b.String(), Citations: cs, Body: body}
}
