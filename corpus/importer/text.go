package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// srcLine is a line of text and where it came from.
type srcLine struct {
	text string
	pos  string
}

var (
	// A numbered item: "3. ", "3) ", "(3) ", "3 " before a capital.
	numItem = regexp.MustCompile(`^\(?(\d{1,3})(?:[.)]+[\s\p{Zs}]*|[\s\p{Zs}]+)(\S.*)$`)
	// A bulleted item: "- ", "* ", "• ", "o " as Word's exports write it.
	bulletItem = regexp.MustCompile(`^(?:[-*–—` + bulletChar + `]|o[\s\p{Zs}])[\s\p{Zs}]*(.*)$`)
	mdHeading  = regexp.MustCompile(`^(#{1,6})[\s\p{Zs}]+(.*?)[\s#]*$`)
	lineTags   = regexp.MustCompile(`(?i)</?(?:li|p|div|br|h[1-6])\b[^<>]{0,400}>`)
	headTag    = regexp.MustCompile(`(?i)^\s*<h([1-6])\b`)
	decimal    = regexp.MustCompile(`^\d+\.\d`)
	monthRe    = regexp.MustCompile(`(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|$)`)
)

// textBlocks reads a plain-text or Markdown export.
func textBlocks(data []byte) ([]block, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	s, _ := decodeText(data)
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\f", "\n\n") // a form feed is a page break
	var lines []srcLine
	all := strings.Split(s, "\n")
	start := frontMatterEnd(all)
	for i, l := range all {
		if i < start {
			// Front matter of a role file: its facts as labelled lines.
			if k, v, ok := strings.Cut(l, ":"); ok && i > 0 && !strings.HasPrefix(strings.TrimSpace(l), "#") && frontKeys[strings.TrimSpace(k)] != "" {
				if v = strings.Trim(strings.TrimSpace(v), `"'`); v != "" {
					lines = append(lines, srcLine{text: frontKeys[strings.TrimSpace(k)] + ": " + v, pos: "line " + strconv.Itoa(i+1)}, srcLine{pos: "line " + strconv.Itoa(i+1)})
				}
			}
			continue
		}
		lines = append(lines, srcLine{text: l, pos: "line " + strconv.Itoa(i+1)})
	}
	return linesToBlocks(lines, false), nil
}

// frontKeys are the role-file front matter keys that name facts, and the
// labels they are read as.
var frontKeys = map[string]string{"title": "Job title", "salary": "Salary", "location": "Location", "hours": "Hours",
	"contract": "Contract", "closing_date": "Closing date", "apply": "How to apply", "contact": "Contact", "reference": "Reference"}

// frontMatterEnd is the index of the first line after a role file's front
// matter, 0 if there is none.
func frontMatterEnd(lines []string) int {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return 0
	}
	for i := 1; i < len(lines) && i < 500; i++ {
		if strings.TrimSpace(lines[i]) == "---" {
			return i + 1
		}
	}
	return 0
}

// linesToBlocks turns lines into blocks: a line with tabs is a table row;
// HTML list fragments split a line into items; other lines join into
// paragraphs until a blank line. wrapped says the lines are a page's
// (a PDF's), so a long line is no sign of a paragraph of its own.
func linesToBlocks(lines []srcLine, wrapped bool) []block {
	var out []block
	width := 0 // the number of columns of the table under way
	open := -1 // a row with fewer cells than that: a cell went on to the next line
	for _, l := range lines {
		raw := strings.TrimRight(l.text, " \r")
		if strings.Contains(raw, "\t") && strings.Trim(raw, "\t ") != "" {
			cells := strings.Split(raw, "\t")
			if open >= 0 {
				// The rest of a row whose cell held a line break: the first
				// piece goes on in that cell, the others are the next cells.
				r := &out[open]
				last := len(r.cells) - 1
				r.cells[last] = append(r.cells[last], splitCell(cells[0])...)
				for _, c := range cells[1:] {
					r.cells = append(r.cells, splitCell(c))
				}
				r.rowText += " / " + clean(raw)
				if len(r.cells) >= width {
					open = -1
				}
				continue
			}
			out = append(out, rowBlock(l.pos, cells))
			filled := len(cells) // a trailing tab adds no column
			for filled > 1 && strings.TrimSpace(cells[filled-1]) == "" {
				filled--
			}
			width = max(width, filled)
			if len(cells) < width {
				open = len(out) - 1
			}
			continue
		}
		if strings.TrimSpace(raw) == "" {
			out = append(out, block{pos: l.pos, kind: kBreak})
			if open < 0 {
				width = 0 // a new table may have other columns
			}
			continue
		}
		if open >= 0 {
			r := &out[open]
			r.cells[len(r.cells)-1] = append(r.cells[len(r.cells)-1], splitCell(raw)...)
			r.rowText += " / " + clean(raw)
			continue
		}
		width = 0
		if clean(raw) == "" {
			continue // "<ol>" on its own line
		}
		level := 0
		if m := headTag.FindStringSubmatch(raw); m != nil {
			level, _ = strconv.Atoi(m[1])
		}
		parts := lineTags.Split(raw, -1)
		tags := lineTags.FindAllString(raw, -1)
		nonEmpty := 0
		for _, p := range parts {
			if clean(p) != "" {
				nonEmpty++
			}
		}
		for i, p := range parts {
			t := clean(p)
			if t == "" {
				continue
			}
			b := lineBlock(l.pos, t, level)
			if i > 0 && strings.HasPrefix(strings.ToLower(tags[i-1]), "<li") && b.kind == kText && b.heading == 0 {
				b = block{pos: l.pos, kind: kItem, text: t} // "<li>Do this</li>"
			}
			if nonEmpty > 1 && b.kind == kText && len(out) > 0 && out[len(out)-1].kind == kText && out[len(out)-1].pos == l.pos {
				// "<p>one</p><p>two</p>": two paragraphs on one line.
				out = append(out, block{pos: l.pos, kind: kBreak})
			}
			out = appendLine(out, b, wrapped)
		}
	}
	for i := range out {
		if len(out[i].lines) > 1 {
			out[i].text = joinLines(out[i].lines)
		}
	}
	return out
}

