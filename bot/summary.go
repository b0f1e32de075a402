package bot

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

var (
	summaryRE    = regexp.MustCompile(`\b(summar(y|ise|ize|ised|ized|ising|izing)|overview|outline|job (ad|advert|advertisement|posting)|posting|describe|description|tl;?dr|elevator pitch|about|involve|entail|like)\b`)
	summaryWords = set(`summary summarise summarize summarised summarized overview outline ad advert advertisement posting describe description tldr tl dr elevator pitch brief briefly short quick day entail like please can could would you post`)
)

// isSummary: the message asks for the role as a whole, not for a part of it.
func isSummary(lower string, ws []string) bool {
	return summaryRE.MatchString(lower) && topicText(ws, summaryWords) == ""
}

// posting lays the role out as a job posting.
func posting(r *corpus.Role) *Posting {
	p := &Posting{RoleID: r.ID, Title: r.Title}
	var lead []string
	for _, it := range r.Of(corpus.Scope) {
		lead = append(lead, firstSentence(it.Text))
	}
	p.Summary = strings.Join(lead, " ")
	groups := r.DutyGroups
	if len(groups) == 0 {
		groups = r.SectionGroups() // without groups in the file, the headings
	}
	for _, g := range groups {
		pg := PostingGroup{Name: g.Name}
		for _, n := range g.Duties {
			if d, ok := r.Duty(n); ok {
				pg.Lines = append(pg.Lines, shorten(firstSentence(d.Text), 110))
			}
		}
		p.Duties = append(p.Duties, pg)
	}
	for _, area := range r.Areas() {
		pg := PostingGroup{Name: area}
		for _, it := range r.Criteria(area, corpus.Essential) {
			pg.Lines = append(pg.Lines, shorten(it.Text, 120))
		}
		if len(pg.Lines) > 0 {
			p.Essential = append(p.Essential, pg)
		}
	}
	f := r.Facts
	for _, kv := range [][2]string{
		{"Salary", f.Salary}, {"Location", f.Location}, {"Hours", f.Hours}, {"Contract", f.Contract},
		{"Closing date", dateString(f.ClosingDate)}, {"How to apply", f.Apply}, {"Contact", f.Contact},
	} {
		if kv[1] != "" {
			p.Facts = append(p.Facts, PostingFact{Label: kv[0], Value: kv[1]})
		}
	}
	return p
}

func dateString(d corpus.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2 January 2006")
}

// summary is the role posting as an answer.
func summary(r *corpus.Role) Answer {
	p := posting(r)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s", p.Title, p.Summary)
	b.WriteString("\n\nWhat you'll do:")
	for _, g := range p.Duties {
		fmt.Fprintf(&b, "\n%s:", g.Name)
		for _, l := range g.Lines {
			b.WriteString("\n• " + l)
		}
	}
	b.WriteString("\n\nEssential criteria:")
	for _, g := range p.Essential {
		fmt.Fprintf(&b, "\n%s:", g.Name)
		for _, l := range g.Lines {
			b.WriteString("\n• " + l)
		}
	}
	if len(p.Facts) > 0 {
		b.WriteString("\n")
		for _, f := range p.Facts {
			fmt.Fprintf(&b, "\n%s: %s", f.Label, f.Value)
		}
	}
	var cs []Citation
	for _, it := range r.Items {
		if it.Kind == corpus.Scope || it.Kind == corpus.Duty || it.Kind == corpus.Criterion && it.Level == corpus.Essential {
			cs = append(cs, cite(r, it))
		}
	}
	return Answer{Intent: IntentSummary, Answered: true, Text: b.String(),
		Lead: fmt.Sprintf("%s: %s", p.Title, p.Summary), Citations: cs, Posting: p}
}
