package bot

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/recruitbot/recruitbot/corpus"
)

// state is a library with what routing needs worked out once per swap, not
// once per question: with 1,000 roles that is the difference between
// microseconds and milliseconds.
type state struct {
	Library
	byID    map[string]*corpus.Role
	byFirst map[string][]namedRole // first word of a name -> the names starting with it
	byField map[string][]*corpus.Role
	byPlace map[string][]*corpus.Role // a place name of the role's location: "the Harlow job"
	words   map[*corpus.Role]map[string]bool
	heads   map[*corpus.Role]map[string]bool // the last words of its names, by field
}

type namedRole struct {
	role *corpus.Role
	name roleName
}

type roleName struct {
	words []string
	title bool // from the title, rather than an alias
}

func newState(lib Library) *state {
	st := &state{Library: lib, byID: map[string]*corpus.Role{}, byFirst: map[string][]namedRole{}, byField: map[string][]*corpus.Role{},
		byPlace: map[string][]*corpus.Role{}, words: map[*corpus.Role]map[string]bool{}, heads: map[*corpus.Role]map[string]bool{}}
	for _, r := range lib.Roles {
		st.byID[r.ID] = r
		// The words of its title and aliases, as written and by field:
		// all of them name the role beside a name, those that say what the
		// field is name it before "job".
		words, fields := map[string]bool{}, map[string]bool{}
		for _, name := range append([]string{r.Title}, r.Aliases...) {
			for _, w := range tokens(name) {
				f := fieldStem(w)
				words[w], words[f] = true, true
				if len(f) >= 3 && !fields[f] && !titleFiller[w] && !lxFiller.has([]string{w}) {
					fields[f] = true
					st.byField[f] = append(st.byField[f], r)
				}
			}
		}
		st.words[r] = words
		heads := map[string]bool{}
		for _, name := range append([]string{bareTitle(r.Title)}, r.Aliases...) {
			if ts := tokens(name); len(ts) > 0 {
				heads[fieldStem(ts[len(ts)-1])] = true
			}
		}
		st.heads[r] = heads
		for _, p := range places(r.Facts.Location) {
			st.byPlace[p] = append(st.byPlace[p], r)
		}
		for _, n := range roleNames(r) {
			st.byFirst[n.words[0]] = append(st.byFirst[n.words[0]], namedRole{r, n})
		}
	}
	return st
}

// bareTitle is a title without what brackets add: "Social worker" of
// "Social worker (adult community team)".
func bareTitle(t string) string {
	if i := strings.Index(t, "("); i > 0 {
		return strings.TrimSpace(t[:i])
	}
	return t
}

// titleFiller are title words that say nothing about the field.
var titleFiller = setOf(`senior junior lead principal head chief assistant associate deputy trainee apprentice
	graduate and of the for in a an with primary secondary care general first contact community practice
	specialist advanced band level i ii iii iv officer worker team manager leader member`)

// jobNouns name a role: "the engineering job", "the physio post".
var jobNouns = setOf(`job jobs role roles post posts position positions vacancy vacancies one opening gig`)

var determiners = setOf(`the a an this that your our for`)

// fieldStem reduces a word to what "engineering", "engineer" and
// "engineers" share, so that a role can be named by its field.
func fieldStem(w string) string {
	for range 2 {
		for _, suf := range []string{"ists", "ist", "ers", "er", "ing", "ians", "ian", "ics", "ic", "al", "y", "es", "e", "s"} {
			if s, ok := strings.CutSuffix(w, suf); ok && len(s) >= 4 {
				w = s
				break
			}
		}
	}
	return w
}

