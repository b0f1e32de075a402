package discord

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

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

// renderAnswer lays an answer out as embeds: the direct answer as the
// description and each citation as a field named by where it is in the job
// description, so the reader can check the quote against the source. A role
// summary is laid out as a job posting instead. The result is one message
// or, when Discord's limits demand it, several, with nothing left out.
func renderAnswer(a bot.Answer) []message {
	if a.Posting != nil {
		return renderPosting(a.Posting)
	}
	p := packer{color: colorAnswer}
	if !a.Answered {
		p.color = colorAbstain
	}
	lead := a.Lead
	if strings.TrimSpace(lead) == "" {
		// Text enumerates the citations after its first line; the fields
		// show them already.
		lead = a.Text
		if len(a.Citations) > 0 {
			lead, _, _ = strings.Cut(a.Text, "\n")
		}
	}
	if strings.TrimSpace(lead) == "" && len(a.Citations) == 0 {
		lead = "I have no answer to that. Try /role help."
	}
	roles := citedRoles(a.Citations)
	title := ""
	if len(roles) == 1 {
		title = roles[0]
	}
	p.text(title, escapeMarkdown(lead))
	for _, c := range a.Citations {
		name := c.Label()
		if len(roles) > 1 && c.Role != "" {
			name += " — " + c.Role
		}
		p.field(escapeMarkdown(name), escapeMarkdown(c.Text), false)
	}
	return p.msgs
}

// renderPosting lays a role summary out the way a job board would: the
// title, the summary paragraph, the duties and essential criteria in brief,
// and the recruiter's facts side by side.
func renderPosting(post *bot.Posting) []message {
	p := packer{color: colorAnswer}
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
	// The posting shortens the duties and criteria, so it says where the
	// full wording is rather than quoting every item.
	p.footer("Summarised from the " + title + " job description")
	return p.msgs
}

// renderPlain is the answer as plain text messages, for a channel where the
// embeds were refused.
func renderPlain(a bot.Answer) []message {
	return renderNotice(escapeMarkdown(a.Text))
}

// renderNotice is a short text, split only if it must be.
func renderNotice(text string) []message {
	var msgs []message
	for _, chunk := range splitText(text, maxContent) {
		msgs = append(msgs, message{Content: chunk})
	}
	if len(msgs) == 0 {
		msgs = append(msgs, message{Content: "I have no answer to that."})
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
	title = clip(strings.TrimSpace(title), maxTitle)
	chunks := splitText(s, maxDescription)
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
	name = clip(strings.TrimSpace(name), maxFieldName)
	if name == "" {
		name = "Source"
	}
	parts := splitText(value, maxFieldValue)
	if len(parts) == 0 {
		parts = []string{"—"} // Discord rejects an empty field value
	}
	for i, v := range parts {
		f := &discordgo.MessageEmbedField{Name: name, Value: v, Inline: inline}
		if i > 0 {
			f.Name = clip(name+" (continued)", maxFieldName)
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
	text = clip(text, maxFooter)
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

// splitText cuts s into pieces of at most size characters, preferring to
// cut between paragraphs, then lines, sentences and words, so a quote split
// across fields still reads naturally. Only the white space at a cut is
// dropped.
func splitText(s string, size int) []string {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		if runes(s) <= size {
			out = append(out, s)
			break
		}
		cut := cutPoint(s, size)
		if head := strings.TrimRightFunc(s[:cut], unicode.IsSpace); head != "" {
			out = append(out, head)
		}
		s = strings.TrimLeftFunc(s[cut:], unicode.IsSpace)
	}
	return out
}

// cutPoint is the byte offset, at most size characters into s, where s
// splits best. A natural break is taken only in the second half of the
// room, so that pieces do not get needlessly short.
func cutPoint(s string, size int) int {
	limit := len(s)
	for i := range s {
		if size == 0 {
			limit = i
			break
		}
		size--
	}
	window := s[:limit]
	for _, sep := range []string{"\n\n", "\n", ". ", " "} {
		if i := strings.LastIndex(window, sep); i > 0 && i >= limit/2 {
			return i + len(sep)
		}
	}
	// No break: cut mid-word, but never between an escaping backslash and
	// the character it escapes.
	cut := limit
	if trailing := len(window) - len(strings.TrimRight(window, `\`)); trailing%2 == 1 && cut > 1 {
		cut--
	}
	return cut
}

// clip shortens a name that is too long, marking the cut with an ellipsis.
func clip(s string, size int) string {
	if runes(s) <= size {
		return s
	}
	r := []rune(s)
	return strings.TrimRightFunc(string(r[:size-1]), unicode.IsSpace) + "…"
}

var (
	urlPattern       = regexp.MustCompile(`https?://[^\s<>]+`)
	lineStartPattern = regexp.MustCompile(`(?m)^([ \t]*)([>#])`)
	markdownEscaper  = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`)
)

// escapeMarkdown makes plain text display as written: job descriptions and
// the bot's answers are plain text, and an asterisk or underscore in them
// must not turn into formatting. Links are left alone so they still work.
func escapeMarkdown(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(s, -1) {
		b.WriteString(markdownEscaper.Replace(s[last:m[0]]))
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(markdownEscaper.Replace(s[last:]))
	return lineStartPattern.ReplaceAllString(b.String(), `$1\$2`)
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

func citedRoles(cs []bot.Citation) []string {
	var roles []string
	for _, c := range cs {
		if c.Role != "" && !slices.Contains(roles, c.Role) {
			roles = append(roles, c.Role)
		}
	}
	return roles
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
