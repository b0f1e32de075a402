package importer_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/corpus/importer"
)

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Job descriptions dropped into a corpus folder are imported on load, with
// their reports logged; a role file of the same id wins; synonyms.txt and
// README files are not job descriptions.
func TestCorpusFolder(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/text/occupational-therapist.txt", filepath.Join(dir, "ot.txt"))
	copyFile(t, "testdata/office/senior-backend-engineer.docx", filepath.Join(dir, "backend.docx"))
	copyFile(t, "testdata/html/highways-technician.html", filepath.Join(dir, "advert.html"))
	copyFile(t, "testdata/want/highways-maintenance-technician.md", filepath.Join(dir, "highways.md"))
	os.WriteFile(filepath.Join(dir, "synonyms.txt"), []byte("ot, occupational therapist\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "README.txt"), []byte("Drop job descriptions here.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.docx"), []byte("not a zip"), 0o644)

	var logs bytes.Buffer
	w := corpus.NewWatcher(dir, slog.New(slog.NewTextHandler(&logs, nil)))
	w.SetImporter(importer.ForCorpus())
	c, err := w.Load()
	if c == nil {
		t.Fatal(err)
	}
	if err == nil || !strings.Contains(err.Error(), "broken.docx") || !strings.Contains(err.Error(), "not a Word document") {
		t.Errorf("error = %v, want one naming broken.docx", err)
	}
	var ids []string
	for _, r := range c.Roles {
		ids = append(ids, r.ID+"<"+filepath.Base(r.File))
	}
	want := "highways-maintenance-technician<highways.md senior-backend-engineer<backend.docx primary-care-occupational-therapist<ot.txt"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("roles = %s\nwant %s", got, want)
	}
	for _, s := range []string{"role file wins", "imported job description", "ot.txt", "joined to the item before it"} {
		if !strings.Contains(logs.String(), s) {
			t.Errorf("log lacks %q:\n%s", s, logs.String())
		}
	}
	if len(c.Synonyms) != 1 {
		t.Errorf("synonyms = %v", c.Synonyms)
	}
}

// A job description saved into a watched folder is imported on change.
func TestCorpusFolderReload(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/want/highways-maintenance-technician.md", filepath.Join(dir, "highways.md"))
	w := corpus.NewWatcher(dir, nil)
	w.SetImporter(importer.ForCorpus())
	w.SetDebounce(20 * time.Millisecond)
	if _, err := w.Load(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan []string, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx, func(c *corpus.Corpus, err error) {
			var ids []string
			for _, r := range c.Roles {
				ids = append(ids, r.ID)
			}
			got <- ids
		})
	}()
	time.Sleep(100 * time.Millisecond) // let the watch start
	copyFile(t, "testdata/text/senior-backend-engineer.txt", filepath.Join(dir, "backend.txt"))
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ids := <-got:
			if strings.Join(ids, " ") == "highways-maintenance-technician senior-backend-engineer" {
				cancel()
				<-done
				return
			}
		case <-deadline:
			t.Fatal("the new job description was not imported")
		}
	}
}

// A job description exported as Markdown and saved as .md is not a role
// file (it has text before any title): it is imported, with a warning.
func TestCorpusFolderMarkdownExport(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/text/senior-backend-engineer.txt", filepath.Join(dir, "backend.md"))
	os.WriteFile(filepath.Join(dir, "broken.md"), []byte("# Broken\n\n## Key duties\n\n2. Starts at two.\n"), 0o644)
	var logs bytes.Buffer
	w := corpus.NewWatcher(dir, slog.New(slog.NewTextHandler(&logs, nil)))
	w.SetImporter(importer.ForCorpus())
	c, err := w.Load()
	if c == nil || len(c.Roles) != 1 || c.Roles[0].ID != "senior-backend-engineer" {
		t.Fatalf("roles %v, err %v", c, err)
	}
	if err == nil || !strings.Contains(err.Error(), "broken.md:5") {
		t.Errorf("a role file with a mistake is still an error: %v", err)
	}
	if !strings.Contains(logs.String(), "not a role file, so imported") {
		t.Errorf("log:\n%s", logs.String())
	}
}
