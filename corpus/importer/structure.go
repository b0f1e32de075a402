package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/recruitbot/recruitbot/corpus"
)

// doc is a job description as the rules found it, before it is written
// out as a role file.
type doc struct {
	title      string
	titleGuess string
	intro      []*string
	scope      []*string
	duties     []*dutySection
	sup        []*string
	spec       []*area
	faq        []*string // "Question? Answer" entries
	faqQ       string    // a question waiting for its answer
	facts      corpus.Facts
	band       string
	report     Report
}

type dutySection struct {
	name   string
	parent string // the heading it is a sub-heading of, if any
	items  []*string
	pos    string
}

type area struct {
	name  string
	crits []*crit
	pos   string
}

type crit struct {
	level corpus.Level
	label string
	text  string
	col   int // the table column it came from, for the order within an area
	pos   string
}

// builder walks the blocks with the state of where it is.
type builder struct {
	d   *doc
	sec section

	pendingHead    string // an unknown heading, until what follows it says what it is
	pendingPos     string
	pendingFrom    section // the section the unknown heading came in
	dutyParent     string  // the duties heading whose sub-headings are under way
	factKey        factKey // under a heading naming a fact, which
	factFrom       section // and the section it interrupted
	last           *string // the item or paragraph text a continuation joins
	lastPos        string
	dutyCount      int
	numberedRepair *dutySection // the section whose bullets were numbered, reported once
	numbered       bool         // the duties under way carry their own numbers
	renumbered     *dutySection // the section whose numbers were changed, reported once

	// person specification
	area           *area
	level          corpus.Level
	label          string
	levelAfterArea bool
	table          *table
	specLevel      int      // the markup level of the person specification's heading
	lines          []string // the lines of the paragraph under way, when it had several
}

// lineItems splits a paragraph of several lines into the items it lists
// one a line: a line joins the one before when it starts in lower case or
// the one before did not finish its sentence, as wrapped text does.
func lineItems(lines []string) []string {
	var out []string
	for _, l := range lines {
		if n := len(out); n > 0 && (startsLower(l) || !endsSentence(out[n-1])) {
			out[n-1] = joinWrapped(out[n-1], l)
			continue
		}
		out = append(out, l)
	}
	return out
}

func build(blocks []block) *doc {
	b := &builder{d: &doc{}}
	for _, bl := range blocks {
		b.block(bl)
	}
	b.finish()
	if b.d.faqQ != "" {
		b.unplace("end", "FAQ question with no answer", b.d.faqQ)
	}
	return b.d
}

func (b *builder) repair(pos, msg, text string) {
	b.d.report.Repairs = append(b.d.report.Repairs, Note{At: pos, Msg: msg, Text: text})
}

// unplace keeps text the rules cannot place: in the report, and in the
// UNPLACED block of the role file.
func (b *builder) unplace(pos, msg, text string) {
	b.d.report.Unplaced = append(b.d.report.Unplaced, Note{At: pos, Msg: msg, Text: text})
}

func (b *builder) block(bl block) {
	switch bl.kind {
	case kBreak:
	case kRow:
		b.lines = nil
		b.row(bl)
	case kItem:
		b.lines = nil
		b.item(bl)
	case kText:
		b.text(bl)
	}
}

// text handles a paragraph: a continuation, a label, a heading or prose.
func (b *builder) text(bl block) {
	t := bl.text
	b.lines = bl.lines
	if bl.heading == 0 && b.continues(t) {
		b.join(bl.pos, t)
		return
	}
	if k, v, ok := labelled(t); ok && bl.heading == 0 {
		b.fact(bl.pos, k, v, t)
		return
	}
	if b.sec == secFact && bl.heading == 0 {
		b.prose(bl.pos, t)
		return
	}
	if bl.heading == 0 && leadIn(t) {
		b.unplace(bl.pos, "lead-in line introducing a list (not an item itself)", t)
		return
	}
	if bl.heading > 0 || headingLike(t) && (bl.heading == 0) {
		if b.heading(bl) {
			return
		}
	}
	b.prose(bl.pos, t)
}

