// Package importer turns a job description as recruiters have it (a text
// or Markdown export, a Word document, an advert's web page, a PDF) into a
// role file in the corpus format, with a report of every repair it made and
// everything it could not place.
//
// Every format is first read into the same list of blocks (paragraphs, list
// items, table rows); one set of rules then finds the title, job scope,
// duties, supervision, person specification and facts in them.
package importer

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/recruitbot/recruitbot/corpus"
)

// MaxSize bounds an input file; job descriptions are tens of kilobytes,
// PDFs and Word files a few megabytes.
const MaxSize = 20 << 20

// Exts are the file endings the importer reads.
var Exts = []string{".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}

// Importable reports whether name ends in one of Exts.
func Importable(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range Exts {
		if ext == e {
			return true
		}
	}
	return false
}

// Result is one imported job description.
type Result struct {
	Role     *corpus.Role // the role file parsed back, as the bot will see it
	Markdown []byte       // the role file
	Report   Report
}

// Report lists what the importer changed and what it could not place, each
// with where it is in the source.
type Report struct {
	File     string
	Format   string // "text", "html", "docx", "pdf"
	Repairs  []Note // items joined, split, renumbered, levels inferred
	Unplaced []Note // text written to the UNPLACED block of the role file
}

// Note is one entry of a report.
type Note struct {
	At   string // "line 12", "paragraph 40", "page 2 line 7"
	Msg  string
	Text string // the source text it is about, shortened
}

func (n Note) String() string {
	s := n.Msg
	if n.At != "" {
		s = n.At + ": " + s
	}
	if n.Text != "" {
		s += ": " + quote(n.Text)
	}
	return s
}

// Lines are the report's notes, one a line, repairs first.
func (r Report) Lines() []string {
	var out []string
	for _, n := range r.Repairs {
		out = append(out, "repaired: "+n.String())
	}
	for _, n := range r.Unplaced {
		out = append(out, "UNPLACED: "+n.String())
	}
	return out
}

// String is the report as lines a recruiter can read.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %d repairs, %d unplaced\n", r.File, r.Format, len(r.Repairs), len(r.Unplaced))
	for _, n := range r.Repairs {
		fmt.Fprintf(&b, "  repaired  %s\n", n)
	}
	for _, n := range r.Unplaced {
		fmt.Fprintf(&b, "  UNPLACED  %s\n", n)
	}
	return b.String()
}

// guard turns a panic into an error; the fuzz tests turn it off to see
// the panics.
var guard = true

// ErrNoText is returned for a file with no text to import, such as a PDF
// of scanned pages.
var ErrNoText = errors.New("no text found")

// Import reads the job description in data; name's ending chooses the
// format, and the content is checked against it. The error says what is
// wrong with the file; it never panics on bad input.
func Import(name string, data []byte) (res *Result, err error) {
	if guard {
		defer func() {
			// The readers are written not to panic; this is the last guard
			// for a recruiter's odd file, turned into an error naming it.
			if p := recover(); p != nil {
				res, err = nil, fmt.Errorf("import %s: could not read the file (%v)", name, p)
			}
		}()
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("import %s: %d MB is too big for a job description (the limit is %d MB)", name, len(data)>>20, MaxSize>>20)
	}
	format := formatOf(name, data)
	var blocks []block
	switch format {
	case "docx":
		blocks, err = docxBlocks(data)
	case "pdf":
		blocks, err = pdfBlocks(data)
	case "html":
		blocks, err = htmlBlocks(data)
	default:
		blocks, err = textBlocks(data)
	}
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	d := build(blocks)
	d.report.File, d.report.Format = name, format
	if d.empty() {
		return nil, fmt.Errorf("import %s: %w: no job scope, duties or criteria were recognised%s", name, ErrNoText, d.unplacedHint())
	}
	md := d.render(filepath.Base(name))
	role, perr := corpus.Parse(name, bytes.NewReader(md))
	if perr != nil {
		// The renderer writes only what the parser reads; this is a bug,
		// reported with the file so it can be fixed.
		return nil, fmt.Errorf("import %s: the role file written does not parse: %w", name, perr)
	}
	return &Result{Role: role, Markdown: md, Report: d.report}, nil
}

// formatOf chooses the reader by the file's ending, checked against its
// first bytes so a renamed file is still read as what it is.
func formatOf(name string, data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "docx"
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return "docx"
	case ".pdf":
		return "pdf"
	case ".html", ".htm":
		return "html"
	}
	head := strings.ToLower(string(data[:min(len(data), 512)]))
	if strings.Contains(head, "<!doctype html") || strings.Contains(head, "<html") {
		return "html"
	}
	return "text"
}

// checkText rejects what is not text: binary files and other encodings.
func checkText(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%w: the file is empty", ErrNoText)
	}
	if bytes.IndexByte(data, 0) >= 0 || binaryish(data) {
		return errors.New("a binary file, not text; import .txt, .md, .html, .docx or .pdf")
	}
	return nil
}

// binaryish reports whether data has the control bytes of a binary file
// rather than text.
func binaryish(data []byte) bool {
	n := 0
	for _, c := range data[:min(len(data), 4096)] {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			n++
		}
	}
	return n > 8
}

// decodeText returns data as UTF-8: as it is when it is UTF-8, else read as
// Windows-1252, which is what older Windows programs save "text" as.
func decodeText(data []byte) (string, bool) {
	if utf8.Valid(data) {
		return string(data), false
	}
	var b strings.Builder
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xa0:
			b.WriteRune(cp1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String(), true
}

var cp1252 = [32]rune{'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'ž', 'Ÿ'}

func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "..."
	}
	return fmt.Sprintf("%q", s)
}
