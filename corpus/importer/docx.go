package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A Word document is a zip of XML parts; the standard library reads both.
// Only word/document.xml, word/styles.xml and word/numbering.xml matter:
// paragraphs and their styles (headings), numbering (lists) and tables.

// maxPart bounds one unzipped part, against zip bombs: a long job
// description's document.xml is well under a megabyte.
const maxPart = 8 << 20

func docxBlocks(data []byte) ([]block, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrNoText)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errors.New("not a Word document (.docx is a zip archive and this is not one); an old .doc must be saved as .docx first")
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	doc, ok := parts["word/document.xml"]
	if !ok {
		return nil, errors.New("not a Word document: the archive has no word/document.xml")
	}
	body, err := readPart(doc)
	if err != nil {
		return nil, err
	}
	w := &docxWalker{styles: map[string]int{}, lists: map[string]*numDef{}, count: map[string]int{}}
	if f, ok := parts["word/styles.xml"]; ok {
		if b, err := readPart(f); err == nil {
			w.readStyles(b)
		}
	}
	if f, ok := parts["word/numbering.xml"]; ok {
		if b, err := readPart(f); err == nil {
			w.readNumbering(b)
		}
	}
	if err := w.readBody(body); err != nil {
		return nil, fmt.Errorf("word/document.xml: %w", err)
	}
	return w.out, nil
}

func readPart(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > maxPart {
		return nil, fmt.Errorf("%s unzips to %d MB, more than a job description holds (a zip bomb?)", f.Name, f.UncompressedSize64>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	// The size in the header can lie; the limit holds whatever it says.
	b, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if len(b) > maxPart {
		return nil, fmt.Errorf("%s unzips to more than %d MB, more than a job description holds (a zip bomb?)", f.Name, maxPart>>20)
	}
	return b, nil
}

type numDef struct {
	abstract string
	start    map[int]int // level -> start override
}

type lvlDef struct {
	format string
	start  int
}

type docxWalker struct {
	styles   map[string]int // style id -> heading level (-1 for a list style)
	lists    map[string]*numDef
	abstract map[string]map[int]lvlDef
	count    map[string]int // numId/ilvl -> last number given
	out      []block
	n        int
}

func attrVal(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// readStyles finds the heading styles: "Heading 1", "Title", or any style
// with an outline level.
func (w *docxWalker) readStyles(b []byte) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var id, name string
	level := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				id, name, level = attrVal(t, "styleId"), "", 0
			case "name":
				name = strings.ToLower(attrVal(t, "val"))
			case "outlineLvl":
				if v, err := strconv.Atoi(attrVal(t, "val")); err == nil && v < 9 {
					level = v + 1
				}
			}
		case xml.EndElement:
			if t.Name.Local != "style" || id == "" {
				continue
			}
			switch {
			case name == "title":
				level = 1
			case strings.HasPrefix(name, "heading "):
				if v, err := strconv.Atoi(strings.TrimPrefix(name, "heading ")); err == nil {
					level = v
				}
			case strings.HasPrefix(name, "list"):
				level = -1
			}
			if level != 0 {
				w.styles[id] = level
			}
		}
	}
}

func (w *docxWalker) readNumbering(b []byte) {
	w.abstract = map[string]map[int]lvlDef{}
	d := xml.NewDecoder(bytes.NewReader(b))
	var abs, num string
	lvl := -1
	var cur lvlDef
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "abstractNum":
				abs, num = attrVal(t, "abstractNumId"), ""
				w.abstract[abs] = map[int]lvlDef{}
			case "num":
				num, abs = attrVal(t, "numId"), ""
				w.lists[num] = &numDef{start: map[int]int{}}
			case "abstractNumId":
				if num != "" {
					w.lists[num].abstract = attrVal(t, "val")
				}
			case "lvl", "lvlOverride":
				lvl, _ = strconv.Atoi(attrVal(t, "ilvl"))
				cur = lvlDef{start: 1}
			case "numFmt":
				cur.format = attrVal(t, "val")
			case "start":
				cur.start, _ = strconv.Atoi(attrVal(t, "val"))
			case "startOverride":
				if num != "" {
					v, _ := strconv.Atoi(attrVal(t, "val"))
					w.lists[num].start[lvl] = v
				}
			}
		case xml.EndElement:
			if t.Name.Local == "lvl" && abs != "" {
				w.abstract[abs][lvl] = cur
			}
		}
	}
}

// number gives a list paragraph its number, 0 for a bullet.
func (w *docxWalker) number(numID string, ilvl int) int {
	def, ok := w.lists[numID]
	if !ok || numID == "0" {
		return 0
	}
	lv, ok := w.abstract[def.abstract][ilvl]
	if !ok || lv.format == "bullet" || lv.format == "none" || lv.format == "" {
		return 0
	}
	key := numID + "/" + strconv.Itoa(ilvl)
	if _, seen := w.count[key]; !seen {
		start := lv.start
		if s, ok := def.start[ilvl]; ok {
			start = s
		}
		w.count[key] = start - 1
	}
	w.count[key]++
	return w.count[key]
}

// para is one Word paragraph as read.
type para struct {
	text    strings.Builder
	style   string
	numID   string
	ilvl    int
	hasNum  bool
	outline int
}

