package bot

import "strings"

// BlockKind says what a part of an answer's body is. Adapters render each
// kind their own way (Block Kit, embeds, plain text) without reading the
// answer's intent.
type BlockKind string

// The kinds of block an answer's body is made of.
const (
	BlockLead    BlockKind = "lead"    // the direct answer: one or two sentences
	BlockQuote   BlockKind = "quote"   // an item quoted, with its citation
	BlockList    BlockKind = "list"    // lines, each resting on an item, maybe grouped
	BlockPosting BlockKind = "posting" // a role laid out as a job posting
	BlockFact    BlockKind = "fact"    // a recruiter fact: label and value
	BlockCheck   BlockKind = "check"   // self-check rows, each met or not
	BlockNote    BlockKind = "note"    // a secondary line: "See also ...", a guide
)

// Block is one part of an answer's body, in reading order.
type Block struct {
	Kind BlockKind
	// Text is the sentence of a lead or note, the heading of a list or
	// check, the words quoted from an item, or a fact's value.
	Text string
	// Cite is the item a quote or fact rests on.
	Cite *Citation
	// Lines are a list's or check's rows.
	Lines []Line
	// Related are the items a note points to ("See also ...").
	Related []Citation
	// Posting is set on a posting block.
	Posting *Posting
}

// Line is one row of a list or a self-check.
type Line struct {
	Group string // the heading the line sits under, e.g. an area; "" for none
	Text  string
	Cite  *Citation
	// Met and Said are a self-check row's mark and the words of the
	// applicant's own description that meet it.
	Met  bool
	Said string
}

func lead(s string) Block { return Block{Kind: BlockLead, Text: s} }

func note(s string, related ...Citation) Block {
	return Block{Kind: BlockNote, Text: s, Related: related}
}

func quote(c Citation, words string) Block {
	return Block{Kind: BlockQuote, Text: words, Cite: &c}
}

// withBody ensures every answer has a body: a plain reply is one lead.
func withBody(a Answer) Answer {
	if len(a.Body) == 0 && strings.TrimSpace(a.Text) != "" {
		a.Body = []Block{lead(a.Text)}
	}
	return a
}
