package importer

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ledongthuc/pdf"
)

// A PDF is read with github.com/ledongthuc/pdf, a pure-Go reader (a
// maintained fork of rsc.io/pdf): it parses the file, its fonts and content
// streams. The glyphs are placed by our own small interpreter of the text
// operators, because the library's Page.Content adds a stray glyph (the
// font's decoding of "\n") after every TJ. Glyphs are then gathered into
// lines, lines into paragraphs by the gaps between them, and a table into
// rows and columns by the x positions of its header.

// maxPages bounds the work on one PDF; a job description is a few pages.
const maxPages = 200

type glyph struct {
	x, y, w, size float64
	s             string
	bold          bool
}

func pdfBlocks(data []byte) ([]block, error) {
	pages, err := readPDF(data)
	if err != nil {
		return nil, err
	}
	lines := layout(pages)
	if len(lines) == 0 {
		return nil, fmt.Errorf("%w: the PDF has no text layer (scanned pages are pictures of text); export the document again as a PDF from Word or LibreOffice, or run it through OCR first", ErrNoText)
	}
	return linesToBlocks(lines, true), nil
}

// readPDF reads the glyphs of each page. The library reports a damaged
// file by panicking, so the panic is its error; the layout that follows is
// ours and is left to fail loudly.
func readPDF(data []byte) (pages [][]glyph, err error) {
	defer func() {
		if p := recover(); p != nil {
			pages, err = nil, fmt.Errorf("not a readable PDF: damaged (%v)", p)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a readable PDF: %v", err)
	}
	list, err := pdfPages(r)
	if err != nil {
		return nil, fmt.Errorf("not a readable PDF: %v", err)
	}
	for i, p := range list {
		g, err := pageGlyphs(p)
		if err != nil {
			return nil, fmt.Errorf("page %d: %v", i+1, err)
		}
		pages = append(pages, g)
	}
	return pages, nil
}

// pdfPages lists the pages by walking the page tree with limits, as the
// library's Page does not: a damaged or hostile file's tree can loop back
// on itself.
func pdfPages(r *pdf.Reader) ([]pdf.Page, error) {
	var pages []pdf.Page
	visits := 0
	var walk func(v pdf.Value, depth int) error
	walk = func(v pdf.Value, depth int) error {
		visits++
		if depth > 32 || visits > 20*maxPages {
			return errors.New("its page tree loops or is too deep")
		}
		switch v.Key("Type").Name() {
		case "Pages":
			kids := v.Key("Kids")
			for i := 0; i < kids.Len(); i++ {
				if err := walk(kids.Index(i), depth+1); err != nil {
					return err
				}
			}
		case "Page":
			if len(pages) >= maxPages {
				return fmt.Errorf("more than %d pages, more than a job description has", maxPages)
			}
			// Fonts are looked up through the parents; they must end.
			p := v
			for k := 0; !p.IsNull(); k++ {
				if k > 40 {
					return errors.New("its page tree loops")
				}
				p = p.Key("Parent")
			}
			pages = append(pages, pdf.Page{V: v})
		}
		return nil
	}
	err := walk(r.Trailer().Key("Root").Key("Pages"), 0)
	return pages, err
}

type matrix [3][3]float64

var ident = matrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}

func (x matrix) mul(y matrix) matrix {
	var z matrix
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				z[i][j] += x[i][k] * y[k][j]
			}
		}
	}
	return z
}

type gstate struct {
	tc, tw, th, tl, tfs, trise float64
	font                       pdf.Font
	enc                        pdf.TextEncoding
	bold                       bool
	tm, tlm, ctm               matrix
}

