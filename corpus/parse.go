package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// ParseError is a problem in a corpus file, at a line.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Facts are what a recruiter knows that a job description leaves out. Every
// field is optional; the bot answers from a field only when it is set.
type Facts struct {
	Salary      string `yaml:"salary"`       // pay band or salary, e.g. "Band 7, £46,148 to £52,809"
	Location    string `yaml:"location"`     // where the post is based
	Hours       string `yaml:"hours"`        // hours or working pattern, e.g. "37.5 hours, full time"
	Contract    string `yaml:"contract"`     // contract type, e.g. "Permanent"
	ClosingDate Date   `yaml:"closing_date"` // last day to apply, YYYY-MM-DD
	Apply       string `yaml:"apply"`        // how to apply: a link or an instruction
	Contact     string `yaml:"contact"`      // who to ask
	Reference   string `yaml:"reference"`    // the employer's job reference, e.g. "123-PCN-4567"
}

// Empty reports whether no fact is set.
func (f Facts) Empty() bool { return f == Facts{} }

// Date is a calendar day, written YYYY-MM-DD in a role file.
type Date struct{ time.Time }

// ClosedBy reports whether applications closing on day d have closed by
// now: the closing day itself is still open.
func (d Date) ClosedBy(now time.Time) bool {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return d.Before(today)
}

// UnmarshalYAML reads YYYY-MM-DD.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(n.Value))
	if err != nil {
		return fmt.Errorf("line %d: %q is not a date; write it as YYYY-MM-DD", n.Line, n.Value)
	}
	d.Time = t
	return nil
}

// DutyGroup names a set of duties for the role posting.
type DutyGroup struct {
	Name   string `yaml:"name"`
	Duties []int  `yaml:"duties"`
}

type frontMatter struct {
	ID         string      `yaml:"id"`
	Title      string      `yaml:"title"`
	Aliases    []string    `yaml:"aliases"`
	DutyGroups []DutyGroup `yaml:"duty_groups"`
	Facts      `yaml:",inline"`
}

// The sections a role file may have; any other "##" heading is a group of
// numbered duties.
const (
	secNone = iota
	secIntro
	secScope
	secDuties
	secSupervision
	secSpec
	secFAQ
)

func sectionOf(heading string) int {
	switch strings.ToLower(strings.TrimSpace(heading)) {
	case "introduction", "about this job description":
		return secIntro
	case "job scope", "scope":
		return secScope
	case "supervision":
		return secSupervision
	case "person specification":
		return secSpec
	case "faq", "faqs", "frequently asked questions", "questions and answers":
		return secFAQ
	}
	return secDuties
}

var (
	// \p{Zs} as well as \s: text pasted from a word processor brings
	// non-breaking spaces, and a bullet mistaken for text would merge two
	// criteria into one.
	dutyLine   = regexp.MustCompile(`^(\d+)[.)][\s\p{Zs}]+(.*)$`)
	nearDuty   = regexp.MustCompile(`^\d+[.)]`)
	bulletLine = regexp.MustCompile(`^[-*•–—‣◦][\s\p{Zs}]*(.*)$`)
	// "Essential: ...", "Essential (Must have): ..." or a synonym on its
	// own, "Must have: ...", which keeps the employer's words as the label.
	levelLine    = regexp.MustCompile(`(?i)^(essential|desirable)(?:[\s\p{Zs}]*\(([^()]{1,40})\))?[\s\p{Zs}]*:[\s\p{Zs}]*(.*)$`)
	labelLine    = regexp.MustCompile(`^([\pL][\pL \-]{0,30}?)[\s\p{Zs}]*:[\s\p{Zs}]*(.*)$`)
	yamlLineAt   = regexp.MustCompile(`^line (\d+): `)
	yamlLineRef  = regexp.MustCompile(`at line (\d+)`)
	yamlNoField  = regexp.MustCompile(`field (\S+) not found in type \S+`)
	yamlBadValue = regexp.MustCompile("cannot unmarshal !!(\\w+) `(.*)` into (\\S+)")
)

// maxLine bounds one line of a role file; a duty is a few hundred bytes.
const maxLine = 1 << 20