// roleNames are the word sequences that name a role: its title, its
// aliases, and the title's last word ("therapist"), singular or plural.
func roleNames(r *corpus.Role) []roleName {
	var names []roleName
	add := func(s string, title bool) {
		if ws := tokens(s); len(ws) > 0 {
			names = append(names, roleName{ws, title})
			last := ws[len(ws)-1]
			plural := append(append([]string{}, ws[:len(ws)-1]...), last+"s")
			names = append(names, roleName{plural, title})
		}
	}
	add(r.Title, true)
	for _, a := range r.Aliases {
		add(a, false)
	}
	// "Speech and language therapist (adult community)" is also named
	// without what the brackets add.
	bare := bareTitle(r.Title)
	if bare != r.Title {
		add(bare, true)
	}
	// "occupational therapist" and "therapist" from "Primary care
	// occupational therapist", but nothing from "pharmacist in general
	// practice", whose last words name a place, not the job.
	if ws := tokens(bare); len(ws) > 1 && !titleFiller[ws[len(ws)-1]] && !numeric(ws[len(ws)-1]) {
		for i := 1; i < len(ws); i++ {
			if !titleFiller[ws[i]] || i == len(ws)-1 {
				add(strings.Join(ws[i:], " "), true)
			}
		}
	}
	sort.SliceStable(names, func(i, j int) bool { return len(names[i].words) > len(names[j].words) })
	return names
}

// routed is the outcome of routing: a role, or a reason there is none.
type routed struct {
	role    *corpus.Role
	dropped map[string]bool // the words that named the role, to leave out of the search
	named   bool            // the question itself named the role
	choices []*corpus.Role  // several roles matched, or none and there are many
}

// route picks the role a question is about: the one it names (by title,
// alias or a word of its field), else the conversation's, else the
// channel's, else the only one.
func route(st *state, ws, label []string, remembered, hintID string) routed {
	if len(st.Roles) == 0 {
		return routed{}
	}
	var named []*corpus.Role
	drop := make([]bool, len(ws))
	best := map[*corpus.Role]int{} // longest name found
	at := map[*corpus.Role]int{}   // where it starts
	skipTo := 0
	for i, w := range ws {
		if i < skipTo {
			continue
		}
		if aboutAPerson(ws, i) {
			// and the rest of the name: "become a practice nurse"
			skipTo = i + 1
			for _, c := range st.byFirst[w] {
				if hasPhrase(ws[i:], c.name.words) {
					skipTo = max(skipTo, i+len(c.name.words))
				}
			}
			continue
		}
		for _, c := range st.byFirst[w] {
			if !hasPhrase(ws[i:], c.name.words) {
				continue
			}
			n := len(c.name.words)
			prev, seen := best[c.role]
			if !seen {
				named = append(named, c.role)
			}
			if !seen || n > prev {
				best[c.role] = n
				at[c.role] = i
			}
			// "the practice nurse" names the role; "OT experience" names it
			// and asks about OT.
			before := i
			for before > 0 && st.words[c.role][ws[before-1]] { // "first contact physio"
				before--
			}
			if c.name.title || before < i || i > 0 && determiners[ws[i-1]] || i+n < len(ws) && jobNouns[ws[i+n]] {
				markAll(drop, before, i+n)
				if i+n < len(ws) && jobNouns[ws[i+n]] {
					drop[i+n] = true
				}
			}
		}
	}
	if len(named) == 0 {
		// A field word before a job noun: "the engineering job", "the
		// warehouse one", "for the nursing post".
		// The word may be any of the three before the noun, past words
		// that name no role ("the social work post", "the ambulance trust
		// role"), and a place may follow the noun ("the council one in
		// Cumbria").
		for i := 0; i+1 < len(ws); i++ {
			if !jobNouns[ws[i+1]] || postPrefix(ws, i+1) || placeOne(ws, i) {
				continue
			}
			rs, k := fieldWords(st, ws, i)
			if len(rs) == 0 {
				continue
			}
			rs = narrow(st, rs, ws[:k])
			if i+3 < len(ws) && (ws[i+2] == "in" || ws[i+2] == "at") {
				if ps := st.byPlace[ws[i+3]]; len(ps) > 0 {
					if both := intersect(rs, ps); len(both) > 0 {
						rs = both
					} else {
						rs = ps
					}
					drop[i+2], drop[i+3] = true, true
				}
			}
			for _, r := range rs {
				if _, ok := best[r]; !ok {
					best[r] = 1
					named = append(named, r)
				}
			}
			markAll(drop, k, i+2)
			// and the title words before it: "the senior backend role"
			for j := k - 1; j >= 0 && titleWord(rs, ws[j]); j-- {
				drop[j] = true
			}
		}
	}
	// A bare label names the role only when no role is selected: "Harlow
	// - do they take ECTs?"; in a role's channel "clinical diploma -
	// essential?" is about a diploma.
	_, remembers := st.byID[remembered]
	_, hinted := st.byID[hintID]
	labelled := false
	var titled []string // "practice" of "practice nursing:"
	if len(named) == 0 && len(label) > 0 && !remembers && !hinted {
		rs, k := fieldWords(st, label, len(label)-1)
		if n := narrow(st, rs, label[:k]); len(n) < len(rs) {
			rs = n
			for j := k - 1; j >= 0 && titleWord(rs, label[j]); j-- {
				titled = append(titled, label[j])
			}
		}
		for _, r := range rs {
			best[r] = 1
			named = append(named, r)
		}
		labelled = len(rs) > 0
	}
	rest := map[string]bool{}
	for i, w := range ws {
		if drop[i] {
			rest[w] = true
		}
	}
	if labelled {
		for _, w := range titled {
			rest[w] = true
		}
		for _, w := range label {
			if len(fieldOrPlace(st, w)) > 0 {
				rest[w] = true
			}
		}
	}
	named = longest(named, best)
	if len(named) > 1 && at[named[0]] == at[named[len(named)-1]] {
		// "council analyst role": the words before a name two roles share
		// may tell them apart.
		named = narrow(st, named, ws[:at[named[0]]])
	}
	if len(named) > 1 {
		// "the analyst one in Northampton": a place of one of them.
		for i, w := range ws {
			if both := intersect(named, st.byPlace[w]); len(both) > 0 && len(both) < len(named) {
				named, rest[w] = both, true
				drop[i] = true
			}
		}
	}
	if len(named) > 1 {
		// "the technician job" in a conversation about one of the
		// technicians names the one it is about.
		for _, id := range []string{remembered, hintID} {
			if r, ok := st.byID[id]; ok && slices.Contains(named, r) {
				named = []*corpus.Role{r}
				break
			}
		}
	}
	switch {
	case len(named) == 1:
		return routed{role: named[0], dropped: rest, named: true}
	case len(named) > 1:
		return routed{choices: named}
	}
	for _, id := range []string{remembered, hintID} {
		if r, ok := st.byID[id]; ok {
			return routed{role: r, dropped: ownTitle(r, ws)}
		}
	}
	if len(st.Roles) == 1 {
		return routed{role: st.Roles[0]}
	}
	return routed{choices: st.Roles}
}

