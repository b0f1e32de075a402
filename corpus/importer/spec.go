package importer

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

// The person specification: area headings and level headings with lists
// under them, criteria marked "(E)" or "Essential:", or a table whose
// columns are the levels, hold ticks, or say E or D.

// levelHeading reads a heading that names a level: "Essential",
// "Essential criteria", "Must have", "Desirable requirements".
func levelHeading(t string) (corpus.Level, string, bool) {
	k := headKey(t)
	for _, suffix := range []string{" criteria", " requirements", " skills", " qualities", " criterion", " (e)", " (d)"} {
		k = strings.TrimSuffix(k, suffix)
	}
	l, ok := corpus.ParseLevel(k)
	if !ok || len(k) < 2 {
		return "", "", false
	}
	return l, labelFor(l, strings.TrimRight(clean(t), ":")), true
}

// labelFor is the employer's word for a level, "" when it is the level's
// own name or a letter, which says nothing the level does not.
func labelFor(l corpus.Level, word string) string {
	w := strings.TrimSpace(strings.Trim(word, ":()[]*"))
	for _, suffix := range []string{" criteria", " Criteria", " requirements", " Requirements"} {
		w = strings.TrimSuffix(w, suffix)
	}
	if len([]rune(w)) < 2 || strings.EqualFold(w, string(l)) {
		return ""
	}
	return w
}

func (b *builder) specHeading(pos, t string) bool {
	if l, label, ok := levelHeading(t); ok {
		b.level, b.label = l, label
		b.levelAfterArea = b.area != nil
		b.last = nil
		return true
	}
	b.newArea(pos, t)
	if b.levelAfterArea {
		b.level, b.label = "", ""
	}
	return true
}

func (b *builder) newArea(pos, name string) {
	name = tidyHeading(strings.TrimRight(clean(name), ":"))
	for _, a := range b.d.spec {
		if strings.EqualFold(a.name, name) {
			b.area = a
			return
		}
	}
	b.area = &area{name: name, pos: pos}
	b.d.spec = append(b.d.spec, b.area)
	b.last = nil
}

var (
	inlineLevel = regexp.MustCompile(`(?i)^\(?(essential|desirable|must have|nice to have|required|preferred|e|d)\)?[\s\p{Zs}]*[:\-–—)][\s\p{Zs}]*(\S.*)$`)
	trailLevel  = regexp.MustCompile(`(?i)^(.*?)[\s\p{Zs}]*(?:[\(\[](essential|desirable|must have|nice to have|required|preferred|e|d)[\)\]]|[-–—|][\s\p{Zs}]*(essential|desirable|must have|nice to have|required|preferred))\.?$`)
)

// specText handles a criterion outside a table.
func (b *builder) specText(pos, t string, isItem bool) {
	if !isItem && b.continues(t) {
		b.join(pos, t)
		return
	}
	parts := bulletSplit(t)
	if len(parts) > 1 {
		b.repair(pos, fmt.Sprintf("run-together bullets split into %d criteria", len(parts)), t)
	} else if items := lineItems(b.lines); !isItem && len(items) > 1 {
		b.repair(pos, fmt.Sprintf("lines with no bullets taken as %d criteria", len(items)), t)
		parts = items
	}
	for _, p := range parts {
		level, label, text := b.level, b.label, p
		if m := inlineLevel.FindStringSubmatch(p); m != nil {
			l, _ := corpus.ParseLevel(m[1])
			level, label, text = l, labelFor(l, m[1]), m[2]
		} else if m := trailLevel.FindStringSubmatch(p); m != nil {
			w := m[2] + m[3]
			l, _ := corpus.ParseLevel(w)
			level, label, text = l, labelFor(l, w), m[1]
		}
		b.addCrit(pos, level, label, text, 0)
	}
}

func (b *builder) addCrit(pos string, level corpus.Level, label, text string, col int) *crit {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	if level == "" {
		b.unplace(pos, "criterion with no level (no Essential/Desirable heading, column or mark)", text)
		return nil
	}
	if b.area == nil {
		b.newArea(pos, "General")
		b.repair(pos, "criteria with no area heading put under \"General\"", text)
	}
	c := &crit{level: level, label: label, text: text, col: col, pos: pos}
	b.area.crits = append(b.area.crits, c)
	b.setLast(&c.text, pos)
	return c
}

