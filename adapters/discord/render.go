package discord

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/bot"
)

// Discord's limits on one message. A message over any of them is rejected
// whole, so the renderer splits instead of hoping. Discord counts
// characters, not bytes.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFields      = 25
	maxFooter      = 2048
	maxEmbedChars  = 6000 // per embed, and for all the embeds of one message
	maxEmbeds      = 10
)

// Embed colours: an answer, and an abstention or notice.
const (
	colorAnswer  = 0x2f6f9f
	colorAbstain = 0x8a8f98
)

// message is what one Discord message carries.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent // the feedback buttons, on an answer's last message
}

// renderAnswer lays an answer out as embeds, reading only its body, block
// by block, never its intent: the lead and any list or self-check as the
// description, each quote as a field named by where it is in the job
// description (so the reader can check the words against the source), a
// posting the way a job board would, and notes and the labels of facts as
// the footer. The result is one message or, when Discord's limits demand
// it, several, with nothing left out. All text taken from the answer is
// escaped, so neither a job description nor a user's words echoed back
// can format, link or mention.
func renderAnswer(a bot.Answer) []message {
	body := chat.Body(a)
	roles := chat.Roles(body)
	p := packer{color: colorAnswer}
	if !a.Answered {
		p.color = colorAbstain
	}
	title := "" // the role, when the answer is about one
	if len(roles) == 1 {
		title = roles[0]
	}
	var desc []string // markdown waiting for an embed's description
	var foot []string // the footer's plain text, which Discord shows as is
	flush := func() {
		if len(desc) > 0 || title != "" {
			p.text(title, strings.Join(desc, "\n\n"))
		}
		title, desc = "", nil
	}
	for _, b := range body {
		switch b.Kind {
		case bot.BlockQuote:
			flush()
			name := "Source"
			if b.Cite != nil {
				name = chat.Name(*b.Cite, roles)
			}
			p.field(escapeMarkdown(name), escapeMarkdown(b.Text), false)
		case bot.BlockList, bot.BlockCheck:
			if text := listText(b); text != "" {
				desc = append(desc, text)
			}
		case bot.BlockPosting:
			if b.Posting != nil {
				flush()
				foot = append(foot, p.posting(b.Posting))
			}
		case bot.BlockFact:
			desc = append(desc, escapeMarkdown(strings.TrimSpace(b.Text)))
			if b.Cite != nil {
				foot = append(foot, chat.Name(*b.Cite, roles))
			}
		case bot.BlockNote:
			if text := chat.Note(b); text != "" {
				foot = append(foot, text)
			}
		default: // a lead, and any kind this adapter does not know yet
			if text := strings.TrimSpace(b.Text); text != "" {
				desc = append(desc, escapeMarkdown(text))
			}
		}
	}
	flush()
	if len(p.msgs) == 0 {
		p.text("", escapeMarkdown(chat.NoAnswer))
	}
	if len(foot) > 0 {
		p.footer(strings.Join(foot, "\n"))
	}
	return p.msgs
}

// listText is a list or self-check as description lines: its heading in
// bold, then each titled run of rows, a paragraph a run so that a long
// list splits between runs.
func listText(b bot.Block) string {
	var paras []string
	if head := strings.TrimSpace(b.Text); head != "" {
		paras = append(paras, "**"+escapeMarkdown(head)+"**")
	}
	for _, s := range chat.Sections(b) {
		var lines []string
		if s.Title != "" {
			lines = append(lines, "**"+escapeMarkdown(s.Title)+"**")
		}
		for _, r := range s.Rows {
			if strings.TrimSpace(r.Text) != "" {
				// "7." would start a Markdown list, numbered Discord's way.
				lines = append(lines, strings.Replace(r.Mark, ".", `\.`, 1)+" "+escapeMarkdown(r.Text))
			}
		}
		paras = append(paras, strings.Join(lines, "\n"))
	}
	return strings.TrimSpace(strings.Join(paras, "\n\n"))
}

// posting lays a role summary out the way a job board would: the title,
// the summary paragraph, the duties and essential criteria in brief, and
// the recruiter's facts side by side. It returns the footer that says
// where the full wording is, since the posting shortens it.
func (p *packer) posting(post *bot.Posting) string {
	title := post.Title
	if strings.TrimSpace(title) == "" {
		title = "Role summary"
	}
	p.text(title, escapeMarkdown(post.Summary))
	for _, g := range post.Duties {
		p.field(escapeMarkdown(orDefault(g.Name, "Key duties")), bullets(g.Lines), false)
	}
	for _, g := range post.Essential {
		p.field(escapeMarkdown(orDefault(g.Name, "Criteria")+" · Essential"), bullets(g.Lines), false)
	}
	for _, f := range post.Facts {
		p.field(escapeMarkdown(f.Label), escapeMarkdown(f.Value), true)
	}
	return "Summarised from the " + title + " job description"
}

// renderPlain is the answer as plain text messages, for a channel where the
// embeds were refused.
func renderPlain(a bot.Answer) []message {
	var msgs []message
	for _, chunk := range chat.Split(escapeMarkdown(a.Text), maxContent, nil) {
		msgs = append(msgs, message{Content: chunk})
	}
	if len(msgs) == 0 {
		msgs = append(msgs, message{Content: escapeMarkdown(chat.NoAnswer)})
	}
	return msgs
}