// pageGlyphs interprets a page's text operators into placed glyphs.
func pageGlyphs(p pdf.Page) (gs []glyph, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("damaged content (%v)", r)
		}
	}()
	if p.V.IsNull() || p.V.Key("Contents").Kind() == pdf.Null {
		return nil, nil
	}
	g := gstate{th: 1, ctm: ident, tm: ident, tlm: ident}
	var stack []gstate
	show := func(s string) {
		if g.enc == nil {
			return
		}
		decoded := []rune(g.enc.Decode(s))
		for i, ch := range decoded {
			var w0 float64
			if i < len(s) {
				w0 = g.font.Width(int(s[i]))
			}
			trm := matrix{{g.tfs * g.th, 0, 0}, {0, g.tfs, 0}, {0, g.trise, 1}}.mul(g.tm).mul(g.ctm)
			if len(gs) < 2_000_000 {
				gs = append(gs, glyph{x: trm[2][0], y: trm[2][1], w: w0 / 1000 * trm[0][0], size: math.Abs(trm[1][1]), s: string(ch), bold: g.bold})
			}
			tx := (w0/1000*g.tfs + g.tc) * g.th
			if ch == ' ' {
				tx += g.tw * g.th
			}
			g.tm = matrix{{1, 0, 0}, {0, 1, 0}, {tx, 0, 1}}.mul(g.tm)
		}
	}
	num := func(args []pdf.Value, i int) float64 {
		if i < len(args) {
			return args[i].Float64()
		}
		return 0
	}
	pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "cm":
			if len(args) == 6 {
				var m matrix
				for i := 0; i < 6; i++ {
					m[i/2][i%2] = args[i].Float64()
				}
				m[2][2] = 1
				g.ctm = m.mul(g.ctm)
			}
		case "q":
			if len(stack) < 1000 {
				stack = append(stack, g)
			}
		case "Q":
			if len(stack) > 0 {
				g = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "BT":
			g.tm, g.tlm = ident, ident
		case "T*":
			g.tlm = matrix{{1, 0, 0}, {0, 1, 0}, {0, -g.tl, 1}}.mul(g.tlm)
			g.tm = g.tlm
		case "Tc":
			g.tc = num(args, 0)
		case "Tw":
			g.tw = num(args, 0)
		case "Tz":
			g.th = num(args, 0) / 100
		case "TL":
			g.tl = num(args, 0)
		case "Ts":
			g.trise = num(args, 0)
		case "TD", "Td":
			if op == "TD" {
				g.tl = -num(args, 1)
			}
			g.tlm = matrix{{1, 0, 0}, {0, 1, 0}, {num(args, 0), num(args, 1), 1}}.mul(g.tlm)
			g.tm = g.tlm
		case "Tm":
			if len(args) == 6 {
				var m matrix
				for i := 0; i < 6; i++ {
					m[i/2][i%2] = args[i].Float64()
				}
				m[2][2] = 1
				g.tm, g.tlm = m, m
			}
		case "Tf":
			if len(args) == 2 {
				g.font = p.Font(args[0].Name())
				g.enc = g.font.Encoder()
				g.tfs = args[1].Float64()
				g.bold = strings.Contains(strings.ToLower(g.font.BaseFont()), "bold")
			}
		case "\"", "'", "Tj":
			if op == "\"" && len(args) == 3 {
				g.tw, g.tc = args[0].Float64(), args[1].Float64()
				args = args[2:]
			}
			if op != "Tj" {
				g.tlm = matrix{{1, 0, 0}, {0, 1, 0}, {0, -g.tl, 1}}.mul(g.tlm)
				g.tm = g.tlm
			}
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			v := args[0]
			for i := 0; i < v.Len(); i++ {
				x := v.Index(i)
				if x.Kind() == pdf.String {
					show(x.RawString())
				} else {
					tx := -x.Float64() / 1000 * g.tfs * g.th
					g.tm = matrix{{1, 0, 0}, {0, 1, 0}, {tx, 0, 1}}.mul(g.tm)
				}
			}
		}
	})
	return gs, nil
}

// pline is one line of a page: its glyphs grouped into runs separated by
// wide gaps (table columns).
type pline struct {
	glyphs []glyph // its glyphs left to right, spaces left out
	page   int
	y      float64
	size   float64
	bold   bool
	runs   []run
	height float64
}

type run struct {
	x0, x1 float64
	text   string
}

