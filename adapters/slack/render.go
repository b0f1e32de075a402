package slack

import (
	"strconv"
	"strings"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

// Slack's limits on a message (docs.slack.dev/reference/block-kit). Past
// them Slack rejects the message or cuts it, so answers are split first.
const (
	maxBlocks       = 50     // blocks in one message
	maxSectionText  = 3000   // characters in a section's or context's text
	maxHeaderText   = 150    // characters in a header
	maxFieldText    = 2000   // characters in one section field
	maxFields       = 10     // fields in one section
	maxFallbackText = 40_000 // characters of a message's text fallback
	// maxMessages bounds one answer: a slash command's response_url takes at
	// most five posts, and no answer of the bot needs more.
	maxMessages = 5
)

// message is one Slack message: Block Kit blocks and the plain fallback
// Slack shows in notifications and to clients without blocks. Both are
// mrkdwn, already escaped.
type message struct {
	Text   string
	Blocks []slackapi.Block
}

// part is one block with its share of the fallback text; answers are built
// as parts and then packed into as few messages as the limits allow.
type part struct {
	block slackapi.Block
	text  string
}

// render lays an answer out as Slack messages, at least one, each within
// Slack's limits. All text from the answer is escaped, so neither the job
// description nor a user's words echoed back can mention @everyone or
// smuggle in links.
func render(a bot.Answer) []message {
	// The bot's Lead is its answer without the lines that list the
	// citations, which get blocks of their own here. For a self-check and
	// the list of roles those lines say more than the citations do (met or
	// not, which roles), so the whole text is shown.
	whole := a.Intent == bot.IntentCheck || a.Intent == bot.IntentRoles
	var parts []part
	switch {
	case a.Posting != nil:
		parts = postingParts(a.Posting)
	case len(a.Citations) > 0 && strings.TrimSpace(a.Lead) != "" && !whole:
		parts = sectionParts(a.Lead)
	default:
		parts = sectionParts(a.Text)
	}
	if len(parts) == 0 {
		// Never leave the asker without a reply, even if the bot had nothing.
		parts = sectionParts("Sorry, I have no answer to that.")
	}
	if a.Posting != nil || a.Intent == bot.IntentCheck {
		// These rest on most of the job description: quoting it all
		// under the answer would bury the answer.
		parts = append(parts, sourcesPart(a.Citations)...)
	} else {
		parts = append(parts, citationParts(a.Citations, a.Intent == bot.IntentRoles)...)
	}
	return pack(parts)
}

// sectionParts is text as sections, split where it is too long for one.
func sectionParts(text string) []part {
	var parts []part
	for _, piece := range split(strings.TrimSpace(text), maxSectionText) {
		parts = append(parts, section(escape(piece)))
	}
	return parts
}

func section(mrkdwn string) part {
	return part{
		block: slackapi.NewSectionBlock(textObject(mrkdwn), nil, nil),
		text:  mrkdwn,
	}
}

// textObject is mrkdwn that Slack takes verbatim: it will not turn names
// and addresses in the text into mentions or links.
func textObject(mrkdwn string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, mrkdwn, false, true)
}

// citationParts puts each citation in a context block: small print under
// the answer, the label first because that is what a reader looks up.
// The role is named when the answer is about roles or draws on several;
// otherwise it goes without saying.
func citationParts(cs []bot.Citation, nameRole bool) []part {
	roles := map[string]bool{}
	for _, c := range cs {
		roles[c.Role] = true
	}
	nameRole = nameRole || len(roles) > 1
	var parts []part
	for _, c := range cs {
		head := "*" + escape(c.Label()) + "*"
		if nameRole && c.Role != "" {
			head += " · " + escape(c.Role)
		}
		room := maxSectionText - chars(head) - chars(" · “”")
		quote := head + " · “" + escape(truncate(strings.TrimSpace(c.Text), room)) + "”"
		parts = append(parts, part{
			block: slackapi.NewContextBlock("", textObject(quote)),
			text:  quote,
		})
	}
	return parts
}

// sourcesPart names in one line the parts of the job description an
// answer was drawn from.
func sourcesPart(cs []bot.Citation) []part {
	if len(cs) == 0 {
		return nil
	}
	var labels, duties, titles []string
	seen := map[string]bool{}
	for _, c := range cs {
		if c.Role != "" && !seen["role:"+c.Role] {
			seen["role:"+c.Role] = true
			titles = append(titles, c.Role)
		}
		if c.Kind == corpus.Duty {
			if n := strconv.Itoa(c.Number); !seen["duty:"+n] {
				seen["duty:"+n] = true
				duties = append(duties, n)
			}
			continue
		}
		if l := c.Label(); !seen[l] {
			seen[l] = true
			labels = append(labels, l)
		}
	}
	if len(duties) == 1 {
		labels = append(labels, "Key duty "+duties[0])
	} else if len(duties) > 1 {
		labels = append(labels, "Key duties "+strings.Join(duties, ", "))
	}
	text := "Drawn from the job description"
	if len(titles) > 0 {
		text += " for " + strings.Join(titles, ", ")
	}
	text = "*Sources* · " + escape(truncate(text+": "+strings.Join(labels, "; "), maxSectionText-len("*Sources* · ")))
	return []part{{block: slackapi.NewContextBlock("", textObject(text)), text: text}}
}