// table is a person-specification table's header: what each column holds.
type table struct {
	cols     []colKind
	levels   []corpus.Level
	labels   []string
	lastCrit map[int]*crit // column -> its last criterion
	lastArea *area
	assessed int             // 1 + the index of the repair note on the assessment column
	seen     map[string]bool // the assessment values it lists
}

type colKind int

const (
	colText colKind = iota
	colLevel
	colLevelValue
	colAssess
)

// header reads a row as a table header, if it is one.
func header(cells [][]piece) (*table, bool) {
	t := &table{lastCrit: map[int]*crit{}}
	levels, known := 0, 0
	filled := 0
	for _, c := range cells {
		s := joinPieces(c)
		k := headKey(s)
		if len(s) > 60 {
			return nil, false
		}
		if s != "" {
			filled++
		}
		l, ok := corpus.ParseLevel(k)
		if !ok {
			for _, suffix := range []string{" criteria", " requirements", " (e)", " (d)"} {
				if l2, ok2 := corpus.ParseLevel(strings.TrimSuffix(k, suffix)); ok2 && strings.HasSuffix(k, suffix) {
					l, ok = l2, true
				}
			}
		}
		switch {
		case ok:
			t.cols = append(t.cols, colLevel)
			t.levels = append(t.levels, l)
			t.labels = append(t.labels, labelFor(l, s))
			levels++
		case levelValueHeads[k]:
			t.cols = append(t.cols, colLevelValue)
			t.levels = append(t.levels, "")
			t.labels = append(t.labels, "")
			levels++
		case isAssess(k):
			t.cols = append(t.cols, colAssess)
			t.levels = append(t.levels, "")
			t.labels = append(t.labels, "")
			known++
		default:
			if k != "" && (areaHeads[k] || textHeads[k]) {
				known++
			}
			t.cols = append(t.cols, colText)
			t.levels = append(t.levels, "")
			t.labels = append(t.labels, "")
		}
	}
	if levels == 0 && known == 0 {
		return nil, false
	}
	if levels == 0 && (known < filled || filled < 2) {
		return nil, false
	}
	// Every other heading is a known column name, or short and no
	// sentence: "A qualification in X.\tD" is a criterion, not a header.
	for i, c := range cells {
		s := joinPieces(c)
		if t.cols[i] == colText && s != "" && !areaHeads[headKey(s)] && !textHeads[headKey(s)] &&
			(levels < 2 || len(strings.Fields(s)) > 4 || strings.HasSuffix(s, ".")) {
			return nil, false
		}
	}
	return t, true
}

func isAssess(k string) bool {
	for _, w := range assessHeads {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

func joinPieces(ps []piece) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.text)
	}
	return strings.Join(s, " ")
}

// row handles a table row wherever it is.
func (b *builder) row(bl block) {
	if t, ok := header(bl.cells); ok && (b.sec == secSpec || hasLevel(t)) {
		if b.sec != secSpec {
			b.flushPending()
			b.sec = secSpec
			b.area, b.level, b.label = nil, "", ""
		}
		b.table = t
		if !hasLevel(t) {
			b.repair(bl.pos, "person specification table with no Essential/Desirable column: criteria without a level go to the UNPLACED block", bl.rowText)
		}
		return
	}
	// A two-cell row whose first cell is a label: a fact or a heading.
	if n := nonEmpty(bl.cells); n == 2 && len(bl.cells) >= 2 {
		first := joinPieces(bl.cells[firstNonEmpty(bl.cells)])
		if k, ok := factLabels[headKey(first)]; ok && k != fNone && (b.table == nil || b.sec != secSpec) {
			rest := ""
			for i, c := range bl.cells {
				if i != firstNonEmpty(bl.cells) && len(c) > 0 {
					rest = joinPieces(c)
				}
			}
			b.fact(bl.pos, k, rest, bl.rowText)
			return
		}
	}
	if b.sec == secSpec && b.table != nil {
		b.tableRow(bl)
		return
	}
	if b.sec == secSpec {
		// A table in the person specification with no header: each row
		// is a criterion, with its level in a cell of its own if any.
		b.headerlessRow(bl)
		return
	}
	// Elsewhere a table is layout: read its cells as paragraphs.
	for _, c := range bl.cells {
		for _, p := range c {
			kind := kText
			if p.mark == mBullet {
				kind = kItem
			}
			sub := block{pos: bl.pos, kind: kind, text: p.text}
			if kind == kText {
				sub = lineBlock(bl.pos, p.text, 0)
			}
			b.block(sub)
		}
	}
}

