package index

import (
	"strings"
	"sync"
	"sync/atomic"
)

// A question's words are worked out per role (the forms the role uses,
// WordNet's related terms it has, likely misspellings of its words), and
// the same words come back question after question: "need", "experience",
// "essential". words remembers the concept each word of a role makes, and
// each lexicon term ("hcpc registration"), so that a question pays for the
// words it is the first in a while to use.
//
// The concept is a function of the role's statistics, fixed once computed,
// and of the word: a stem the shared vocabulary learns later (another role
// indexed since) is one this role's items do not hold, and counts the same
// whether it is known or not. So a remembered concept is the one the word
// would make now.
//
// The cache is bounded for a library of thousands of roles: two
// generations of at most wordCacheSize words each; when the newer fills it
// becomes the older and the older is dropped, so a word in use stays (it
// moves to the newer on a hit) and one unused for a generation goes.
const wordCacheSize = 4096

type wordKey struct {
	role       uint64 // roleStats.id: no pointer keeps a retired role alive
	stem, word string
	// A lexicon term the question uses: stem is its stems, word its words
	// as written, which the concept keeps.
	term bool
}

var words = struct {
	mu       sync.Mutex
	cur, old map[wordKey]concept
}{cur: map[wordKey]concept{}}

// roleIDs numbers roleStats for wordKey.
var roleIDs atomic.Uint64

// word is the concept a single question word makes in the role, its forms'
// ids and its weight worked out: one the caller must not change, but for
// its words and span.
func (ix *shard) word(rs *roleStats, t qtoken) concept {
	return ix.cached(wordKey{role: rs.id, stem: t.stem, word: t.word}, func() concept {
		c := ix.wordConcept(rs, t)
		c.words = strings.Clone(t.word) // for its weight: how common it is
		return c
	}, rs)
}

// synonym is the concept the lexicon term toks spans makes in the role, as
// word's.
func (ix *shard) synonym(rs *roleStats, text string, toks []qtoken) concept {
	start, end := toks[0].start, toks[len(toks)-1].end
	stems := make([]string, len(toks))
	for i, t := range toks {
		stems[i] = t.stem
	}
	k := wordKey{role: rs.id, stem: strings.Join(stems, " "), word: text[start:end], term: true}
	c := ix.cached(k, func() concept {
		c, _ := ix.synonymConcept(text, toks)
		// The question's words, not the question.
		c.words = strings.Clone(c.words)
		for i := range c.alts {
			c.alts[i].text = strings.Clone(c.alts[i].text)
		}
		return c
	}, rs)
	c.start, c.end = start, end
	return c
}

// cached is the concept of k, made and resolved the first time.
func (ix *shard) cached(k wordKey, mk func() concept, rs *roleStats) concept {
	words.mu.Lock()
	c, ok := words.cur[k]
	if !ok {
		if c, ok = words.old[k]; ok {
			words.cur[k] = c
		}
	}
	words.mu.Unlock()
	if ok {
		return c
	}
	c = mk()
	c.resolve(rs)
	// The key must not keep the question it came from alive.
	k.stem, k.word = strings.Clone(k.stem), strings.Clone(k.word)
	words.mu.Lock()
	if len(words.cur) >= wordCacheSize {
		words.old, words.cur = words.cur, make(map[wordKey]concept, wordCacheSize)
	}
	words.cur[k] = c
	words.mu.Unlock()
	return c
}