// packer fills embeds and messages up to Discord's limits, opening the next
// embed or message when one is full.
type packer struct {
	color int
	msgs  []message
}

// text adds s as the description of a new embed, continued in further
// embeds when it is too long for one; the first carries the title.
func (p *packer) text(title, s string) {
	title = chat.Truncate(strings.TrimSpace(title), maxTitle, nil)
	chunks := chat.Split(s, maxDescription, nil)
	if len(chunks) == 0 && title != "" {
		chunks = []string{""}
	}
	for i, chunk := range chunks {
		e := &discordgo.MessageEmbed{Description: chunk, Color: p.color}
		if i == 0 {
			e.Title = title
		}
		p.open(e, 0)
	}
}

// field adds a field to the current embed, or to a new one when it is full;
// a value too long for one field continues in the next.
func (p *packer) field(name, value string, inline bool) {
	name = chat.Truncate(strings.TrimSpace(name), maxFieldName, nil)
	if name == "" {
		name = "Source"
	}
	parts := chat.Split(value, maxFieldValue, nil)
	if len(parts) == 0 {
		parts = []string{"—"} // Discord rejects an empty field value
	}
	for i, v := range parts {
		f := &discordgo.MessageEmbedField{Name: name, Value: v, Inline: inline}
		if i > 0 {
			f.Name = chat.Truncate(name+" (continued)", maxFieldName, nil)
			f.Inline = false
		}
		n := fieldLen(f)
		e := p.current()
		if e == nil || len(e.Fields) == maxFields || embedLen(e)+n > maxEmbedChars ||
			messageLen(p.msgs[len(p.msgs)-1])+n > maxEmbedChars {
			e = p.open(&discordgo.MessageEmbed{Color: p.color}, n)
		}
		e.Fields = append(e.Fields, f)
	}
}

// footer sets the footer of the last embed, or of an embed of its own
// when the last one has no room left.
func (p *packer) footer(text string) {
	text = chat.Truncate(text, maxFooter, nil)
	n := runes(text)
	e := p.current()
	if e == nil || embedLen(e)+n > maxEmbedChars || messageLen(p.msgs[len(p.msgs)-1])+n > maxEmbedChars {
		e = p.open(&discordgo.MessageEmbed{Color: p.color}, n)
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: text}
}

// open appends e to the last message, or to a new one when that message
// could not also take e and the extra characters about to go into it.
func (p *packer) open(e *discordgo.MessageEmbed, extra int) *discordgo.MessageEmbed {
	n := len(p.msgs)
	if n == 0 || len(p.msgs[n-1].Embeds) == maxEmbeds ||
		messageLen(p.msgs[n-1])+embedLen(e)+extra > maxEmbedChars {
		p.msgs = append(p.msgs, message{})
		n++
	}
	p.msgs[n-1].Embeds = append(p.msgs[n-1].Embeds, e)
	return e
}

func (p *packer) current() *discordgo.MessageEmbed {
	if len(p.msgs) == 0 {
		return nil
	}
	embeds := p.msgs[len(p.msgs)-1].Embeds
	if len(embeds) == 0 {
		return nil
	}
	return embeds[len(embeds)-1]
}

// embedLen counts an embed the way Discord does for its 6,000 limit.
func embedLen(e *discordgo.MessageEmbed) int {
	n := runes(e.Title) + runes(e.Description)
	for _, f := range e.Fields {
		n += fieldLen(f)
	}
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	if e.Author != nil {
		n += runes(e.Author.Name)
	}
	return n
}

func fieldLen(f *discordgo.MessageEmbedField) int { return runes(f.Name) + runes(f.Value) }

func messageLen(m message) int {
	n := 0
	for _, e := range m.Embeds {
		n += embedLen(e)
	}
	return n
}

func runes(s string) int { return utf8.RuneCountInString(s) }

var (
	// A URL is left as written so that it still works; it never takes in
	// a bracket, so "[text](https://…)" cannot become a masked link.
	urlPattern       = regexp.MustCompile(`https?://[^\s<>\[\]]+`)
	lineStartPattern = regexp.MustCompile(`(?m)^([ \t]*-?)([>#])`)
	everyone         = regexp.MustCompile(`@(everyone|here)\b`)
	markdownEscaper  = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`,
		`[`, `\[`, `]`, `\]`, `<`, `\<`)
)

// escapeMarkdown makes plain text display as written: job descriptions and
// the bot's answers are plain text, and an asterisk or underscore in them
// must not turn into formatting, "[text](https://…)" into a masked link,
// "<@id>" into a mention, or "# " or "-# " at a line's start into a
// heading or small print. "@everyone" gets an invisible word joiner, so it
// could not ping even where allowed mentions were not set. Links are left
// alone so they still work.
func escapeMarkdown(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(s, -1) {
		b.WriteString(markdownEscaper.Replace(s[last:m[0]]))
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(markdownEscaper.Replace(s[last:]))
	out := lineStartPattern.ReplaceAllString(b.String(), `$1\$2`)
	return everyone.ReplaceAllString(out, "@\u2060$1")
}

func bullets(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• ")
		b.WriteString(escapeMarkdown(l))
	}
	return b.String()
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