func hasLevel(t *table) bool {
	for _, c := range t.cols {
		if c == colLevel || c == colLevelValue {
			return true
		}
	}
	return false
}

func nonEmpty(cells [][]piece) int {
	n := 0
	for _, c := range cells {
		if len(c) > 0 {
			n++
		}
	}
	return n
}

func firstNonEmpty(cells [][]piece) int {
	for i, c := range cells {
		if len(c) > 0 {
			return i
		}
	}
	return 0
}

func (b *builder) headerlessRow(bl block) {
	var texts []string
	var cells [][]piece
	level, label := b.level, b.label
	for _, c := range bl.cells {
		s := joinPieces(c)
		if s == "" {
			continue
		}
		if l, ok := corpus.ParseLevel(s); ok {
			level, label = l, labelFor(l, s)
			continue
		}
		texts = append(texts, s)
		cells = append(cells, c)
	}
	switch {
	case len(bl.cells) == 3 && level == "" && (joinPieces(bl.cells[0]) == "" || headingLike(joinPieces(bl.cells[0]))) && len(texts) >= 1:
		// Area, then two columns of criteria, and no header to say which
		// level each is: the usual order is Essential then Desirable.
		b.repair(bl.pos, "person specification table with no header row: its columns taken as area, Essential, Desirable", bl.rowText)
		b.table = &table{cols: []colKind{colText, colLevel, colLevel}, levels: []corpus.Level{"", corpus.Essential, corpus.Desirable},
			labels: []string{"", "", ""}, lastCrit: map[int]*crit{}}
		b.tableRow(bl)
	case len(texts) == 1 && level == "" && headingLike(texts[0]):
		b.specHeading(bl.pos, texts[0])
	case len(texts) == 2 && level != "" && headingLike(texts[0]):
		b.newArea(bl.pos, texts[0])
		b.cellItems(bl.pos, level, label, cells[1])
	default:
		for _, c := range cells {
			b.cellItems(bl.pos, level, label, c)
		}
	}
}

// cellItems adds the criteria of a cell at one level: a bullet each, and
// text with no bullets split where sentences end.
func (b *builder) cellItems(pos string, level corpus.Level, label string, ps []piece) {
	for _, p := range ps {
		items := []string{p.text}
		if p.mark != mBullet {
			items, _ = splitRun(p.text, false)
		}
		for _, it := range items {
			b.addCrit(pos, level, label, it, 0)
		}
	}
}