// postingParts lays a role summary out as a job posting.
func postingParts(p *bot.Posting) []part {
	var parts []part
	if title := strings.TrimSpace(p.Title); title != "" {
		// Header text is plain_text: Slack shows it as is, so no escaping,
		// and it cannot mention anyone.
		title = truncate(title, maxHeaderText)
		parts = append(parts, part{
			block: slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, title, false, false)),
			text:  "*" + escape(title) + "*",
		})
	}
	parts = append(parts, sectionParts(p.Summary)...)
	for _, g := range p.Duties {
		parts = append(parts, listParts("Key duties · "+g.Name, g.Lines)...)
	}
	for _, g := range p.Essential {
		parts = append(parts, listParts("Essential · "+g.Name, g.Lines)...)
	}
	var fields []*slackapi.TextBlockObject
	var fallback []string
	flush := func() {
		if len(fields) > 0 {
			parts = append(parts, part{
				block: slackapi.NewSectionBlock(nil, fields, nil),
				text:  strings.Join(fallback, "\n"),
			})
		}
		fields, fallback = nil, nil
	}
	for _, f := range p.Facts {
		label := "*" + escape(truncate(f.Label, 100)) + "*"
		value := escape(truncate(f.Value, maxFieldText-chars(label)-1))
		fields = append(fields, textObject(label+"\n"+value))
		fallback = append(fallback, label+": "+value)
		if len(fields) == maxFields {
			flush()
		}
	}
	flush()
	return parts
}

// listParts is a titled bullet list, in as many sections as it needs.
func listParts(title string, lines []string) []part {
	head := "*" + escape(truncate(strings.TrimSpace(title), 200)) + "*"
	var parts []part
	text := head
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		bullet := "• " + escape(truncate(l, maxSectionText-chars(head)-3))
		if chars(text)+1+chars(bullet) > maxSectionText {
			parts = append(parts, section(text))
			text = head
		}
		text += "\n" + bullet
	}
	return append(parts, section(text))
}

// pack fills messages with parts in order, starting a new message when the
// next part would break a limit, and cuts an answer that needs more than
// maxMessages short with a note rather than flood the conversation.
func pack(parts []part) []message {
	var msgs []message
	var cur message
	for _, p := range parts {
		if len(cur.Blocks) > 0 && (len(cur.Blocks) == maxBlocks || chars(cur.Text)+1+chars(p.text) > maxFallbackText) {
			msgs = append(msgs, cur)
			cur = message{}
		}
		if cur.Text != "" {
			cur.Text += "\n"
		}
		cur.Text += p.text
		cur.Blocks = append(cur.Blocks, p.block)
	}
	msgs = append(msgs, cur)
	if len(msgs) > maxMessages {
		msgs = msgs[:maxMessages]
		last := &msgs[maxMessages-1]
		const note = "_The answer was too long for Slack and has been cut short._"
		last.Blocks = append(last.Blocks[:min(len(last.Blocks), maxBlocks-1)], slackapi.NewContextBlock("", textObject(note)))
		last.Text = truncateEscaped(last.Text, maxFallbackText-chars(note)-1) + "\n" + note
	}
	return msgs
}

// escape makes text safe to put in mrkdwn: Slack's control sequences
// (<@U…>, <!everyone>, <http://…|…>) all start with '<', and '&' must be
// escaped so that an escape sequence in the text stays literal.
func escape(s string) string { return escaper.Replace(s) }

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// chars is the length Slack counts: characters, not bytes.
func chars(s string) int { return utf8.RuneCountInString(s) }

// width is the length of unescaped s once escaped.
func width(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch r {
	case '&':
		return len("&amp;")
	case '<', '>':
		return len("&lt;")
	}
	return 1
}

// truncate shortens s so that, escaped, it is at most limit characters,
// marking the cut with an ellipsis.
func truncate(s string, limit int) string {
	if width(s) <= limit {
		return s
	}
	head, _ := cutAt(s, limit-1)
	return strings.TrimRight(head, " \n") + "…"
}

// truncateEscaped shortens already escaped text to limit characters without
// leaving half an escape sequence behind.
func truncateEscaped(s string, limit int) string {
	if chars(s) <= limit {
		return s
	}
	i := 0
	for n := 0; n < limit-1; n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	s = s[:i]
	if amp := strings.LastIndexByte(s, '&'); amp >= 0 && !strings.Contains(s[amp:], ";") {
		s = s[:amp]
	}
	return s + "…"
}

// split cuts s into pieces that are each at most limit characters once
// escaped, at paragraph, line, sentence or word ends where it can.
func split(s string, limit int) []string {
	var pieces []string
	for s != "" {
		head, rest := cutAt(s, limit)
		if rest != "" {
			for _, sep := range []string{"\n\n", "\n", ". ", " "} {
				// Only in the second half, so that every piece is substantial.
				if i := strings.LastIndex(head, sep); i > len(head)/2 {
					head, rest = s[:i+len(sep)], s[i+len(sep):]
					break
				}
			}
		}
		if head = strings.TrimSpace(head); head != "" {
			pieces = append(pieces, head)
		}
		s = strings.TrimSpace(rest)
	}
	return pieces
}

// cutAt splits s after the most runes that fit in limit escaped characters.
func cutAt(s string, limit int) (string, string) {
	n := 0
	for i, r := range s {
		if n += runeWidth(r); n > limit {
			return s[:i], s[i:]
		}
	}
	return s, ""
}