func (w *docxWalker) pos() string { w.n++; return "paragraph " + strconv.Itoa(w.n) }

// readBody streams document.xml: paragraphs outside tables become blocks
// at once; a table's rows become kRow blocks with a piece a paragraph.
func (w *docxWalker) readBody(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	var (
		p        *para
		tblDepth int
		row      *block
		cell     []piece
		inText   bool
		skip     int     // inside deleted text, a field code or a drawing's fallback copy
		inTabs   bool    // w:tab in w:tabs is a tab stop, not a tab
		outer    []*para // paragraphs a text box's paragraphs are inside
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				if p != nil && len(outer) < 100 {
					outer = append(outer, p) // a text box inside a paragraph
				}
				p = &para{}
			case "pStyle":
				if p != nil {
					p.style = attrVal(t, "val")
				}
			case "numId":
				if p != nil {
					p.numID, p.hasNum = attrVal(t, "val"), true
				}
			case "ilvl":
				if p != nil {
					p.ilvl, _ = strconv.Atoi(attrVal(t, "val"))
				}
			case "outlineLvl":
				if p != nil {
					if v, err := strconv.Atoi(attrVal(t, "val")); err == nil && v < 9 {
						p.outline = v + 1
					}
				}
			case "t":
				inText = skip == 0
			case "delText", "instrText", "Fallback":
				skip++
			case "tabs":
				inTabs = true
			case "tab":
				if p != nil && !inTabs {
					p.text.WriteString("\t")
				}
			case "br", "cr":
				if p != nil {
					p.text.WriteString(" ")
				}
			case "tbl":
				tblDepth++
			case "tr":
				if tblDepth == 1 {
					row = &block{pos: w.pos(), kind: kRow}
				}
			case "tc":
				if tblDepth == 1 {
					cell = nil
				}
			}
		case xml.CharData:
			if inText && p != nil {
				p.text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "tabs":
				inTabs = false
			case "delText", "instrText", "Fallback":
				skip--
			case "p":
				if p == nil {
					continue
				}
				if tblDepth > 0 {
					cell = append(cell, w.cellPieces(p)...)
				} else {
					w.paragraph(p)
				}
				p = nil
				if n := len(outer); n > 0 {
					p, outer = outer[n-1], outer[:n-1]
				}
			case "tc":
				if tblDepth == 1 && row != nil {
					row.cells = append(row.cells, cell)
					cell = nil
				}
			case "tr":
				if tblDepth == 1 && row != nil {
					var texts []string
					for _, c := range row.cells {
						texts = append(texts, joinPieces(c))
					}
					row.rowText = strings.Join(texts, " | ")
					if strings.Trim(row.rowText, " |") != "" {
						w.out = append(w.out, *row)
					}
					row = nil
				}
			case "tbl":
				tblDepth--
				if tblDepth == 0 {
					w.out = append(w.out, block{kind: kBreak})
				}
			}
		}
	}
}

// headingLevel is the paragraph's heading level from its style, 0 if none.
func (w *docxWalker) headingLevel(p *para) int {
	if p.outline > 0 {
		return p.outline
	}
	if l := w.styles[p.style]; l > 0 {
		return l
	}
	s := strings.ToLower(p.style)
	if strings.HasPrefix(s, "heading") {
		if v, err := strconv.Atoi(strings.TrimPrefix(s, "heading")); err == nil {
			return v
		}
	}
	if s == "title" {
		return 1
	}
	return 0
}

func (w *docxWalker) paragraph(p *para) {
	raw := strings.Trim(p.text.String(), "\t ")
	text := clean(strings.ReplaceAll(raw, "\t", " "))
	if text == "" {
		w.out = append(w.out, block{kind: kBreak})
		return
	}
	pos := w.pos()
	switch {
	case w.headingLevel(p) > 0:
		w.out = append(w.out, block{pos: pos, kind: kText, heading: w.headingLevel(p), text: text})
	case p.hasNum && p.numID != "0":
		w.out = append(w.out, block{pos: pos, kind: kItem, num: w.number(p.numID, p.ilvl), text: text})
	case w.styles[p.style] == -1:
		w.out = append(w.out, lineBlock(pos, text, 0))
	case strings.Contains(raw, "\t"):
		// Text laid out with tabs, as a table pasted as text is.
		w.out = append(w.out, rowBlock(pos, strings.Split(raw, "\t")))
	default:
		w.out = append(w.out, lineBlock(pos, text, 0))
	}
	w.out = append(w.out, block{kind: kBreak})
}

// cellPieces reads a paragraph in a table cell: a list paragraph is a
// bullet, any other a paragraph of its own, split further at typed bullets.
func (w *docxWalker) cellPieces(p *para) []piece {
	text := strings.ReplaceAll(p.text.String(), "\t", " ")
	ps := splitCell(escapeText(text))
	if len(ps) == 0 {
		return nil
	}
	if ps[0].mark == mNone {
		ps[0].mark = mPara
		if p.hasNum && p.numID != "0" || w.styles[p.style] == -1 {
			ps[0].mark = mBullet
		}
	}
	return ps
}

// escapeText keeps a document's own "<" from being read as a tag.
func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