// fieldWords are the roles named by the words just before the job noun at
// i+1: up to three words, past words that name no role, back to a
// determiner. A role named by more of them wins ("the adult social care
// post"); two named equally often are both returned, for the asker to
// choose. k is where the naming words start.
func fieldWords(st *state, ws []string, i int) ([]*corpus.Role, int) {
	count := map[*corpus.Role]int{}
	var order []*corpus.Role
	k := i + 1
	for j := i; j >= 0 && j >= i-2 && !determiners[ws[j]]; j-- {
		rs := fieldOrPlace(st, ws[j])
		if len(rs) == 0 {
			continue
		}
		k = j
		for _, r := range rs {
			if count[r] == 0 {
				order = append(order, r)
			}
			count[r]++
		}
	}
	// Other words of a candidate's names in the window count for it too:
	// "1" in "the class 1 job" is the HGV Class 1 driver's, not the class
	// teacher's.
	for j := k; j <= i; j++ {
		named := fieldOrPlace(st, ws[j])
		for _, r := range order {
			if !slices.Contains(named, r) && st.words[r][ws[j]] {
				count[r]++
			}
		}
	}
	top := 0
	for _, r := range order {
		top = max(top, count[r])
	}
	var out []*corpus.Role
	for _, r := range order {
		if count[r] == top {
			out = append(out, r)
		}
	}
	if len(out) > 1 {
		// "the nursing role" is the nurse's, not the nursing assistant's:
		// the roles whose name ends in the word, if any.
		var heads []*corpus.Role
		for _, r := range out {
			for j := k; j <= i; j++ {
				if st.heads[r][fieldStem(ws[j])] {
					heads = append(heads, r)
					break
				}
			}
		}
		if len(heads) > 0 {
			out = heads
		}
	}
	return out, k
}

