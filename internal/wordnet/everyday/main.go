// Command everyday lists how common the words of English are: each WordNet
// lemma that the sense-tagged corpus counts of Princeton WordNet 3.0
// (cntlist.rev, installed by the Debian package wordnet-base) see at least
// -min times, with its count over all its senses. An answer that rests only
// on the most common of them ("day", "report", "work") rests on nothing in
// particular, and a question word no item has weighs less the more common
// it is.
//
// Usage:
//
//	go run ./everyday -src /usr/share/wordnet/cntlist.rev -out everyday.txt
//
// The output starts with comment lines carrying the WordNet licence notice,
// then has one lower-case single word and its count a line,
// sorted by word, then the share of it (per cent) that are its noun senses
// ("day 227 100"); the same input gives the same file.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	src := flag.String("src", "/usr/share/wordnet/cntlist.rev", "WordNet's cntlist.rev")
	out := flag.String("out", "everyday.txt", "where to write the list")
	min := flag.Int("min", 10, "the least tag count of a word listed")
	flag.Parse()
	if err := run(*src, *out, *min); err != nil {
		fmt.Fprintln(os.Stderr, "everyday:", err)
		os.Exit(1)
	}
}

func run(src, out string, min int) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	counts, nouns, err := count(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	var words []string
	for w, n := range counts {
		if n >= min {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	var b strings.Builder
	b.WriteString(notice)
	fmt.Fprintf(&b, "# Words seen at least %d times in WordNet's sense-tagged counts (cntlist.rev), how often, and the per cent of that as a noun.\n", min)
	for _, w := range words {
		fmt.Fprintf(&b, "%s %d %d\n", w, counts[w], 100*nouns[w]/counts[w])
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// count adds up each single-word lemma's tag counts over its senses, and
// over its noun senses alone. A line of cntlist.rev is
// "lemma%sense_key sense_number tag_count", and a sense key's first digit
// is its part of speech (1 for a noun).
func count(f *os.File) (counts, nouns map[string]int, err error) {
	counts, nouns = map[string]int{}, map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 {
			continue
		}
		lemma, key, ok := strings.Cut(fs[0], "%")
		if !ok || strings.IndexFunc(lemma, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			continue // phrases, numbers, names
		}
		n, err := strconv.Atoi(fs[2])
		if err != nil {
			continue
		}
		counts[lemma] += n
		if strings.HasPrefix(key, "1:") {
			nouns[lemma] += n
		}
	}
	return counts, nouns, sc.Err()
}

const notice = `# Derived from Princeton WordNet 3.0; see LICENSE-WordNet beside this file.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
`
