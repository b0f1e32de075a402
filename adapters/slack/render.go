package slack

import (
	"strings"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/bot"
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
// Slack's limits. It reads only the answer's body, block by block, never
// its intent. All text from the answer is escaped, so neither the job
// description nor a user's words echoed back can mention @everyone or
// smuggle in links.
func render(a bot.Answer) []message {
	body := chat.Body(a)
	roles := chat.Roles(body)
	var parts []part
	for _, b := range body {
		switch b.Kind {
		case bot.BlockQuote:
			parts = append(parts, quoteParts(b, roles)...)
		case bot.BlockList, bot.BlockCheck:
			parts = append(parts, listParts(b)...)
		case bot.BlockPosting:
			if b.Posting != nil {
				parts = append(parts, postingParts(b.Posting)...)
			}
		case bot.BlockFact:
			parts = append(parts, sectionParts(b.Text)...)
			if b.Cite != nil {
				parts = append(parts, smallPrint("*"+escape(chat.Name(*b.Cite, roles))+"*"))
			}
		case bot.BlockNote:
			if text := chat.Note(b); text != "" {
				parts = append(parts, smallPrint(escape(truncate(text, maxSectionText))))
			}
		default: // a lead, and any kind this adapter does not know yet
			parts = append(parts, sectionParts(b.Text)...)
		}
	}
	if len(parts) == 0 {
		// Never leave the asker without a reply, even if the bot had nothing.
		parts = sectionParts(chat.NoAnswer)
	}
	return pack(parts)
}

// sectionParts is text as sections, split where it is too long for one.
func sectionParts(text string) []part {
	var parts []part
	for _, piece := range chat.Split(text, maxSectionText, mrkdwnWidth) {
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

// smallPrint is a context block: the grey small print under an answer.
func smallPrint(mrkdwn string) part {
	return part{block: slackapi.NewContextBlock("", textObject(mrkdwn)), text: mrkdwn}
}

// textObject is mrkdwn that Slack takes verbatim: it will not turn names
// and addresses in the text into mentions or links.
func textObject(mrkdwn string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, mrkdwn, false, true)
}

// quoteParts is the words quoted from an item as a mrkdwn block quote,
// with the item's label (and its role's title, when the answer cites
// several roles) as small print under it: the label is what a reader
// looks the words up by.
func quoteParts(b bot.Block, roles []string) []part {
	var parts []part
	for _, piece := range chat.Split(b.Text, maxSectionText-len("> "), quoteWidth) {
		parts = append(parts, section("> "+strings.ReplaceAll(escape(piece), "\n", "\n> ")))
	}
	if b.Cite != nil {
		parts = append(parts, smallPrint("*"+escape(chat.Name(*b.Cite, roles))+"*"))
	}
	return parts
}

// postingParts lays a role summary out as a job posting, and says in small
// print where it was drawn from, since it shortens what it lists.
func postingParts(p *bot.Posting) []part {
	var parts []part
	title := strings.TrimSpace(p.Title)
	if title != "" {
		// Header text is plain_text: Slack shows it as is, so no escaping,
		// and it cannot mention anyone.
		parts = append(parts, part{
			block: slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, chat.Truncate(title, maxHeaderText, nil), false, false)),
			text:  "*" + escape(chat.Truncate(title, maxHeaderText, nil)) + "*",
		})
	}
	parts = append(parts, sectionParts(p.Summary)...)
	for _, g := range p.Duties {
		parts = append(parts, titledParts("Key duties · "+g.Name, bullets(g.Lines))...)
	}
	for _, g := range p.Essential {
		parts = append(parts, titledParts("Essential · "+g.Name, bullets(g.Lines))...)
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
	if title != "" {
		parts = append(parts, smallPrint(escape(truncate("Summarised from the "+title+" job description", maxSectionText))))
	}
	return parts
}

func bullets(lines []string) []chat.Row {
	var rows []chat.Row
	for _, l := range lines {
		rows = append(rows, chat.Row{Mark: "•", Text: l})
	}
	return rows
}

// listParts is a list or self-check: its heading, then each titled run of
// its rows.
func listParts(b bot.Block) []part {
	var parts []part
	if head := strings.TrimSpace(b.Text); head != "" {
		parts = append(parts, section("*"+escape(truncate(head, maxSectionText-2))+"*"))
	}
	for _, s := range chat.Sections(b) {
		parts = append(parts, titledParts(s.Title, s.Rows)...)
	}
	return parts
}

// titledParts is rows under a bold title, in as many sections as they
// need, each repeating the title.
func titledParts(title string, rows []chat.Row) []part {
	head := ""
	if title = strings.TrimSpace(title); title != "" {
		head = "*" + escape(truncate(title, 200)) + "*"
	}
	var parts []part
	text := head
	for _, r := range rows {
		if strings.TrimSpace(r.Text) == "" {
			continue
		}
		line := r.Mark + " " + escape(truncate(strings.TrimSpace(r.Text), maxSectionText-chars(head)-chars(r.Mark)-2))
		if text != "" && chars(text)+1+chars(line) > maxSectionText {
			parts = append(parts, section(text))
			text = head
		}
		if text != "" {
			text += "\n"
		}
		text += line
	}
	if text != "" {
		parts = append(parts, section(text))
	}
	return parts
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

// mrkdwnWidth is what a rune of text costs once escaped.
func mrkdwnWidth(r rune) int {
	switch r {
	case '&':
		return len("&amp;")
	case '<', '>':
		return len("&lt;")
	}
	return 1
}

// quoteWidth is mrkdwnWidth within a block quote, whose every line starts
// with "> ".
func quoteWidth(r rune) int {
	if r == '\n' {
		return 1 + len("> ")
	}
	return mrkdwnWidth(r)
}

// truncate shortens s so that, escaped, it is at most limit characters,
// marking the cut with an ellipsis.
func truncate(s string, limit int) string { return chat.Truncate(s, limit, mrkdwnWidth) }

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