type parser struct {
	file    string
	role    *Role
	fm      frontMatter
	sec     int
	heading string
	area    string
	cur     *Item // the item continuation lines are added to
	para    []string
	paraAt  int
	nextNum int
	groups  []DutyGroup

	keyLine   map[string]int // front-matter key -> file line
	lineKey   map[int]string // file line of a value -> its key
	groupLine []int          // file line of each duty group
}

// Parse reads one role file. name is used in errors and to derive the role
// id when the file has none.
func Parse(name string, r io.Reader) (*Role, error) {
	p := &parser{file: name, role: &Role{File: name}, nextNum: 1, keyLine: map[string]int{}, lineKey: map[int]string{}}
	if err := p.run(r); err != nil {
		return nil, err
	}
	return p.role, nil
}

func (p *parser) errf(line int, format string, args ...any) error {
	return &ParseError{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) run(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	n := 0
	inFront, frontStart := false, 0
	var front bytes.Buffer
	for sc.Scan() {
		n++
		raw := sc.Text()
		if n == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		if !utf8.ValidString(raw) {
			return p.errf(n, "not valid UTF-8 text")
		}
		if strings.ContainsRune(raw, 0) {
			return p.errf(n, "contains a NUL byte; is this a text file?")
		}
		if n == 1 && strings.TrimSpace(raw) == "---" {
			inFront, frontStart = true, n
			continue
		}
		if inFront {
			if strings.TrimSpace(raw) == "---" {
				inFront = false
				if err := p.frontMatter(front.Bytes(), frontStart); err != nil {
					return err
				}
				continue
			}
			front.WriteString(raw)
			front.WriteByte('\n')
			continue
		}
		if err := p.line(n, raw); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return p.errf(n+1, "line longer than %d bytes", maxLine)
		}
		return fmt.Errorf("read %s: %w", p.file, err)
	}
	if inFront {
		return p.errf(frontStart, "front matter opened with --- is never closed")
	}
	p.flush()
	return p.finish(n)
}

func (p *parser) frontMatter(b []byte, start int) error {
	// The node tree gives each key's line, for errors found after decoding.
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err == nil && len(root.Content) > 0 && root.Content[0].Kind == yaml.MappingNode {
		m := root.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			p.keyLine[k.Value] = start + k.Line
			p.lineKey[start+v.Line] = k.Value
			if k.Value == "duty_groups" && v.Kind == yaml.SequenceNode {
				for _, g := range v.Content {
					p.groupLine = append(p.groupLine, start+g.Line)
				}
			}
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&p.fm); err != nil && err != io.EOF {
		line, msg := p.yamlError(err, start)
		return p.errf(line, "front matter: %s", msg)
	}
	p.role.ID = strings.TrimSpace(p.fm.ID)
	p.role.Title = strings.TrimSpace(p.fm.Title)
	p.role.Facts = p.fm.Facts
	p.role.Aliases = p.fm.Aliases
	p.groups = p.fm.DutyGroups
	return nil
}

// yamlError turns the YAML library's error into a file line and a message
// a recruiter can act on: one problem, no Go type names.
func (p *parser) yamlError(err error, start int) (int, string) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	base := 0
	if strings.Contains(msg, "did not find expected") {
		base = 1 // the scanner reports where the unclosed [ or { began, counting from 0
	}
	line := start + 1
	if m := yamlLineAt.FindStringSubmatch(msg); m != nil {
		k, _ := strconv.Atoi(m[1])
		line = start + k + base
		msg = msg[len(m[0]):]
	}
	msg = yamlLineRef.ReplaceAllStringFunc(msg, func(s string) string {
		k, _ := strconv.Atoi(yamlLineRef.FindStringSubmatch(s)[1])
		return fmt.Sprintf("at line %d", start+k)
	})
	if m := yamlNoField.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("unknown key %q; the keys are %s", m[1], frontMatterKeys)
	}
	if m := yamlBadValue.FindStringSubmatch(msg); m != nil {
		key := p.lineKey[line]
		if key == "" {
			key = "this key"
		} else {
			key = strconv.Quote(key)
		}
		switch {
		case strings.HasPrefix(m[3], "[]"):
			msg = fmt.Sprintf("%s takes a list, e.g. [%s], not %q", key, m[2], m[2])
		case m[3] == "int":
			msg = fmt.Sprintf("%s takes a whole number, not %q", key, m[2])
		default:
			msg = fmt.Sprintf("%s cannot take the value %q", key, m[2])
		}
	}
	return line, msg
}

