package bot

import (
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

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