// continues reports whether t is the rest of the item or paragraph before
// it, split by a page break: it starts in lower case, or the text before
// stopped mid-sentence on a word that cannot end one.
func (b *builder) continues(t string) bool {
	if !b.canJoin() || knownHeading(t) {
		return false
	}
	if startsLower(t) && !lettered.MatchString(t) {
		return true
	}
	words := strings.Fields(*b.last)
	if len(words) == 0 || endsSentence(*b.last) {
		return false
	}
	lw := strings.ToLower(words[len(words)-1])
	return glue[lw] && !(b.sec == secSpec && bulletStart(t))
}

// maxItem bounds what is joined into one item: a duty or criterion is a
// few hundred characters, and joining without end would take time that
// grows with the square of the file.
const maxItem = 10000

// canJoin reports whether there is an item to join text to, with room.
func (b *builder) canJoin() bool { return b.last != nil && len(*b.last) < maxItem }

func bulletStart(t string) bool { return strings.ContainsAny(t[:min(len(t), 4)], bulletChar) }

func (b *builder) join(pos, t string) {
	*b.last = strings.TrimSpace(*b.last + " " + t)
	b.repair(pos, "joined to the item before it (split by a page break)", t)
}

func (b *builder) setLast(p *string, pos string) { b.last, b.lastPos = p, pos }

// heading handles a heading or a line that reads as one; false if it is
// prose after all.
func (b *builder) heading(bl block) bool {
	t := strings.TrimRight(clean(bl.text), ":")
	if t == "" {
		return true
	}
	if bl.heading == 1 && b.d.title == "" && b.d.titleGuess == "" {
		b.d.titleGuess = t
		return true
	}
	s := sectionOf(t)
	if k, ok := factLabels[headKey(t)]; ok && s == secOther && k != fTitle && k != fScope && k != fNone && b.sec != secSpec {
		b.flushPending()
		b.factKey, b.factFrom = k, b.sec
		b.sec = secFact
		b.last = nil
		return true
	}
	if b.sec == secNone && b.d.titleGuess == "" && b.d.title == "" && s == secOther {
		b.d.titleGuess = t
		return true
	}
	if s == secOther && b.sec == secSpec && (bl.heading == 0 || b.specLevel == 0 || bl.heading > b.specLevel) {
		return b.specHeading(bl.pos, t)
	}
	if s == secOther && bl.heading == 0 && b.sec != secDuties && b.sec != secOther {
		// A short line in prose is a heading only if a list or table
		// follows; until then it is held.
		b.flushPending()
		b.pendingHead, b.pendingPos, b.pendingFrom = tidyHeading(t), bl.pos, b.sec
		b.sec = secOther
		b.last = nil
		return true
	}
	b.flushPending()
	b.last = nil
	switch s {
	case secOther:
		if b.sec == secDuties && len(b.curDuties().items) == 0 {
			// two headings in a row: "Main duties" then "Clinical".
			b.repair(bl.pos, fmt.Sprintf("duty heading %q has no duties of its own; its first sub-heading is used", b.curDuties().name), t)
			b.curDuties().parent = b.curDuties().name
			b.dutyParent = b.curDuties().name
			b.curDuties().name = tidyHeading(t)
			return true
		}
		b.pendingHead, b.pendingPos, b.pendingFrom = tidyHeading(t), bl.pos, b.sec
		b.sec = secOther
	case secDuties:
		b.sec = secDuties
		b.dutyParent = ""
		b.d.duties = append(b.d.duties, &dutySection{name: tidyHeading(t), pos: bl.pos})
	case secSpec:
		b.sec = secSpec
		b.specLevel = bl.heading
		b.area, b.level, b.label, b.table = nil, "", "", nil
	default:
		b.sec = s
	}
	return true
}

// flushPending decides an unknown heading that nothing claimed.
func (b *builder) flushPending() {
	if b.pendingHead == "" {
		return
	}
	b.unplace(b.pendingPos, "heading with nothing under it", b.pendingHead)
	b.pendingHead = ""
}

