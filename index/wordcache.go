package index

import (
	"strings"
	"sync"
	"sync/atomic"
)

// A question's words are worked out per role (the forms the role uses,
// WordNet's related terms it has, likely misspellings of its words), and
// the same words come back question after question: "need", "experience",
// "essential". words remembers the concept each word of a role makes, so
// that a question pays for the words it is the first in a while to use.
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
	k := wordKey{rs.id, t.stem, t.word}
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
	c = ix.wordConcept(rs, t)
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