// layout turns the glyphs of each page into text lines: a blank line for a
// paragraph gap, "## " before a line in a larger font, tabs between the
// columns of a table.
func layout(pages [][]glyph) []srcLine {
	var lines []pline
	for pi, gs := range pages {
		lines = append(lines, pageLines(pi+1, gs)...)
	}
	if len(lines) == 0 {
		return nil
	}
	body := bodySize(lines)
	right := map[int]float64{} // the right margin of each page: its longest line's end
	for _, l := range lines {
		right[l.page] = math.Max(right[l.page], l.runs[len(l.runs)-1].x1)
	}
	var out []srcLine
	var cols []float64 // column boundaries of the table under way
	var prev *pline
	perPage := map[int]int{}
	for i := range lines {
		l := &lines[i]
		perPage[l.page]++
		pos := "page " + strconv.Itoa(l.page) + " line " + strconv.Itoa(perPage[l.page])
		if prev != nil {
			gap := prev.y - l.y
			switch {
			case l.page != prev.page:
				// A page break ends a paragraph only if its last line
				// stopped short of the margin; a table goes on.
				if cols == nil && prev.runs[len(prev.runs)-1].x1 < 0.9*right[prev.page] {
					out = append(out, srcLine{pos: pos})
				}
			case gap > 1.6*math.Max(prev.height, l.height):
				out = append(out, srcLine{pos: pos})
			}
		}
		prev = l
		text := lineText(l)
		if cols == nil && len(l.runs) >= 2 && isHeaderLine(l) {
			cols = boundaries(l, lines[i+1:])
		}
		if cols != nil {
			if i > 0 && !isHeaderLine(l) && crosses(l, cols) {
				cols = nil // a line across the columns: the table has ended
			} else {
				out = append(out, srcLine{text: tableLine(l, cols), pos: pos})
				continue
			}
		}
		if l.size > body*1.15 && len(text) < 100 {
			// A heading wrapped over two lines is one heading.
			if n := len(out); n > 0 && strings.HasPrefix(out[n-1].text, "## ") && i > 0 && lines[i-1].size == l.size && lines[i-1].page == l.page {
				out[n-1].text += " " + text
				continue
			}
			text = "## " + text
		}
		out = append(out, srcLine{text: text, pos: pos})
	}
	return mergeTableLines(out)
}

func pageLines(page int, gs []glyph) []pline {
	sort.SliceStable(gs, func(i, j int) bool {
		if math.Abs(gs[i].y-gs[j].y) > 2 {
			return gs[i].y > gs[j].y
		}
		return gs[i].x < gs[j].x
	})
	var lines []pline
	for _, g := range gs {
		if strings.TrimSpace(g.s) == "" && g.s != " " {
			continue
		}
		if n := len(lines); n > 0 && math.Abs(lines[n-1].y-g.y) <= math.Max(2, g.size*0.3) {
			l := &lines[n-1]
			if g.s != " " {
				l.glyphs = append(l.glyphs, g)
			}
			last := &l.runs[len(l.runs)-1]
			gap := g.x - last.x1
			switch {
			case gap > math.Max(g.size, 6)*1.2 && listMarker.MatchString(last.text):
				// "10." then a tab to the item's text: one run.
				last.text += " " + g.s
				last.x1 = g.x + g.w
			case gap > math.Max(g.size, 6)*1.2:
				l.runs = append(l.runs, run{x0: g.x, x1: g.x + g.w, text: g.s})
			case gap > g.size*0.2 && !strings.HasSuffix(last.text, " ") && g.s != " ":
				last.text += " " + g.s
				last.x1 = g.x + g.w
			default:
				last.text += g.s
				last.x1 = math.Max(last.x1, g.x+g.w)
			}
			l.size = math.Max(l.size, g.size)
			continue
		}
		if g.s == " " {
			continue
		}
		lines = append(lines, pline{glyphs: []glyph{g}, page: page, y: g.y, size: g.size, bold: g.bold, height: g.size * 1.15,
			runs: []run{{x0: g.x, x1: g.x + g.w, text: g.s}}})
	}
	for i := range lines {
		if i > 0 && lines[i-1].page == lines[i].page {
			if d := lines[i-1].y - lines[i].y; d > 0 && d < lines[i].height*1.5 {
				lines[i].height = math.Min(lines[i].height, d)
			}
		}
		for j := range lines[i].runs {
			lines[i].runs[j].text = strings.TrimSpace(strings.Join(strings.Fields(pdfBullets.Replace(lines[i].runs[j].text)), " "))
		}
	}
	return lines
}

var listMarker = regexp.MustCompile(`^\s*(?:\(?\d{1,3}[.)]|\(?[a-z][.)]|[•\x{f0b7}\x{f0a7}\x{f0d8}\x{f076}\x{f0fc}\x{f06c}\x{f0a8}-])\s*$`)

// pdfBullets maps the private-use code points that Symbol and Wingdings
// bullets decode to onto "•".
var pdfBullets = strings.NewReplacer("\uf0b7", "•", "\uf0a7", "•", "\uf0d8", "•", "\uf076", "•", "\uf0fc", "•", "\uf06c", "•", "\uf0a8", "•")

func bodySize(lines []pline) float64 {
	count := map[float64]int{}
	for _, l := range lines {
		count[math.Round(l.size)] += len(lineText(&l))
	}
	best, n := 0.0, -1
	for s, c := range count {
		if c > n || c == n && s < best {
			best, n = s, c
		}
	}
	return best
}