func (b *builder) curDuties() *dutySection {
	if len(b.d.duties) == 0 {
		b.d.duties = append(b.d.duties, &dutySection{name: "Key duties and responsibilities"})
	}
	return b.d.duties[len(b.d.duties)-1]
}

// prose places a paragraph by the section it is in.
func (b *builder) prose(pos, t string) {
	switch b.sec {
	case secNone, secIntro:
		if b.sec == secNone && b.d.titleGuess == "" && b.d.title == "" && len(t) < 100 {
			b.d.titleGuess = t
			return
		}
		b.d.intro = append(b.d.intro, &t)
		b.setLast(&t, pos)
	case secScope:
		b.addScope(pos, t)
	case secSupervision:
		b.d.sup = append(b.d.sup, &t)
		b.setLast(&t, pos)
	case secFAQ:
		b.faqText(pos, t)
	case secFact:
		b.fact(pos, b.factKey, t, t)
		b.sec = b.factFrom
		if b.factKey == fSupervision {
			b.sec = secSupervision
		}
	case secApply:
		if b.d.facts.Apply == "" {
			b.d.facts.Apply = t
		} else {
			b.d.facts.Apply += " " + t
		}
	case secDuties:
		b.dutyText(pos, t)
	case secSpec:
		b.specText(pos, t, false)
	case secOther:
		head := b.pendingHead
		b.pendingHead = ""
		if len(b.d.duties) == 0 && len(b.d.spec) == 0 {
			b.sec = secScope
			if head != "" {
				b.repair(b.pendingPos, "paragraphs under an unknown heading put in the job scope", head)
			}
			b.addScope(pos, t)
			return
		}
		if head != "" && b.pendingFrom == secDuties && len(b.d.spec) == 0 {
			// A sub-heading among the duties, with its duties as lines.
			b.sec = secDuties
			b.d.duties = append(b.d.duties, &dutySection{name: head, parent: b.dutyParent, pos: b.pendingPos})
			b.dutyText(pos, t)
			return
		}
		if head != "" {
			b.unplace(b.pendingPos, "heading not recognised", head)
		}
		b.unplace(pos, "paragraph under an unrecognised heading", t)
	}
}

func (b *builder) addScope(pos, t string) {
	b.d.scope = append(b.d.scope, &t)
	b.setLast(&t, pos)
}

var lettered = regexp.MustCompile(`^\(?(?:[a-h]|i{1,3}|iv|v|vi{1,3})[.)][\s\p{Zs}]+`)

// item handles a list item.
func (b *builder) item(bl block) {
	if k, v, ok := labelled(bl.text); ok && k != fScope && b.sec != secDuties {
		b.fact(bl.pos, k, v, bl.text) // a details list: "Salary: £30,000"
		return
	}
	if b.sec == secOther && b.pendingHead != "" {
		b.sec = secDuties
		b.d.duties = append(b.d.duties, &dutySection{name: b.pendingHead, parent: b.dutyParent, pos: b.pendingPos})
		b.pendingHead = ""
	}
	switch b.sec {
	case secFAQ:
		b.faqText(bl.pos, bl.text)
	case secDuties:
		b.duty(bl.pos, bl.num, bl.text)
	case secSpec:
		b.specText(bl.pos, bl.text, true)
	case secScope, secSupervision, secIntro:
		// A list in prose: each item a paragraph of its own, unless it
		// is numbered and no duties heading has been seen.
		if bl.num > 0 && len(b.d.duties) == 0 && b.sec != secSupervision {
			b.sec = secDuties
			b.repair(bl.pos, "numbered list with no duties heading taken as the key duties", bl.text)
			b.duty(bl.pos, bl.num, bl.text)
			return
		}
		b.prose(bl.pos, bl.text)
	default:
		if bl.num > 0 || b.sec == secNone {
			b.sec = secDuties
			b.repair(bl.pos, "list with no duties heading taken as the key duties", bl.text)
			b.duty(bl.pos, bl.num, bl.text)
			return
		}
		b.unplace(bl.pos, "list item outside any section", bl.text)
	}
}

