package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

var requirementRE = regexp.MustCompile(strings.Join([]string{
	`^(do|does|would|will|shall|must|should)\s+(?:\S+\s+){1,4}?(need|needs|have to|has to|require|be required|be expected|have got to)\b`,
	`\b(is|are|was)\b.*\b(essential|required|necessary|needed|mandatory|compulsory|a must|a requirement|desirable|expected|looked for|asked for|important|preferred|an advantage)\b`,
	`\bwould\b.*\b(help|count|be useful|be an advantage|advantage|benefit|be considered|be good)\b`,
	`\bmust i\b|\bdo (i|you) need\b|\brequire(d|ment|ments)?\b|\bneed(ed)? to have\b`,
	`^(can|could|may) i (still )?apply\b.*\b(without|if|with)\b`,
}, "|"))

func isRequirement(lower string) bool { return requirementRE.MatchString(lower) }

var yesNo = regexp.MustCompile(`^(do|does|did|will|would|is|are|am|can|could|should|shall|has|have|must|may)\b`)

// requirement answers "do I need X?" from the person specification, saying
// whether X is Essential or Desirable.
func (b *Bot) requirement(ctx context.Context, r *request) Answer {
	topic := topicText(r.words, nil)
	if topic == "" {
		return Answer{Intent: IntentRequirement, Text: "Which requirement do you mean? Name it, e.g. \"Do I need HCPC registration?\", or ask me to \"list the essential criteria\"."}
	}
	hits := b.find(ctx, r, topic, []corpus.Kind{corpus.Criterion})
	if len(hits) > 0 && confident(hits[0]) {
		h := hits[0]
		lvl := h.Item.Level.Title()
		var lead string
		asked := askedLevel(r.lower)
		switch {
		case h.Item.Level == corpus.Essential && asked == corpus.Desirable:
			lead = fmt.Sprintf("It's more than desirable: it's Essential (%s).", h.Item.Area)
		case h.Item.Level == corpus.Essential:
			lead = fmt.Sprintf("Yes, it's Essential (%s).", h.Item.Area)
		case asked == corpus.Desirable:
			lead = fmt.Sprintf("Yes, it's Desirable (%s).", h.Item.Area)
		default:
			lead = fmt.Sprintf("It's Desirable, not Essential (%s).", h.Item.Area)
		}
		if h.Coverage < sureCover {
			lead = fmt.Sprintf("The closest criterion is %s (%s).", lvl, h.Item.Area)
		}
		text := fmt.Sprintf("%s The person specification says: “%s”", lead, h.Item.Text)
		return Answer{Intent: IntentRequirement, Answered: true, Text: text,
			Citations: cites(r.role, related(hits))}
	}
	// Not a criterion, but the duties may still answer "will I need to ...".
	a := b.search(ctx, r)
	if a.Answered {
		a.Intent = IntentRequirement
		if a.Citations[0].Kind != corpus.Criterion {
			a.Text = "The person specification doesn't list it as a requirement, but " + lowerFirst(a.Text)
			a.Lead = ""
		}
		return a
	}
	return Answer{Intent: IntentRequirement, Text: fmt.Sprintf(
		"The %s job description doesn't list %s as a requirement or mention it elsewhere, so I can't say. Please ask the recruiter.",
		r.role.Title, quoteTopic(topic))}
}

func askedLevel(lower string) corpus.Level {
	switch {
	case strings.Contains(lower, "desirable"), strings.Contains(lower, "advantage"),
		strings.Contains(lower, "would") && strings.Contains(lower, "help"):
		return corpus.Desirable
	case strings.Contains(lower, "essential"):
		return corpus.Essential
	}
	return ""
}