// fieldOrPlace are the roles a word names by field ("engineering") or by a
// place of their location ("Harlow").
func fieldOrPlace(st *state, w string) []*corpus.Role {
	if rs := st.byField[fieldStem(w)]; len(rs) > 0 {
		return rs
	}
	return st.byPlace[w]
}

// intersect are the roles in both lists, in the order of the first.
func intersect(a, b []*corpus.Role) []*corpus.Role {
	var out []*corpus.Role
	for _, r := range a {
		for _, o := range b {
			if r == o {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// aboutAPerson reports whether the name at ws[i] says what someone is or
// wants to be, not which post is meant: "train up to be a nurse", "I worked
// as a physio".
func aboutAPerson(ws []string, i int) bool {
	if i < 2 || ws[i-1] != "a" && ws[i-1] != "an" {
		return false
	}
	switch ws[i-2] {
	case "be", "become", "becoming", "as", "am", "was", "being":
		return true
	}
	return false
}

// ownTitle are the words of r's title just before a job noun, and the
// noun: in a conversation about the grounds maintenance team leader, "is
// that needed for the team leader post?" asks nothing about team leaders.
func ownTitle(r *corpus.Role, ws []string) map[string]bool {
	var out map[string]bool
	for i := 1; i < len(ws); i++ {
		if !jobNouns[ws[i]] || !titleWord([]*corpus.Role{r}, ws[i-1]) {
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[ws[i]] = true
		for j := i - 1; j >= 0 && titleWord([]*corpus.Role{r}, ws[j]); j-- {
			out[ws[j]] = true
		}
	}
	return out
}

// titleWord reports whether w is a word of one of the roles' titles.
func titleWord(rs []*corpus.Role, w string) bool {
	for _, r := range rs {
		for _, t := range tokens(r.Title) {
			if t == w {
				return true
			}
		}
	}
	return false
}

// longest keeps the roles named by the longest name found: "practice nurse"
// names the practice nurse, even though "practice" is also a word of
// another role's title.
func longest(named []*corpus.Role, best map[*corpus.Role]int) []*corpus.Role {
	top := 0
	for _, r := range named {
		top = max(top, best[r])
	}
	out := named[:0:0]
	for _, r := range named {
		if best[r] == top {
			out = append(out, r)
		}
	}
	return out
}

// narrow keeps, of the roles a field word names, those whose title words
// come just before it: "occupational therapy post" is the occupational
// therapist, not the speech and language therapist.
func narrow(st *state, rs []*corpus.Role, before []string) []*corpus.Role {
	for j := len(before) - 1; j >= 0 && len(rs) > 1; j-- {
		var keep []*corpus.Role
		for _, r := range rs {
			if st.words[r][before[j]] || st.words[r][fieldStem(before[j])] {
				keep = append(keep, r)
			}
		}
		if len(keep) == 0 {
			break
		}
		rs = keep
	}
	return rs
}

// places are the place names in a location: the capitalised words that are
// not the kind of building or a word of a title ("Oakfield Primary School,
// Harlow, Essex" gives oakfield, harlow and essex).
func places(location string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(location, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		w := strings.ToLower(f)
		if len(w) < 4 || !unicode.IsUpper([]rune(f)[0]) || titleFiller[w] || placeKinds[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// placeKinds are words of an address that say what a place is, not where.
var placeKinds = setOf(`unit park centre center road street lane house hospital school college
	clinic surgery practice network health building site office offices campus hybrid remote working`)

// postPrefix: "post" in "2 years post-reg experience" is not a job noun.
func postPrefix(ws []string, i int) bool {
	if ws[i] != "post" || i+1 >= len(ws) {
		return false
	}
	n := ws[i+1]
	return strings.HasPrefix(n, "reg") || strings.HasPrefix(n, "qual") || strings.HasPrefix(n, "grad") || strings.HasPrefix(n, "doc")
}

// placeOne: "the second one", "the last one" count items, whatever
// role's name "second" is a word of ("second chef").
func placeOne(ws []string, i int) bool {
	if ws[i+1] != "one" {
		return false
	}
	if _, n, ord := number(ws, i); n > 0 && ord {
		return true
	}
	switch ws[i] {
	case "last", "next", "final", "previous", "other", "penultimate":
		return true
	}
	return false
}

// numeric: "417" at the end of a title is not a name of the role.
func numeric(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w != ""
}