// duty adds a numbered duty, numbering on across headings.
func (b *builder) duty(pos string, num int, t string) {
	s := b.curDuties()
	b.numbered = num > 0
	parts := bulletSplit(t)
	if len(parts) > 1 {
		b.repair(pos, fmt.Sprintf("run-together bullets split into %d duties", len(parts)), t)
	}
	for i, p := range parts {
		b.dutyCount++
		n := b.dutyCount
		switch {
		case i > 0:
		case num == 0:
			if b.numberedRepair != s {
				b.numberedRepair = s
				b.repair(pos, fmt.Sprintf("bulleted duties under %q numbered from %d", s.name, n), p)
			}
		case num != n && b.renumbered != s:
			b.renumbered = s
			b.repair(pos, fmt.Sprintf("duties under %q renumbered from %d (the source has %d) so they run on across headings", s.name, n, num), p)
		}
		s.items = append(s.items, &p)
		b.setLast(&p, pos)
	}
}

// dutyText handles a paragraph under a duties heading.
func (b *builder) dutyText(pos, t string) {
	if lettered.MatchString(t) && b.canJoin() && len(b.curDuties().items) > 0 {
		*b.last += " " + t
		b.repair(pos, "lettered sub-item joined to its duty", t)
		return
	}
	if strings.HasSuffix(t, ":") && !strings.ContainsAny(t, bulletChar) {
		b.unplace(pos, "lead-in sentence under a duties heading", t)
		return
	}
	if b.numbered && b.canJoin() && len(b.curDuties().items) > 0 && !strings.ContainsAny(t, bulletChar) {
		// Among numbered duties a paragraph with no number is the rest
		// of the duty before, split from it by a page break.
		*b.last = strings.TrimSpace(*b.last + " " + t)
		b.repair(pos, "paragraph with no number joined to the numbered duty before it", t)
		return
	}
	if items := lineItems(b.lines); len(items) > 1 && !strings.ContainsAny(t, bulletChar) {
		b.repair(pos, fmt.Sprintf("lines with no numbers or bullets taken as %d duties", len(items)), t)
		for _, it := range items {
			b.duty(pos, 0, it)
		}
		return
	}
	b.duty(pos, 0, t)
}

// bulletSplit splits "Do this • Do that" into items.
func bulletSplit(t string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(bulletChar, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return []string{t}
	}
	return out
}

// fact records a labelled line.
func (b *builder) fact(pos string, k factKey, v, line string) {
	v = strings.TrimSpace(v)
	f := &b.d.facts
	set := func(dst *string) {
		if *dst != "" && *dst != v {
			*dst += "; " + v
		} else {
			*dst = v
		}
	}
	switch k {
	case fTitle:
		if b.d.title == "" {
			b.d.title = v
		} else {
			b.d.intro = append(b.d.intro, &line)
		}
	case fScope:
		b.flushPending()
		b.sec = secScope
		b.addScope(pos, v)
	case fSalary:
		set(&f.Salary)
	case fBand:
		if b.d.band == "" {
			b.d.band = v
		}
	case fHours:
		set(&f.Hours)
	case fContract:
		set(&f.Contract)
	case fLocation:
		set(&f.Location)
	case fReference:
		set(&f.Reference)
	case fContact:
		set(&f.Contact)
	case fApply:
		set(&f.Apply)
	case fSupervision:
		b.d.sup = append(b.d.sup, &line)
	case fClosing:
		if d, ok := parseDate(v); ok {
			f.ClosingDate = corpus.Date{Time: d}
		} else {
			b.unplace(pos, "closing date not understood; write it as closing_date: YYYY-MM-DD", line)
		}
	}
}