// tableRow reads a row under a header.
func (b *builder) tableRow(bl block) {
	t := b.table
	var textCols []int
	rowLevel, rowLabel := corpus.Level(""), ""
	textInLevel := false
	for i := range bl.cells {
		k := colText
		if i < len(t.cols) {
			k = t.cols[i]
		}
		s := joinPieces(bl.cells[i])
		switch k {
		case colText:
			textCols = append(textCols, i)
		case colLevel:
			if s == "" {
				continue
			}
			if _, isLevel := corpus.ParseLevel(s); isTick(s) || isLevel {
				rowLevel, rowLabel = t.levels[i], t.labels[i]
			} else {
				textInLevel = true
			}
		case colLevelValue:
			if l, ok := corpus.ParseLevel(s); ok {
				rowLevel, rowLabel = l, labelFor(l, s)
			}
		case colAssess:
			if s == "" || t.seen[strings.ToLower(s)] {
				continue
			}
			if t.seen == nil {
				t.seen = map[string]bool{}
			}
			t.seen[strings.ToLower(s)] = true
			if t.assessed == 0 {
				b.d.report.Repairs = append(b.d.report.Repairs, Note{At: bl.pos, Msg: "the column saying how each criterion is assessed is not imported; it says", Text: s})
				t.assessed = len(b.d.report.Repairs)
			} else {
				b.d.report.Repairs[t.assessed-1].Text += "; " + s
			}
		}
	}
	cell := func(i int) string {
		if i < len(bl.cells) {
			return joinPieces(bl.cells[i])
		}
		return ""
	}
	if textInLevel {
		// The levels are columns holding the criteria: the text column
		// is the area; an empty area continues the row before, split by a
		// page break.
		name := ""
		if len(textCols) > 0 {
			name = cell(textCols[0])
		}
		cont := name == ""
		if !cont {
			b.newArea(bl.pos, name)
			t.lastCrit = map[int]*crit{}
			t.lastArea = b.area
		} else if b.area == nil {
			b.newArea(bl.pos, "General")
			b.repair(bl.pos, "criteria with no area put under \"General\"", bl.rowText)
		} else {
			b.repair(bl.pos, "row with no area taken as going on from the row above (a merged cell or a page break)", bl.rowText)
		}
		for i := range bl.cells {
			if i >= len(t.cols) || t.cols[i] != colLevel || len(bl.cells[i]) == 0 {
				continue
			}
			b.cellCriteria(bl.pos, i, bl.cells[i], cont && t.lastArea == b.area)
		}
		return
	}
	// One criterion a row: its text in the last text column, its area in
	// the first when there are two.
	var area, text string
	switch len(textCols) {
	case 0:
	case 1:
		text = cell(textCols[0])
	default:
		area, text = cell(textCols[0]), cell(textCols[len(textCols)-1])
		if text == "" {
			text, area = area, ""
		}
	}
	if area != "" {
		b.newArea(bl.pos, area)
	}
	if text == "" {
		return
	}
	if rowLevel == "" && area == "" && b.continues(text) {
		b.join(bl.pos, text) // a row split by a page break
		return
	}
	if rowLevel == "" && headingLike(text) && len(strings.Fields(text)) <= 6 && !strings.ContainsAny(text, bulletChar) {
		b.newArea(bl.pos, text) // a row that only names the area below it
		return
	}
	if rowLevel == "" {
		rowLevel, rowLabel = b.level, b.label
	}
	var pieces []piece
	for _, i := range textCols[len(textCols)-1:] {
		pieces = bl.cells[i]
	}
	if len(pieces) > 1 || strings.ContainsAny(text, bulletChar) {
		for _, p := range pieces {
			for _, s := range bulletSplit(p.text) {
				b.addCrit(bl.pos, rowLevel, rowLabel, s, 0)
			}
		}
		return
	}
	b.addCrit(bl.pos, rowLevel, rowLabel, text, 0)
}

// endsGlue reports whether s stops on a word no item ends with.
func endsGlue(s string) bool {
	w := strings.Fields(s)
	return len(w) > 0 && glue[strings.ToLower(w[len(w)-1])]
}

// mostlyStopped reports whether most criteria end with a full stop, so one
// that does not was cut short.
func mostlyStopped(cs []*crit) bool {
	n := 0
	cs = cs[max(0, len(cs)-50):] // the recent ones say enough
	for _, c := range cs {
		if endsSentence(c.text) {
			n++
		}
	}
	return n*3 > len(cs)*2
}

// cellCriteria adds the criteria of one level cell: each bullet or list
// item is one; text with no bullets is split where a sentence ends or a
// full stop was lost. With cont, the cell's first text may finish the last
// criterion of the same column, cut by a page break.
func (b *builder) cellCriteria(pos string, col int, ps []piece, cont bool) {
	t := b.table
	for n, p := range ps {
		if n == 0 && cont && p.mark != mBullet {
			if prev, ok := t.lastCrit[col]; ok && len(prev.text) < maxItem {
				if startsLower(p.text) || endsGlue(prev.text) || !endsSentence(prev.text) && mostlyStopped(b.area.crits) {
					prev.text = strings.TrimSpace(prev.text + " " + p.text)
					b.repair(pos, "criterion joined across a page break", prev.text)
					continue
				}
			}
		}
		items := []string{p.text}
		if p.mark != mBullet {
			var caps int
			items, caps = splitRun(p.text, true)
			if len(items) > 1 {
				msg := fmt.Sprintf("run-together criteria split into %d", len(items))
				if caps > 0 {
					msg += fmt.Sprintf(" (%d where a full stop was missing: check)", caps)
				}
				b.repair(pos, msg, p.text)
			}
		}
		for _, it := range items {
			if c := b.addCrit(pos, t.levels[col], t.labels[col], it, col); c != nil {
				t.lastCrit[col] = c
			}
		}
	}
}
