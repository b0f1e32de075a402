package importer

import (
	"html"
	"regexp"
	"strings"
)

// kind is what a block is in the source's own terms.
type kind int

const (
	kText  kind = iota // a paragraph or line of text; may be a heading
	kItem              // a list item, numbered or bulleted
	kRow               // a table row
	kBreak             // a blank line: the end of a paragraph, or a page break
)

// mark is how a piece of a table cell begins.
type mark int

const (
	mNone   mark = iota // plain text, perhaps several items run together
	mBullet             // a bullet or <li>: one item
	mPara               // a paragraph of its own (<p>, a Word paragraph)
)

// piece is a run of text in a table cell.
type piece struct {
	text string
	mark mark
}

// block is one unit of the source, whatever its format.
type block struct {
	pos     string // where it is in the source: "line 12"
	kind    kind
	heading int    // a heading of this level by the source's markup; 0 when the rules must judge
	num     int    // kItem: the number written, 0 for a bullet
	text    string // kText, kItem
	cells   [][]piece
	rowText string   // kRow: the row's text, for reports
	tail    int      // kText: the length of its last line
	lines   []string // kText: the lines joined into it, when more than one
}

var (
	tagRe      = regexp.MustCompile(`<[^<>]{0,400}>`)
	spaceRe    = regexp.MustCompile(`[\s\p{Zs}\x{200b}\x{feff}]+`)
	bulletChar = "•●▪■◦‣∙◆►➢"
)

// clean strips tags, decodes entities and squeezes spaces.
func clean(s string) string {
	s = tagRe.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	return strings.TrimSpace(spaceRe.ReplaceAllString(s, " "))
}

// cellTag finds the tags that start or end an item in a cell written as an
// HTML fragment, and the bullet characters of a run-together list.
var cellTag = regexp.MustCompile(`(?i)</?(?:li|p|ul|ol|br|div|tr|td|th)\b[^<>]{0,400}>|[` + bulletChar + `]`)

// splitCell reads a table cell written as an HTML fragment or run-together
// text: "<ul> • one • two", "<li>one</li> two", "<p>one</p>".
func splitCell(s string) []piece {
	var out []piece
	next := mNone
	last := 0
	emit := func(end int) {
		if t := clean(s[last:end]); t != "" {
			out = append(out, piece{text: t, mark: next})
		}
	}
	for _, loc := range cellTag.FindAllStringIndex(s, -1) {
		emit(loc[0])
		tok := strings.ToLower(s[loc[0]:loc[1]])
		switch {
		case strings.HasPrefix(tok, "<li") || !strings.HasPrefix(tok, "<"):
			next = mBullet
		case strings.HasPrefix(tok, "<p"):
			next = mPara
		default:
			// </li>, </p>, <ul>, <br>: what follows is not part of the
			// item before, but has no bullet of its own.
			next = mNone
		}
		last = loc[1]
	}
	emit(len(s))
	var split []piece
	for _, p := range out {
		split = append(split, splitMarked(p)...)
	}
	return split
}

var (
	dashRun = regexp.MustCompile(`^[-*][\s\p{Zs}]+|[\s\p{Zs}][-*][\s\p{Zs}]+(\p{Lu})`)
	numRun  = regexp.MustCompile(`^\d{1,2}[.)][\s\p{Zs}]+|[\s\p{Zs}]\d{1,2}[.)][\s\p{Zs}]+(\p{Lu})`)
)

// splitMarked splits a piece that is a list typed with dashes or numbers
// run together: "- Able to X - Able to Y", "1. X 2. Y".
func splitMarked(p piece) []piece {
	for _, re := range []*regexp.Regexp{dashRun, numRun} {
		loc := re.FindStringIndex(p.text)
		if loc == nil || loc[0] != 0 {
			continue
		}
		var out []piece
		rest := p.text[loc[1]:]
		for {
			m := re.FindStringSubmatchIndex(rest)
			if m == nil || m[2] < 0 {
				out = append(out, piece{text: strings.TrimSpace(rest), mark: mBullet})
				return out
			}
			out = append(out, piece{text: strings.TrimSpace(rest[:m[0]]), mark: mBullet})
			rest = rest[m[2]:]
		}
	}
	return []piece{p}
}