// search answers any other question from the best matching items.
func (b *Bot) search(ctx context.Context, r *request) Answer {
	topic := topicText(r.words, nil)
	if topic == "" {
		return Answer{Intent: IntentSearch, Text: "I'm not sure what you're asking. " + hint([]*corpus.Role{r.role})}
	}
	hits := b.find(ctx, r, topic, nil)
	if len(hits) == 0 || !confident(hits[0]) {
		b.log.Debug("abstain", "role", r.role.ID, "hits", len(hits))
		return Answer{Intent: IntentSearch, Text: fmt.Sprintf(
			"The %s job description doesn't cover %s, so I won't guess. Please ask the recruiter.", r.role.Title, quoteTopic(topic))}
	}
	top := related(preferJob(r.lower, hits))
	h := top[0]
	// "Yes" only when the item answers several parts of the question: one
	// shared word is a mention, not an answer ("is this a hospital job?" is
	// not answered yes by a duty to prevent hospital admissions).
	sure := h.Coverage >= sureCover && yesNo.MatchString(r.lower) && len(h.Matched) > 1
	if h.Coverage >= sureCover && yesNo.MatchString(r.lower) && len(h.Matched) == 1 {
		lead := fmt.Sprintf("%s mentions “%s”: “%s”", cite(r.role, h.Item).Label(), h.Matched[0], h.Fragment)
		return Answer{Intent: IntentSearch, Answered: true, Text: withAlso(lead, r.role, top), Citations: cites(r.role, top)}
	}
	var lead string
	switch h.Item.Kind {
	case corpus.Duty:
		lead = fmt.Sprintf("Key duty %d covers this: “%s”", h.Item.Number, h.Fragment)
		if sure {
			lead = fmt.Sprintf("Yes. Key duty %d: “%s”", h.Item.Number, h.Fragment)
		}
	case corpus.Criterion:
		lead = fmt.Sprintf("The person specification lists this as %s (%s): “%s”", h.Item.Level.Title(), h.Item.Area, h.Item.Text)
		if sure {
			lead = "Yes. " + lead
		}
	case corpus.Supervision:
		lead = fmt.Sprintf("On supervision, the job description says: “%s”", h.Fragment)
	default:
		lead = fmt.Sprintf("The job scope says: “%s”", h.Fragment)
		if sure {
			lead = "Yes. " + lead
		}
	}
	if h.Coverage < sureCover {
		lead = "The closest the job description comes: " + lowerFirst(lead)
	}
	return Answer{Intent: IntentSearch, Answered: true, Text: withAlso(lead, r.role, top), Citations: cites(r.role, top)}
}

func withAlso(lead string, r *corpus.Role, top []Hit) string {
	if len(top) < 2 {
		return lead
	}
	var also []string
	for _, o := range top[1:] {
		also = append(also, cite(r, o.Item).Label())
	}
	return lead + " See also " + strings.Join(also, " and ") + "."
}

var jobQuestion = regexp.MustCompile(`^(will|would|am|do|does|shall|can|could)\s+(i|we|you|the (job|role|post)|this (job|role|post)|it)\b`)

// preferJob: "will I work with older adults?" asks what the job involves,
// which duties and the job scope say; criteria say what an applicant brings.
// When both answer as fully, the job's own words go first.
func preferJob(lower string, hits []Hit) []Hit {
	if len(hits) < 2 || hits[0].Item.Kind != corpus.Criterion || !jobQuestion.MatchString(lower) {
		return hits
	}
	for i, h := range hits[1:] {
		if i < 2 && h.Item.Kind != corpus.Criterion && h.Coverage >= 0.95*hits[0].Coverage {
			out := append([]Hit{h}, hits[:i+1]...)
			return append(out, hits[i+2:]...)
		}
	}
	return hits
}

func (b *Bot) find(ctx context.Context, r *request, topic string, kinds []corpus.Kind) []Hit {
	if r.lib.Searcher == nil {
		return nil
	}
	hits, err := r.lib.Searcher.Search(ctx, SearchRequest{Text: topic, RoleIDs: []string{r.role.ID}, Kinds: kinds, Limit: 5})
	if err != nil {
		b.log.Warn("search failed", "role", r.role.ID, "err", err)
		return nil
	}
	return hits
}

func confident(h Hit) bool { return h.Coverage >= minCoverage && h.Strength >= minStrength }

// related is the top hit and up to two more that answer nearly as well.
func related(hits []Hit) []Hit {
	out := hits[:1]
	for _, h := range hits[1:] {
		if len(out) == 3 {
			break
		}
		if confident(h) && h.Coverage >= 0.9*hits[0].Coverage && h.Score >= 0.6*hits[0].Score {
			out = append(out, h)
		}
	}
	return out
}

func cites(r *corpus.Role, hits []Hit) []Citation {
	out := make([]Citation, len(hits))
	for i, h := range hits {
		out[i] = cite(r, h.Item)
	}
	return out
}

func quoteTopic(topic string) string { return "“" + shorten(topic, 60) + "”" }

func lowerFirst(s string) string {
	if s == "" || strings.HasPrefix(s, "Key ") {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