const frontMatterKeys = "id, title, aliases, duty_groups, salary, location, hours, contract, closing_date, apply, contact, reference"

func (p *parser) line(n int, raw string) error {
	line := strings.TrimRight(raw, " \t\r")
	trimmed := strings.TrimSpace(line)
	switch {
	case trimmed == "":
		p.flush()
		return nil
	case strings.HasPrefix(trimmed, "#"):
		return p.onHeading(n, trimmed)
	}
	switch p.sec {
	case secNone:
		if p.role.Title == "" {
			return p.errf(n, "text before the title; start the file with '# Title'")
		}
		p.sec = secIntro // paragraphs right after the title introduce the document
		return p.prose(n, trimmed)
	case secIntro, secScope, secSupervision:
		return p.prose(n, trimmed)
	case secDuties:
		if m := dutyLine.FindStringSubmatch(trimmed); m != nil {
			num, err := strconv.Atoi(m[1])
			if err != nil || num != p.nextNum {
				if p.nextNum == 1 {
					return p.errf(n, "the first duty is duty %s; number duties 1, 2, 3 ... in order", m[1])
				}
				return p.errf(n, "duty %s follows duty %d; number duties 1, 2, 3 ... in order", m[1], p.nextNum-1)
			}
			p.nextNum++
			return p.add(n, Item{Kind: Duty, Section: p.heading, Number: num, Text: m[2]})
		}
		if nearDuty.MatchString(trimmed) {
			return p.errf(n, "put a space after the duty number, as in '%d. Lead on ...'", p.nextNum)
		}
		if p.cur != nil && !isListItem(trimmed) {
			p.cur.Text += " " + trimmed
			return nil
		}
		return p.errf(n, "under %q every duty is a numbered line like '%d. Lead on ...'", p.heading, p.nextNum)
	case secFAQ:
		// "- Is there parking? Yes, free staff parking on site."
		if m := bulletLine.FindStringSubmatch(trimmed); m != nil {
			// The answer may go on to the next lines; finish checks it is there.
			if q, _, ok := strings.Cut(m[1], "?"); !ok || strings.TrimSpace(q) == "" {
				return p.errf(n, faqForm)
			}
			return p.add(n, Item{Kind: FAQ, Section: p.heading, Text: clean(m[1])})
		}
		if p.cur != nil && !isListItem(trimmed) {
			p.cur.Text += " " + trimmed
			return nil
		}
		return p.errf(n, "under %q every entry is a line like '- Is there parking? Yes, free staff parking on site.'", p.heading)
	case secSpec:
		if p.area == "" {
			return p.errf(n, "criteria go under an area heading like '### Qualifications'")
		}
		if m := bulletLine.FindStringSubmatch(trimmed); m != nil {
			level, label, text, ok := criterionLevel(m[1])
			if !ok {
				return p.errf(n, "criterion must start with 'Essential:' or 'Desirable:'")
			}
			return p.add(n, Item{Kind: Criterion, Section: "Person specification", Area: p.area,
				Level: level, LevelLabel: label, Text: text})
		}
		if levelLine.MatchString(trimmed) {
			return p.errf(n, "start each criterion on its own line with '- ', as in '- %s'", shortLine(trimmed))
		}
		if p.cur != nil && !isListItem(trimmed) {
			p.cur.Text += " " + trimmed
			return nil
		}
		return p.errf(n, "under %q every criterion is a line like '- Essential: ...'", p.area)
	}
	return nil
}

const faqForm = "an FAQ entry is a question and its answer, as in '- Is there parking? Yes, free staff parking on site.'"

// criterionLevel reads the level that starts a criterion: "Essential:",
// "Essential (Must have):" or a synonym such as "Must have:".
func criterionLevel(s string) (level Level, label, text string, ok bool) {
	if m := levelLine.FindStringSubmatch(s); m != nil {
		level = Level(strings.ToLower(m[1]))
		label = clean(m[2])
		if strings.EqualFold(label, level.Title()) {
			label = ""
		}
		return level, label, m[3], true
	}
	if m := labelLine.FindStringSubmatch(s); m != nil {
		if l, found := ParseLevel(m[1]); found && len(m[1]) > 1 {
			return l, clean(m[1]), m[2], true
		}
	}
	return "", "", "", false
}

