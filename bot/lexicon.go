package bot

import (
	_ "embed"
	"fmt"
	"strings"
)

// The vocabulary the parse rules use (lexicon.txt) and the chat forms the
// normaliser rewrites (chat.txt). Both are data, read once at start-up.
var (
	//go:embed lexicon.txt
	lexiconText string
	//go:embed chat.txt
	chatText string
)

// lexicon is a set of named phrase lists, looked up by first word.
type lexicon struct {
	sections map[string]*phraseSet
}

// phraseSet holds phrases (token sequences) indexed by their first token,
// longest first, so that a match at a position is the longest there.
type phraseSet struct {
	byFirst map[string][][]string
	// firsts has the bit firstBit(w) of every first word w: most words
	// start no phrase of a set, and a bit tells so faster than the map.
	firsts [firstBits / 64]uint64
}

const firstBits = 4096

// firstBit mixes a word's first and last bytes and its length; words that
// share it are told apart by the map.
func firstBit(w string) uint {
	if w == "" {
		return 0
	}
	return (uint(w[0])<<4 ^ uint(w[len(w)-1])*37 ^ uint(len(w))<<9) % firstBits
}

func (ps *phraseSet) mayStart(w string) bool {
	b := firstBit(w)
	return ps.firsts[b/64]&(1<<(b%64)) != 0
}

func (ps *phraseSet) add(p []string) {
	if len(p) == 0 {
		return
	}
	b := firstBit(p[0])
	ps.firsts[b/64] |= 1 << (b % 64)
	list := ps.byFirst[p[0]]
	i := len(list)
	for i > 0 && len(list[i-1]) < len(p) {
		i--
	}
	list = append(list, nil)
	copy(list[i+1:], list[i:])
	list[i] = p
	ps.byFirst[p[0]] = list
}

// at is the length of the longest phrase of the set that starts ts[i:], 0
// when none does.
func (ps *phraseSet) at(ts []string, i int) int {
	if ps == nil || i >= len(ts) || !ps.mayStart(ts[i]) {
		return 0
	}
	for _, p := range ps.byFirst[ts[i]] {
		if hasPhrase(ts[i:], p) {
			return len(p)
		}
	}
	return 0
}

// cover marks the words of ts that phrases of the set cover, taking the
// longest phrase at each place.
func (ps *phraseSet) cover(ts []string) []bool {
	out := make([]bool, len(ts))
	for i := 0; i < len(ts); i++ {
		if n := ps.at(ts, i); n > 0 {
			for j := i; j < i+n; j++ {
				out[j] = true
			}
			i += n - 1
		}
	}
	return out
}

// coveredWords are the words of ts that phrases of the set cover, in
// order.
func (ps *phraseSet) coveredWords(ts []string) []string {
	var out []string
	for i, in := range ps.cover(ts) {
		if in {
			out = append(out, ts[i])
		}
	}
	return out
}

// has reports whether any phrase of the set occurs in ts.
func (ps *phraseSet) has(ts []string) bool {
	for i := range ts {
		if ps.at(ts, i) > 0 {
			return true
		}
	}
	return false
}

// covered reports whether phrases of the sets cover every word of ws, the
// longest phrase at each place: whether uncovered(ws, sets...) is empty,
// without making it.
func covered(ws []string, sets ...*phraseSet) bool {
	for i := 0; i < len(ws); {
		n := 0
		for _, ps := range sets {
			n = max(n, ps.at(ws, i))
		}
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// hasPhrase reports whether ws starts with phrase.
func hasPhrase(ws, phrase []string) bool {
	if len(phrase) > len(ws) {
		return false
	}
	for j, p := range phrase {
		if ws[j] != p {
			return false
		}
	}
	return true
}

// parseLexicon reads "[section]" headers followed by comma-separated
// phrases; '#' starts a comment. A word of a phrase may be alternatives
// joined by '|': "what does this|the job|role involve" is four phrases.
func parseLexicon(text string) (*lexicon, error) {
	lx := &lexicon{sections: map[string]*phraseSet{}}
	var cur *phraseSet
	for n, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			name := line[1 : len(line)-1]
			cur = &phraseSet{byFirst: map[string][][]string{}}
			lx.sections[name] = cur
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("lexicon.txt:%d: phrase before any [section]", n+1)
		}
		for _, p := range strings.Split(line, ",") {
			for _, alt := range spelledOut(p) {
				cur.add(tokens(alt))
			}
		}
	}
	return lx, nil
}