// lineBlock reads one line of text.
func lineBlock(pos, t string, level int) block {
	if level > 0 {
		return block{pos: pos, kind: kText, heading: level, text: t}
	}
	if m := mdHeading.FindStringSubmatch(t); m != nil && m[2] != "" {
		return block{pos: pos, kind: kText, heading: len(m[1]), text: strings.Trim(m[2], "*_ ")}
	}
	if m := numItem.FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1])
		sep := t[len(m[1]):]
		// "3 Lead on ..." is an item; "37 hours a week" and "4,000" are not.
		punct := strings.HasPrefix(sep, ".") || strings.HasPrefix(sep, ")") || strings.HasPrefix(t, "(")
		if n > 0 && (punct || startsUpper(m[2]) && !monthRe.MatchString(m[2])) && !strings.HasPrefix(sep, ".0") {
			if !decimal.MatchString(t) {
				return block{pos: pos, kind: kItem, num: n, text: m[2]}
			}
		}
	}
	if m := bulletItem.FindStringSubmatch(t); m != nil && m[1] != "" && !strings.HasPrefix(t, "--") {
		return block{pos: pos, kind: kItem, text: m[1]}
	}
	return block{pos: pos, kind: kText, text: t, tail: len(t)}
}

// appendLine adds a line, joining it to the paragraph it continues: two
// text lines with no blank between are one paragraph, as in wrapped text.
func appendLine(out []block, b block, wrapped bool) []block {
	if b.kind == kText && b.heading == 0 && len(out) > 0 {
		prev := &out[len(out)-1]
		last, single := prev.text, len(prev.lines) <= 1
		if !single {
			last = prev.lines[len(prev.lines)-1]
		}
		// A long line that ends a sentence is a paragraph of its own: the
		// file is not wrapped, so each line is a paragraph.
		long := !wrapped && prev.tail > 100 && endsSentence(last)
		if (prev.kind == kText && prev.heading == 0 && !long && !knownHeading(b.text) && !isLabelLine(b.text) &&
			!(single && (knownHeading(prev.text) || isLabelLine(prev.text) || leadIn(prev.text)))) ||
			(prev.kind == kItem && !endsSentence(last)) {
			if len(prev.lines) == 0 {
				prev.lines = []string{prev.text}
			}
			prev.lines = append(prev.lines, b.text)
			prev.tail = len(b.text)
			return out
		}
	}
	return append(out, b)
}

// joinLines joins the lines of a paragraph, in time linear in its length.
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 && !hyphenated(lines[i-1], l) {
			b.WriteByte(' ')
		}
		b.WriteString(l)
	}
	return b.String()
}

// joinWrapped joins a line to the one it wraps from.
func joinWrapped(a, b string) string {
	if hyphenated(a, b) {
		return a + b
	}
	return a + " " + b
}

// hyphenated reports whether a line ending in a hyphen after a letter is a
// compound split at the hyphen ("inter-" + "professional"), so no space
// goes between.
func hyphenated(a, b string) bool {
	r, n := utf8.DecodeLastRuneInString(a)
	if r != '-' {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(a[:len(a)-n])
	return unicode.IsLetter(p) && b != "" && !startsUpper(b)
}

func rowBlock(pos string, cells []string) block {
	b := block{pos: pos, kind: kRow}
	var texts []string
	for _, c := range cells {
		ps := splitCell(c)
		b.cells = append(b.cells, ps)
		texts = append(texts, clean(c))
	}
	b.rowText = strings.Join(texts, " | ")
	return b
}

func startsUpper(s string) bool {
	for _, r := range s {
		return r >= 'A' && r <= 'Z' || r > 127 && strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r)
	}
	return false
}

func startsLower(s string) bool {
	for _, r := range s {
		return strings.ToLower(string(r)) == string(r) && strings.ToUpper(string(r)) != string(r)
	}
	return false
}

// endsSentence reports whether s ends as a finished sentence or item.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \"'”’)]")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") ||
		strings.HasSuffix(s, ";") || strings.HasSuffix(s, ":")
}
