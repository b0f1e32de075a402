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