func (b *builder) finish() {
	b.flushPending()
	d := b.d
	if d.band != "" {
		band := d.band
		if !strings.ContainsAny(strings.ToLower(band), "abcdefghijklmnopqrstuvwxyz") {
			band = "Band " + band
		}
		if d.facts.Salary == "" {
			d.facts.Salary = band
		} else if !strings.Contains(strings.ToLower(d.facts.Salary), strings.ToLower(d.band)) {
			d.facts.Salary = band + ", " + d.facts.Salary
		}
	}
	if d.title == "" {
		d.title = titleFromGuess(d.titleGuess)
	}
	d.title = tidyHeading(d.title)
	for _, a := range d.spec {
		sort.SliceStable(a.crits, func(i, j int) bool { return a.crits[i].col < a.crits[j].col })
	}
	var duties []*dutySection
	for _, s := range d.duties {
		if len(s.items) == 0 {
			d.report.Repairs = append(d.report.Repairs, Note{At: s.pos, Msg: "duty heading with no duties under it left out", Text: s.name})
			continue
		}
		duties = append(duties, s)
	}
	d.duties = duties
	var areas []*area
	for _, a := range d.spec {
		if len(a.crits) == 0 {
			d.report.Repairs = append(d.report.Repairs, Note{At: a.pos, Msg: "area with no criteria under it left out", Text: a.name})
			continue
		}
		areas = append(areas, a)
	}
	d.spec = areas
}

// tidyHeading writes a heading typed in capitals ("MAIN DUTIES") the way
// the role format writes headings: "Main duties".
func tidyHeading(s string) string {
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if letters < 5 || upper != letters {
		return s
	}
	r := []rune(strings.ToLower(s))
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

var titlePrefix = regexp.MustCompile(`(?i)^(?:job description(?: and person specification)?|job profile|role profile|job advert|vacancy)(?:\s*(?:for|:|-|–|—)\s*|\s+)`)

func titleFromGuess(g string) string {
	t := strings.TrimSpace(titlePrefix.ReplaceAllString(g, ""))
	if t == "" {
		t = g
	}
	if g != t {
		// "Job description for a community nurse": the title is the noun.
		for _, a := range []string{"a ", "an ", "the "} {
			if len(t) > len(a)+3 && strings.EqualFold(t[:len(a)], a) {
				t = t[len(a):]
				break
			}
		}
	}
	if r := []rune(t); len(r) > 0 {
		t = strings.ToUpper(string(r[:1])) + string(r[1:])
	}
	return t
}

func (d *doc) empty() bool {
	return len(d.scope) == 0 && len(d.duties) == 0 && len(d.spec) == 0 && len(d.sup) == 0
}

func (d *doc) unplacedHint() string {
	if n := len(d.report.Unplaced); n > 0 {
		return fmt.Sprintf(" (%d pieces of text could not be placed)", n)
	}
	return ""
}

// faqText reads an FAQ: entries are questions, each followed by its
// answer, on one line ("Is there parking? Yes, ...") or over several; a
// paragraph may hold several entries run together.
func (b *builder) faqText(pos, t string) {
	for _, sent := range faqSentences(clean(t)) {
		switch {
		case strings.HasSuffix(sent, "?"):
			if b.d.faqQ != "" {
				b.unplace(pos, "FAQ question with no answer", b.d.faqQ)
			}
			b.d.faqQ = sent
		case b.d.faqQ != "":
			e := b.d.faqQ + " " + sent
			b.d.faqQ = ""
			b.d.faq = append(b.d.faq, &e)
			b.setLast(&e, pos)
		case len(b.d.faq) > 0:
			*b.d.faq[len(b.d.faq)-1] += " " + sent // the answer goes on
		default:
			b.unplace(pos, "FAQ text with no question before it", sent)
		}
	}
}

// faqSentences splits text after each '?', '.' or '!' that a space follows.
func faqSentences(t string) []string {
	var out []string
	start := 0
	for i := 0; i < len(t); i++ {
		if (t[i] == '?' || t[i] == '.' || t[i] == '!') && (i+1 == len(t) || t[i+1] == ' ') {
			if s := strings.TrimSpace(t[start : i+1]); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(t[start:]); s != "" {
		out = append(out, s)
	}
	return out
}