// spelledOut spells out the phrases a phrase with '|' alternatives
// stands for, in order.
func spelledOut(p string) []string {
	out := []string{""}
	for _, w := range strings.Fields(p) {
		var next []string
		for _, head := range out {
			for _, alt := range strings.Split(w, "|") {
				next = append(next, head+" "+alt)
			}
		}
		out = next
	}
	return out
}

func (lx *lexicon) set(name string) *phraseSet {
	ps, ok := lx.sections[name]
	if !ok {
		panic("lexicon.txt has no [" + name + "]") // a programming error, caught by every test
	}
	return ps
}

// chatForms maps a chat form (a token sequence) to the words it stands for.
type chatForms struct {
	byFirst map[string][]chatForm
}

type chatForm struct {
	form, repl []string
}

// parseChat reads "form = replacement" lines; an empty replacement drops
// the form.
func parseChat(text string) (*chatForms, error) {
	cf := &chatForms{byFirst: map[string][]chatForm{}}
	for n, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		form, repl, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("chat.txt:%d: want \"form = replacement\"", n+1)
		}
		f := tokens(form)
		if len(f) == 0 {
			return nil, fmt.Errorf("chat.txt:%d: empty form", n+1)
		}
		list := append(cf.byFirst[f[0]], chatForm{f, tokens(repl)})
		// longest form first
		for i := len(list) - 1; i > 0 && len(list[i].form) > len(list[i-1].form); i-- {
			list[i], list[i-1] = list[i-1], list[i]
		}
		cf.byFirst[f[0]] = list
	}
	return cf, nil
}

// rewrite replaces chat forms in ts with what they stand for.
func (cf *chatForms) rewrite(ts []string) []string {
	out := make([]string, 0, len(ts)+4)
	for i := 0; i < len(ts); {
		matched := false
		for _, f := range cf.byFirst[ts[i]] {
			if hasPhrase(ts[i:], f.form) {
				out = append(out, f.repl...)
				i += len(f.form)
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, ts[i])
			i++
		}
	}
	return out
}

// The vocabulary, parsed once. A malformed embedded file is a build
// mistake that every test catches at once.
var (
	lex   = mustLexicon()
	chats = mustChat()
)

func mustLexicon() *lexicon {
	lx, err := parseLexicon(lexiconText)
	if err != nil {
		panic(err)
	}
	return lx
}

func mustChat() *chatForms {
	cf, err := parseChat(chatText)
	if err != nil {
		panic(err)
	}
	return cf
}

// The sections the rules use, looked up once.
var (
	lxGreeting    = lex.set("greeting")
	lxThanks      = lex.set("thanks")
	lxHelp        = lex.set("help")
	lxRoles       = lex.set("roles")
	lxDuty        = lex.set("duty")
	lxLast        = lex.set("last")
	lxFirst       = lex.set("first")
	lxSummary     = lex.set("summary")
	lxOverview    = lex.set("overview")
	lxWorkplace   = lex.set("workplace")
	lxListFiller  = lex.set("list.filler")
	lxSize        = lex.set("size")
	lxDoing       = lex.set("doing")
	lxScenario    = lex.set("scenario")
	lxOffer       = lex.set("offer")
	lxWeight      = lex.set("weight")
	lxFactFiller  = lex.set("fact.filler")
	lxFactExtra   = lex.set("fact.extra")
	lxCompound    = lex.set("compound")
	lxRemoteAsked = lex.set("remote.asked")
	lxInduction   = lex.set("induction.asked")
	lxInducted    = lex.set("induction.said")
	lxRemoteSaid  = lex.set("remote.said")
	lxManages     = lex.set("manage.others")
	lxFactArrange = lex.set("fact.arrangement")
	lxFactDays    = lex.set("fact.days")
	lxFactRequest = lex.set("fact.request")
	lxMayApply    = lex.set("may.apply")
	lxKindOf      = lex.set("kind.of")
	lxSetting     = lex.set("setting")
	lxDutyAfter   = lex.set("duty.after")
	lxProduct     = lex.set("product")
	lxPurpose     = lex.set("purpose")
	lxAsks        = lex.set("asks")
	lxGeneral     = lex.set("general")
	lxExists      = lex.set("exists")
	lxSelf        = lex.set("self")
	lxSelfLead    = lex.set("self.lead")
	lxTenure      = lex.set("tenure")
	lxTenureUnit  = lex.set("tenure.unit")
	lxList        = lex.set("list")
	lxCriteria    = lex.set("criteria")
	lxEssential   = lex.set("essential")
	lxDesirable   = lex.set("desirable")
	lxRequirement = lex.set("requirement")
	lxJob         = lex.set("job")
	lxSupervision = lex.set("supervision")
	lxCount       = lex.set("count")
	lxFiller      = lex.set("filler")
	lxFrame       = lex.set("frame")
)
