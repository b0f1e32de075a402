package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/corpus/importer"
)

// importCmd is `recruitbot import [-o DIR] FILE...`: each job description
// becomes a role file, written to stdout when there is one file and no -o;
// each file's import report goes to stderr.
func importCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	outDir := fs.String("o", "", "write each role file to `DIR`/<id>.md instead of stdout")
	force := fs.Bool("force", false, "overwrite role files that already exist in DIR")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: recruitbot import [-o DIR] [-force] FILE...   (.txt, .md, .html, .docx, .pdf)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	files := fs.Args()
	if len(files) == 0 || *outDir == "" && len(files) > 1 {
		fmt.Fprintln(stderr, "recruitbot import: give one FILE, or -o DIR for several")
		fs.Usage()
		return 2
	}
	code := 0
	for _, f := range files {
		res, err := importPath(f)
		if err != nil {
			fmt.Fprintln(stderr, "recruitbot:", err)
			code = 1
			continue
		}
		fmt.Fprint(stderr, res.Report.String())
		if *outDir == "" {
			stdout.Write(res.Markdown)
			continue
		}
		dst := filepath.Join(*outDir, res.Role.ID+".md")
		if err := writeRole(dst, res.Markdown, *force); err != nil {
			fmt.Fprintln(stderr, "recruitbot:", err)
			code = 1
			continue
		}
		fmt.Fprintf(stderr, "wrote %s\n", dst)
	}
	return code
}

func importPath(name string) (*importer.Result, error) {
	if st, err := os.Stat(name); err != nil {
		return nil, err
	} else if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder; give the job description files", name)
	} else if st.Size() > importer.MaxSize {
		return nil, fmt.Errorf("import %s: %d MB is too big for a job description (the limit is %d MB)", name, st.Size()>>20, importer.MaxSize>>20)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return importer.Import(name, data)
}

func writeRole(dst string, md []byte, force bool) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if !force {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(dst, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists; it may hold your edits, so it is left alone (use -force to overwrite)", dst)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(md); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// showCmd is `recruitbot show [--json] FILE...`: each role file or
// importable job description as the bot sees it.
func showCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "one JSON object a file: id, title, facts, items in document order")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "Usage: recruitbot show [--json] FILE...   (role files .md, or .txt, .html, .docx, .pdf)")
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	code := 0
	for _, f := range fs.Args() {
		r, note, err := loadRole(f)
		if note != "" {
			fmt.Fprintln(stderr, "recruitbot:", note)
		}
		if err != nil {
			fmt.Fprintln(stderr, "recruitbot:", err)
			code = 1
			continue
		}
		if *asJSON {
			enc.Encode(roleJSON(r))
		} else {
			printRole(stdout, r)
		}
	}
	return code
}

// loadRole reads a role file, or imports any other job description; a .md
// file that is not a role file is imported as a Markdown export, and note
// says so.
func loadRole(name string) (r *corpus.Role, note string, err error) {
	if strings.EqualFold(filepath.Ext(name), ".md") {
		f, err := os.Open(name)
		if err != nil {
			return nil, "", err
		}
		r, perr := corpus.Parse(name, f)
		f.Close()
		if perr == nil {
			return r, "", nil
		}
		if res, err := importPath(name); err == nil {
			return res.Role, fmt.Sprintf("%v; not a role file, so shown as imported", perr), nil
		}
		return nil, "", perr
	}
	res, err := importPath(name)
	if err != nil {
		return nil, "", err
	}
	return res.Role, "", nil
}

type showItem struct {
	Section    string `json:"section"`
	Number     int    `json:"number"`
	Area       string `json:"area"`
	Level      string `json:"level"`
	LevelLabel string `json:"level_label"`
	Text       string `json:"text"`
}

type showRole struct {
	ID    string            `json:"id"`
	Title string            `json:"title"`
	Facts map[string]string `json:"facts"`
	Items []showItem        `json:"items"`
}

func roleJSON(r *corpus.Role) showRole {
	out := showRole{ID: r.ID, Title: r.Title, Facts: facts(r.Facts), Items: []showItem{}}
	for _, it := range r.Items {
		si := showItem{Section: it.Section, Number: it.Number, Area: it.Area, Level: string(it.Level), Text: it.Text}
		if it.Kind == corpus.Criterion {
			si.LevelLabel = it.LevelText()
		}
		out.Items = append(out.Items, si)
	}
	return out
}

func facts(f corpus.Facts) map[string]string {
	m := map[string]string{}
	for k, v := range map[string]string{"salary": f.Salary, "location": f.Location, "hours": f.Hours,
		"contract": f.Contract, "apply": f.Apply, "contact": f.Contact, "reference": f.Reference} {
		if v != "" {
			m[k] = v
		}
	}
	if !f.ClosingDate.IsZero() {
		m["closing_date"] = f.ClosingDate.Format(time.DateOnly)
	}
	return m
}

func printRole(w io.Writer, r *corpus.Role) {
	fmt.Fprintf(w, "%s (%s) from %s\n", r.Title, r.ID, r.File)
	for _, k := range []string{"salary", "location", "hours", "contract", "closing_date", "apply", "contact", "reference"} {
		if v, ok := facts(r.Facts)[k]; ok {
			fmt.Fprintf(w, "  %s: %s\n", k, v)
		}
	}
	section, area := "", ""
	for _, it := range r.Items {
		if it.Section != section {
			section, area = it.Section, ""
			fmt.Fprintf(w, "\n%s\n", section)
		}
		switch it.Kind {
		case corpus.Duty:
			fmt.Fprintf(w, "  %d. %s\n", it.Number, it.Text)
		case corpus.Criterion:
			if it.Area != area {
				area = it.Area
				fmt.Fprintf(w, "  %s\n", area)
			}
			fmt.Fprintf(w, "    %s: %s\n", it.LevelText(), it.Text)
		default:
			fmt.Fprintf(w, "  %s\n", it.Text)
		}
	}
	fmt.Fprintln(w)
}
