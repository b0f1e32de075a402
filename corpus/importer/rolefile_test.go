package importer_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
)

// A role file read as a Markdown export gives the role file's own items:
// the importer reads the shapes the role format is made of.
func TestRoleFilesAsMarkdown(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/dev/roles/*.md")
	if len(files) == 0 {
		t.Skip("no development roles")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			want, err := corpus.ParseFile(os.DirFS(filepath.Dir(f)), filepath.Base(f))
			if err != nil {
				t.Fatal(err)
			}
			res := importFile(t, f)
			res.Role.ID = want.ID // an import's id comes from its title, not from the file's id: key
			sameItems(t, res.Role, want)
		})
	}
}

// OFFICE_DIR=dir: Word and PDF files made by testdata/office/make.py from
// the development roles (make.py DIR ../../testdata/dev/roles/*.md) give
// the roles' items. Not run by default: it needs LibreOffice to make them.
func TestOfficeDevRoles(t *testing.T) {
	dir := os.Getenv("OFFICE_DIR")
	if dir == "" {
		t.Skip("OFFICE_DIR not set")
	}
	files, _ := filepath.Glob("../../testdata/dev/roles/*.md")
	for _, f := range files {
		want, err := corpus.ParseFile(os.DirFS(filepath.Dir(f)), filepath.Base(f))
		if err != nil {
			t.Fatal(err)
		}
		for _, ext := range []string{".docx", ".pdf"} {
			t.Run(want.ID+ext, func(t *testing.T) {
				res := importFile(t, filepath.Join(dir, filepath.Base(f[:len(f)-3])+ext))
				res.Role.ID = want.ID
				sameItems(t, res.Role, want)
			})
		}
	}
}
