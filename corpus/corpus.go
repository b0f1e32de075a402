// Package corpus holds the job descriptions the bot answers from, as files a
// recruiter can read and edit, and turns each file into a typed Role.
//
// The file format is documented in README.md in this folder.
package corpus

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"sort"
	"strings"
)

// Level says whether a person-specification criterion is required.
type Level string

// The two levels of the person specification.
const (
	Essential Level = "essential"
	Desirable Level = "desirable"
)

// Title is the level as written in a job description: "Essential".
func (l Level) Title() string {
	if l == "" {
		return ""
	}
	return strings.ToUpper(string(l[:1])) + string(l[1:])
}

// levelWords are the words employers use for the two levels, lower case.
// "E" and "D" are the column heads of many person specifications.
var levelWords = map[string]Level{
	"essential": Essential, "e": Essential, "must have": Essential, "must-have": Essential,
	"required": Essential, "requirement": Essential, "minimum": Essential, "minimum criteria": Essential,
	"essential criteria": Essential, "must": Essential, "mandatory": Essential,
	"desirable": Desirable, "d": Desirable, "nice to have": Desirable, "nice-to-have": Desirable,
	"preferred": Desirable, "desired": Desirable, "advantageous": Desirable, "an advantage": Desirable,
	"desirable criteria": Desirable, "would be an advantage": Desirable, "beneficial": Desirable,
}

// ParseLevel reads a level as an employer writes it: "Essential", "E",
// "Must have", "Nice to have", "Required", "Preferred" and the like.
func ParseLevel(word string) (Level, bool) {
	w := strings.ToLower(strings.Join(strings.Fields(strings.Trim(word, " \t:*()[]")), " "))
	l, ok := levelWords[w]
	return l, ok
}

// Kind is the part of a job description an item comes from.
type Kind string

// The kinds of item a role holds.
const (
	Scope       Kind = "scope"       // a paragraph of the job scope
	Duty        Kind = "duty"        // a numbered key duty
	Supervision Kind = "supervision" // a paragraph about supervision
	Criterion   Kind = "criterion"   // a person-specification criterion
	Fact        Kind = "fact"        // a recruiter note (pay, location, ...)
	FAQ         Kind = "faq"         // a question the recruiter answered once, with its answer
)

// Item is one citable piece of a role: a scope paragraph, a duty, the
// supervision paragraph or a criterion.
type Item struct {
	Kind    Kind
	Section string // the heading it sits under, e.g. "Key duties and responsibilities"
	Number  int    // duty number, 0 otherwise
	Area    string // criterion area, e.g. "Qualifications"
	Level   Level  // criterion level, "" otherwise
	// LevelLabel is the level in the employer's words ("Must have") when
	// the role file gives them; "" means Level.Title().
	LevelLabel string
	Text       string // the item's full text
	Line       int    // where it starts in its file
}

// LevelText is the criterion's level as the employer wrote it: the label
// when the role file gives one, else "Essential" or "Desirable".
func (it Item) LevelText() string {
	if it.LevelLabel != "" {
		return it.LevelLabel
	}
	return it.Level.Title()
}

// Role is one job description.
type Role struct {
	ID    string
	Title string
	File  string   // the file it was read from
	Intro []string // paragraphs about the document itself; not cited
	Items []Item   // in document order
	Facts Facts    // what the recruiter added; may be empty

	Aliases    []string    // other names applicants use for the role, e.g. "OT"
	DutyGroups []DutyGroup // how the posting groups the duties; may be empty
}

// Duties returns the numbered duties in order.
func (r *Role) Duties() []Item { return r.filter(func(it Item) bool { return it.Kind == Duty }) }

// Duty returns duty n.
func (r *Role) Duty(n int) (Item, bool) {
	for _, it := range r.Items {
		if it.Kind == Duty && it.Number == n {
			return it, true
		}
	}
	return Item{}, false
}

// SectionGroups groups the duties by the headings they sit under, e.g.
// "Key duties and responsibilities" and "Administration and professional
// responsibilities".
func (r *Role) SectionGroups() []DutyGroup {
	var groups []DutyGroup
	for _, d := range r.Duties() {
		if len(groups) == 0 || groups[len(groups)-1].Name != d.Section {
			groups = append(groups, DutyGroup{Name: d.Section})
		}
		groups[len(groups)-1].Duties = append(groups[len(groups)-1].Duties, d.Number)
	}
	return groups
}

// Criteria returns the criteria in an area (all when area is "") at a level
// (both when level is "").
func (r *Role) Criteria(area string, level Level) []Item {
	return r.filter(func(it Item) bool {
		return it.Kind == Criterion &&
			(area == "" || strings.EqualFold(it.Area, area)) &&
			(level == "" || it.Level == level)
	})
}

