package importer

import (
	"path/filepath"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

// ForCorpus is the importer a corpus folder uses for the job descriptions
// dropped into it: every format Import reads except Markdown, as a .md
// file in a corpus folder is a role file.
func ForCorpus() *corpus.Importer {
	return &corpus.Importer{
		Accepts: func(name string) bool {
			ext := strings.ToLower(filepath.Ext(name))
			return Importable(name) && ext != ".md" && ext != ".markdown"
		},
		Import: func(name string, data []byte) (*corpus.Role, []string, error) {
			res, err := Import(name, data)
			if err != nil {
				return nil, nil, err
			}
			return res.Role, res.Report.Lines(), nil
		},
		MaxSize: MaxSize,
	}
}