func isListItem(s string) bool { return dutyLine.MatchString(s) || bulletLine.MatchString(s) }

func shortLine(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func (p *parser) onHeading(n int, h string) error {
	p.flush()
	level := len(h) - len(strings.TrimLeft(h, "#"))
	text := strings.TrimSpace(h[level:])
	if text == "" {
		return p.errf(n, "empty heading")
	}
	switch level {
	case 1:
		if p.sec != secNone {
			return p.errf(n, "a second '# ' title; a file holds one role")
		}
		if p.role.Title == "" {
			p.role.Title = text
		}
		p.sec = secIntro
	case 2:
		p.sec, p.heading, p.area = sectionOf(text), text, ""
		if p.role.Title == "" {
			return p.errf(n, "section %q before the title; start the file with '# Title'", text)
		}
		if p.sec == secSpec {
			for _, it := range p.role.Items {
				if it.Kind == Criterion {
					return p.errf(n, "a second person specification")
				}
			}
		}
	case 3:
		if p.sec != secSpec {
			return p.errf(n, "'### %s' is only allowed under '## Person specification', for an area", text)
		}
		p.area = text
	default:
		return p.errf(n, "heading level %d is not used in role files", level)
	}
	return nil
}

func (p *parser) prose(n int, s string) error {
	if len(p.para) == 0 {
		p.paraAt = n
	}
	p.para = append(p.para, s)
	return nil
}

func (p *parser) add(n int, it Item) error {
	p.flush()
	it.Line = n
	p.role.Items = append(p.role.Items, it)
	p.cur = &p.role.Items[len(p.role.Items)-1]
	return nil
}

// flush ends the paragraph or list item under way.
func (p *parser) flush() {
	if p.cur != nil {
		p.cur.Text = clean(p.cur.Text)
		p.cur = nil
	}
	if len(p.para) == 0 {
		return
	}
	text := clean(strings.Join(p.para, " "))
	p.para = nil
	switch p.sec {
	case secIntro:
		p.role.Intro = append(p.role.Intro, text)
	case secScope:
		p.role.Items = append(p.role.Items, Item{Kind: Scope, Section: p.heading, Text: text, Line: p.paraAt})
	case secSupervision:
		p.role.Items = append(p.role.Items, Item{Kind: Supervision, Section: p.heading, Text: text, Line: p.paraAt})
	}
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func (p *parser) finish(lines int) error {
	r := p.role
	if r.Title == "" {
		return p.errf(1, "no title; start the file with '# Title' or set title: in the front matter")
	}
	if r.ID == "" {
		r.ID = strings.TrimSuffix(path.Base(p.file), path.Ext(p.file))
	}
	if !ValidID(r.ID) {
		line := 1
		if l, ok := p.keyLine["id"]; ok {
			line = l
		}
		return p.errf(line, "role id %q may hold only lower-case letters, digits and '-'", r.ID)
	}
	for i, it := range r.Items {
		if it.Text == "" {
			return p.errf(it.Line, "empty %s", it.Kind)
		}
		r.Items[i].Text = it.Text
	}
	if len(r.Items) == 0 {
		return p.errf(lines, "no job scope, duties or criteria: nothing to answer from")
	}
	for _, it := range r.Items {
		if _, a, _ := strings.Cut(it.Text, "?"); it.Kind == FAQ && strings.TrimSpace(a) == "" {
			return p.errf(it.Line, faqForm)
		}
	}
	for i, g := range p.groups {
		for _, d := range g.Duties {
			if _, ok := r.Duty(d); !ok {
				line := p.keyLine["duty_groups"]
				if i < len(p.groupLine) {
					line = p.groupLine[i]
				}
				return p.errf(max(line, 1), "duty group %q names duty %d, which the file does not have", g.Name, d)
			}
		}
	}
	r.DutyGroups = p.groups
	return nil
}

// ValidID reports whether id may name a role: 1 to 100 lower-case letters,
// digits and '-', so it is safe in file names, URLs and chat commands.
func ValidID(id string) bool {
	if id == "" || len(id) > 100 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