// Areas returns the person-specification areas in document order.
func (r *Role) Areas() []string {
	var areas []string
	seen := map[string]bool{}
	for _, it := range r.Items {
		if it.Kind == Criterion && !seen[it.Area] {
			seen[it.Area] = true
			areas = append(areas, it.Area)
		}
	}
	return areas
}

// Of returns the items of one kind in document order.
func (r *Role) Of(k Kind) []Item { return r.filter(func(it Item) bool { return it.Kind == k }) }

func (r *Role) filter(keep func(Item) bool) []Item {
	var out []Item
	for _, it := range r.Items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

// Corpus is every role in a folder plus the domain synonyms that go with them.
type Corpus struct {
	Roles    []*Role
	Synonyms [][]string // groups of terms that mean the same, lower case
}

// Role returns the role with the given id.
func (c *Corpus) Role(id string) (*Role, bool) {
	for _, r := range c.Roles {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

//go:embed default
var defaultFS embed.FS

// Default is the corpus folder built into the binary.
func Default() fs.FS {
	sub, err := fs.Sub(defaultFS, "default")
	if err != nil {
		panic(err) // the folder is embedded at build time; it is always there
	}
	return sub
}

// SynonymsFile is the name of the optional synonym list in a corpus folder.
const SynonymsFile = "synonyms.txt"

// LoadDir loads the corpus folder at dir; see Load. Errors and Role.File
// carry the folder in their paths.
func LoadDir(dir string) (*Corpus, error) {
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("corpus %s: %w", dir, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("corpus %s: not a folder", dir)
	}
	c, _, err := load(os.DirFS(dir), dir, nil, nil)
	return c, err
}

// Load parses every role file (*.md other than README.md) and the synonym
// list in fsys. A file that fails to parse is left out and its error, which
// names the file and line, is returned joined with the others; the other
// files still load. The Corpus is nil only if the folder cannot be read.
func Load(fsys fs.FS) (*Corpus, error) {
	c, _, err := load(fsys, "", nil, nil)
	return c, err
}

// Importer turns a job description in another format (a .docx, .pdf,
// .html or .txt file) into a role, with the lines of its import report.
// corpus has none of its own, so that it reads no Word, HTML or PDF; main
// wires one in (corpus/importer) with Watcher.SetImporter.
type Importer struct {
	// Accepts reports whether a file name is one the importer reads.
	Accepts func(name string) bool
	// Import reads one file; report is logged, one line each.
	Import func(name string, data []byte) (r *Role, report []string, err error)
	// MaxSize bounds the files read, in bytes.
	MaxSize int64
}

// options are what a Watcher adds to a plain load.
type options struct {
	imp *Importer
	log *slog.Logger
}

// lastGood is what a folder held the last time each file parsed.
type lastGood struct {
	roles map[string]*Role // file name -> role
	syn   [][]string
	synOK bool // syn came from a synonym list that parsed whole
}

// load reads the folder fsys, naming files dir/name in errors and
// Role.File. With last, a file that no longer parses keeps its last good
// version (and says so), as does a synonym list. With an importer in opt,
// other job descriptions are imported after the role files; a role file
// of the same id wins.
func load(fsys fs.FS, dir string, last *lastGood, opt *options) (*Corpus, *lastGood, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("corpus %s: %w", dir, err)
	}
	var names, imports []string
	for _, e := range entries {
		n := e.Name()
		// Dot files are editors' locks and backups, not roles.
		if e.IsDir() || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "~$") || strings.HasPrefix(strings.ToLower(n), "readme.") || n == SynonymsFile {
			continue
		}
		switch {
		case strings.HasSuffix(n, ".md"):
			names = append(names, n)
		case opt != nil && opt.imp != nil && opt.imp.Accepts(n):
			imports = append(imports, n)
		}
	}
	sort.Strings(names)
	sort.Strings(imports)
	c := &Corpus{}
	now := &lastGood{roles: map[string]*Role{}}
	var errs []error
	ids := map[string]string{}
	for _, name := range names {
		r, err := parseFile(fsys, name, path.Join(dir, name))
		if err != nil && notRoleFile(err) && opt != nil && opt.imp != nil {
			if _, ok := last.role(name); !ok {
				// A job description exported as Markdown, not a role file:
				// import it, saying why.
				opt.log.Warn("not a role file, so imported as a job description", "file", path.Join(dir, name), "why", err)
				if ir, ierr := opt.importFile(fsys, name, path.Join(dir, name)); ierr == nil {
					r, err = ir, nil
				}
			}
		}
		if err != nil {
			if prev, ok := last.role(name); ok {
				err = fmt.Errorf("%w (still answering from the last version that loaded)", err)
				r = prev
			}
			errs = append(errs, err)
			if r == nil {
				continue
			}
		}
		if prev, dup := ids[r.ID]; dup {
			errs = append(errs, &ParseError{File: path.Join(dir, name), Line: 1, Msg: fmt.Sprintf("role id %q is already used by %s", r.ID, prev)})
			continue
		}
		ids[r.ID] = name
		now.roles[name] = r
		c.Roles = append(c.Roles, r)
	}
	for _, name := range imports {
		shown := path.Join(dir, name)
		r, err := opt.importFile(fsys, name, shown)
		if err != nil {
			if prev, ok := last.role(name); ok {
				err = fmt.Errorf("%w (still answering from the last version that imported)", err)
				r = prev
			}
			errs = append(errs, err)
			if r == nil {
				continue
			}
		}
		if prev, dup := ids[r.ID]; dup {
			if strings.HasSuffix(prev, ".md") {
				opt.log.Info("role file wins over the import of the same id", "file", shown, "id", r.ID, "role_file", prev)
			} else {
				errs = append(errs, &ParseError{File: shown, Line: 1, Msg: fmt.Sprintf("role id %q is already used by %s", r.ID, prev)})
			}
			continue
		}
		ids[r.ID] = name
		now.roles[name] = r
		c.Roles = append(c.Roles, r)
	}
	synPath := path.Join(dir, SynonymsFile)
	if f, err := fsys.Open(SynonymsFile); err == nil {
		syn, perr := ParseSynonyms(synPath, f)
		f.Close()
		now.syn, now.synOK = syn, perr == nil
		if perr != nil && last != nil && last.synOK {
			now.syn, now.synOK = last.syn, true
			perr = fmt.Errorf("%w (still using the last synonym list that loaded)", perr)
		}
		if perr != nil {
			errs = append(errs, perr)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, fmt.Errorf("open %s: %w", synPath, err))
	}
	c.Synonyms = now.syn
	return c, now, errors.Join(errs...)
}

// notRoleFile reports whether a parse error says the file is no role file
// at all (text before any title), as a Markdown export of a job
// description is, rather than a role file with a mistake in it.
func notRoleFile(err error) bool {
	var pe *ParseError
	return errors.As(err, &pe) && strings.HasPrefix(pe.Msg, "text before the title")
}

// importFile imports one job description, logging its report.
func (o *options) importFile(fsys fs.FS, name, shown string) (*Role, error) {
	if st, err := fs.Stat(fsys, name); err == nil && o.imp.MaxSize > 0 && st.Size() > o.imp.MaxSize {
		return nil, fmt.Errorf("import %s: %d MB is too big for a job description", shown, st.Size()>>20)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", shown, err)
	}
	r, report, err := o.imp.Import(shown, data)
	if err != nil {
		return nil, err
	}
	o.log.Info("imported job description", "file", shown, "id", r.ID, "items", len(r.Items), "notes", len(report))
	for _, line := range report {
		o.log.Info("import report", "file", shown, "note", line)
	}
	return r, nil
}

func (g *lastGood) role(name string) (*Role, bool) {
	if g == nil {
		return nil, false
	}
	r, ok := g.roles[name]
	return r, ok
}

// ParseFile parses one role file of fsys.
func ParseFile(fsys fs.FS, name string) (*Role, error) { return parseFile(fsys, name, name) }

// Limits on one role file. A real job description is a few tens of
// kilobytes and a hundred or so items; the limits keep a mistaken file (a
// log, a database dump) from taking the process's memory and minutes of
// indexing.
const (
	MaxFileBytes = 1 << 20
	MaxItems     = 2000
)

// parseFile parses name in fsys, calling it shown in errors and Role.File.
func parseFile(fsys fs.FS, name, shown string) (*Role, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", shown, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileBytes {
		return nil, &ParseError{File: shown, Line: 1, Msg: fmt.Sprintf("the file is %.1f MB; a role file may be at most %d KB", float64(st.Size())/(1<<20), MaxFileBytes>>10)}
	}
	// Read one byte past the limit, in case the file grew since Stat.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", shown, err)
	}
	if len(data) > MaxFileBytes {
		return nil, &ParseError{File: shown, Line: 1, Msg: fmt.Sprintf("the file is over %d KB, the most a role file may be", MaxFileBytes>>10)}
	}
	r, err := Parse(shown, bytes.NewReader(data))
	if err == nil && len(r.Items) > MaxItems {
		return nil, &ParseError{File: shown, Line: 1, Msg: fmt.Sprintf("the role has %d duties and criteria; a role may have at most %d", len(r.Items), MaxItems)}
	}
	return r, err
}