func lineText(l *pline) string {
	var parts []string
	for _, r := range l.runs {
		parts = append(parts, r.text)
	}
	return strings.Join(parts, "\t")
}

// isHeaderLine reports whether a line's runs read as the head of a person
// specification: at least one is a level.
func isHeaderLine(l *pline) bool {
	cells := make([][]piece, len(l.runs))
	for i, r := range l.runs {
		cells[i] = []piece{{text: r.text}}
	}
	t, ok := header(cells)
	return ok && hasLevel(t)
}

// boundaries are the x positions where a table's columns start. A heading
// may be centred in its cell or not, so a column starts at the leftmost
// line start below the header that lies between the heading before's end
// and its own heading's start.
func boundaries(h *pline, below []pline) []float64 {
	b := []float64{h.runs[0].x0 - 1}
	for i := 1; i < len(h.runs); i++ {
		lo, hi := (h.runs[i-1].x1+h.runs[i].x0)/2, h.runs[i].x0+1
		edge := hi - 2
		for j := range below {
			if j > 400 || j > 0 && crosses(&below[j], b) {
				break
			}
			for _, r := range below[j].runs {
				if r.x0 >= lo && r.x0 < edge {
					edge = r.x0
				}
			}
		}
		b = append(b, edge-1)
	}
	return b
}

// crosses reports whether a line runs through a column edge inside a word:
// a paragraph across the page, not a line of the table.
func crosses(l *pline, cols []float64) bool {
	for _, edge := range cols[1:] {
		for k := 1; k < len(l.glyphs); k++ {
			a, c := l.glyphs[k-1], l.glyphs[k]
			if a.x < edge && c.x >= edge && c.x-(a.x+a.w) < 0.12*c.size {
				return true
			}
		}
	}
	return false
}

// tableLine writes a line of a table as tab-separated cells, each glyph in
// the column it stands in.
func tableLine(l *pline, cols []float64) string {
	cells := make([]strings.Builder, len(cols))
	last := make([]*glyph, len(cols))
	for k := range l.glyphs {
		g := &l.glyphs[k]
		c := 0
		for i, b := range cols {
			if g.x >= b {
				c = i
			}
		}
		if p := last[c]; p != nil && g.x-(p.x+p.w) > 0.2*g.size {
			cells[c].WriteString(" ")
		}
		cells[c].WriteString(pdfBullets.Replace(g.s))
		last[c] = g
	}
	parts := make([]string, len(cols))
	for i := range cells {
		parts[i] = strings.TrimSpace(cells[i].String())
	}
	return tableMark + strings.Join(parts, "\t")
}

// tableMark starts a line that layout found in a table, for mergeTableLines.
const tableMark = "\x00T"

// mergeTableLines joins the lines of one table row. A line whose first
// cell is empty continues the row above, even across a page break (wrapped
// text in the other cells); a first cell straight under another with no
// gap is a wrapped area name; otherwise a first cell starts a new row.
func mergeTableLines(in []srcLine) []srcLine {
	var out []srcLine
	cells := map[int][][]string{} // a row's index in out -> its cells' lines
	lastRow, header := -1, -1
	gap, prevFirst := false, false
	for _, l := range in {
		if !strings.HasPrefix(l.text, tableMark) {
			if l.text != "" {
				lastRow, header = -1, -1
				out = append(out, l)
			} else {
				gap = true
				if lastRow < 0 {
					out = append(out, l)
				}
			}
			continue
		}
		parts := strings.Split(strings.TrimPrefix(l.text, tableMark), "\t")
		first := parts[0] != ""
		cont := lastRow >= 0 && lastRow != header && (!first || prevFirst && !gap)
		gap, prevFirst = false, first
		if !cont {
			out = append(out, srcLine{pos: l.pos})
			lastRow = len(out) - 1
			if header < 0 {
				header = lastRow
			}
		}
		row := cells[lastRow]
		for i, c := range parts {
			for len(row) <= i {
				row = append(row, nil)
			}
			if c != "" {
				row[i] = append(row[i], c)
			}
		}
		cells[lastRow] = row
	}
	for i, row := range cells {
		texts := make([]string, len(row))
		for j, c := range row {
			texts[j] = joinLines(c)
		}
		out[i].text = strings.Join(texts, "\t")
	}
	return out
}
