package importer

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlBlocks reads a job advert's web page: headings, paragraphs, lists,
// tables (the person specification, a details table) and definition lists
// (a details block: salary, contract, closing date).
func htmlBlocks(data []byte) ([]block, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	s, _ := decodeText(data)
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil, err
	}
	w := &htmlWalker{}
	w.walk(root)
	w.flush()
	if len(w.out) == 0 {
		if t := findTitle(root); t != "" {
			w.out = append(w.out, block{pos: "title", kind: kText, heading: 1, text: t})
		}
	}
	return w.out, nil
}

type htmlWalker struct {
	out  []block
	text strings.Builder
	n    int // paragraphs so far, for positions
}

func (w *htmlWalker) pos() string { w.n++; return "paragraph " + strconv.Itoa(w.n) }

// skipped elements hold no job description: scripts, menus, forms.
var skipped = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Nav: true, atom.Form: true, atom.Button: true, atom.Iframe: true, atom.Head: true,
	atom.Select: true, atom.Object: true, atom.Footer: true}

// blockLevel elements end the paragraph before them.
var blockLevel = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Main: true, atom.Aside: true, atom.Blockquote: true, atom.Pre: true,
	atom.Br: true, atom.Hr: true, atom.Address: true, atom.Figure: true, atom.Figcaption: true, atom.Details: true,
	atom.Summary: true, atom.Caption: true, atom.Center: true}

func (w *htmlWalker) flush() {
	t := clean(w.text.String())
	w.text.Reset()
	if t != "" {
		w.out = append(w.out, lineBlock(w.pos(), t, 0), block{kind: kBreak})
	}
}

func (w *htmlWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
		return
	}
	if skipped[n.DataAtom] || hidden(n) {
		return
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.flush()
		if t := textOf(n); t != "" {
			w.out = append(w.out, block{pos: w.pos(), kind: kText, heading: int(n.Data[1] - '0'), text: t}, block{kind: kBreak})
		}
		return
	case atom.Ul, atom.Ol:
		w.flush()
		w.list(n)
		return
	case atom.Table:
		w.flush()
		w.table(n)
		return
	case atom.Dl:
		w.flush()
		w.dl(n)
		return
	}
	if blockLevel[n.DataAtom] {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if blockLevel[n.DataAtom] {
		w.flush()
	}
}

func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "hidden" || a.Key == "aria-hidden" && a.Val == "true" ||
			a.Key == "style" && strings.Contains(strings.ReplaceAll(a.Val, " ", ""), "display:none") {
			return true
		}
	}
	return false
}

// list emits each <li> as an item, numbered in an <ol>; nested lists are
// items too.
func (w *htmlWalker) list(n *html.Node) {
	num := 0
	if n.DataAtom == atom.Ol {
		num = 1
		if s, err := strconv.Atoi(attr(n, "start")); err == nil {
			num = s
		}
	}
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode || li.DataAtom != atom.Li {
			if li.Type == html.TextNode && clean(li.Data) != "" {
				w.out = append(w.out, block{pos: w.pos(), kind: kItem, text: clean(li.Data)})
			}
			continue
		}
		if v, err := strconv.Atoi(attr(li, "value")); err == nil && num > 0 {
			num = v
		}
		var nested []*html.Node
		var b strings.Builder
		for c := li.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol) {
				nested = append(nested, c)
				continue
			}
			b.WriteString(" " + textOf(c))
		}
		if t := clean(b.String()); t != "" {
			w.out = append(w.out, block{pos: w.pos(), kind: kItem, num: num, text: t})
		}
		if num > 0 {
			num++
		}
		for _, c := range nested {
			w.list(c)
		}
	}
	w.out = append(w.out, block{kind: kBreak})
}

func (w *htmlWalker) table(n *html.Node) {
	var rows []*html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type != html.ElementNode:
			case c.DataAtom == atom.Tr:
				rows = append(rows, c)
			case c.DataAtom == atom.Table:
				// a table inside a cell is read with that cell
			default:
				find(c)
			}
		}
	}
	find(n)
	for _, tr := range rows {
		b := block{pos: w.pos(), kind: kRow}
		var texts []string
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type != html.ElementNode || td.DataAtom != atom.Td && td.DataAtom != atom.Th {
				continue
			}
			ps := cellPieces(td)
			b.cells = append(b.cells, ps)
			texts = append(texts, joinPieces(ps))
			if span, err := strconv.Atoi(attr(td, "colspan")); err == nil && span > 1 && span < 10 && len(ps) > 0 && len(texts) == 1 {
				// A first cell across the table names the area below it.
				for i := 1; i < span; i++ {
					b.cells = append(b.cells, nil)
				}
			}
		}
		b.rowText = strings.Join(texts, " | ")
		if len(b.cells) > 0 {
			w.out = append(w.out, b)
		}
	}
	w.out = append(w.out, block{kind: kBreak})
}

// cellPieces reads a table cell: each <li> a bulleted piece, each <p> a
// paragraph piece, loose text a plain piece.
func cellPieces(td *html.Node) []piece {
	var out []piece
	var cur strings.Builder
	curMark := mNone
	emit := func() {
		for i, p := range splitCell(cur.String()) {
			if i == 0 && p.mark == mNone {
				p.mark = curMark
			}
			out = append(out, p)
		}
		cur.Reset()
		curMark = mNone
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				cur.WriteString(html.EscapeString(c.Data))
			case c.Type != html.ElementNode || skipped[c.DataAtom]:
			case c.DataAtom == atom.Li:
				emit()
				curMark = mBullet
				walk(c)
				emit()
			case c.DataAtom == atom.P || c.DataAtom == atom.Div || c.DataAtom == atom.Br:
				emit()
				curMark = mPara
				walk(c)
				emit()
			default:
				walk(c)
			}
		}
	}
	walk(td)
	emit()
	return out
}

// dl reads a details block: each <dt> and its <dd> become a two-cell row.
func (w *htmlWalker) dl(n *html.Node) {
	var term string
	var find func(*html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Dt:
				term = textOf(c)
			case atom.Dd:
				b := block{pos: w.pos(), kind: kRow, cells: [][]piece{{{text: term}}, {{text: textOf(c)}}}}
				b.rowText = term + " | " + textOf(c)
				w.out = append(w.out, b)
			default:
				find(c)
			}
		}
	}
	find(n)
	w.out = append(w.out, block{kind: kBreak})
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			return
		}
		if n.Type == html.ElementNode && skipped[n.DataAtom] {
			return
		}
		if n.Type == html.ElementNode && (blockLevel[n.DataAtom] || n.DataAtom == atom.Li) {
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func findTitle(n *html.Node) string {
	if n.Type == html.ElementNode && n.DataAtom == atom.Title {
		return textOf(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if t := findTitle(c); t != "" {
			return t
		}
	}
	return ""
}
