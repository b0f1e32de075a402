package index

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/recruitbot/recruitbot/corpus"
)

// The curated lexicon every role is searched with: health and care, other
// professions, and hiring in general (see lexicon/README.md). A corpus
// folder's synonyms.txt extends it.
//
//go:embed lexicon/*.txt
var lexiconFS embed.FS

var builtin = mustBuiltin()

func mustBuiltin() [][]string {
	names, err := fs.Glob(lexiconFS, "lexicon/*.txt")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	var groups [][]string
	for _, n := range names {
		b, err := lexiconFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		g, err := corpus.ParseSynonyms("index/"+n, bytes.NewReader(b))
		if err != nil {
			// A mistake in the embedded files is a build mistake; every
			// test of this package catches it.
			panic(fmt.Sprintf("built-in lexicon: %v", err))
		}
		groups = append(groups, g...)
	}
	return groups
}

// builtinLexicon returns the built-in groups; callers must not modify them.
func builtinLexicon() [][]string { return builtin }
