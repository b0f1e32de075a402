package corpus

import (
	"bufio"
	"io"
	"strings"
)

// ParseSynonyms reads a synonym list: one group a line, its terms separated
// by commas ("elderly, older adults, older people"); '#' starts a comment.
// A term may be a phrase. Terms are compared case-insensitively.
func ParseSynonyms(name string, r io.Reader) ([][]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	var groups [][]string
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		var group []string
		for _, t := range strings.Split(line, ",") {
			t = strings.ToLower(clean(t))
			if t == "" {
				return groups, &ParseError{File: name, Line: n, Msg: "empty term; separate terms with single commas"}
			}
			group = append(group, t)
		}
		if len(group) < 2 {
			return groups, &ParseError{File: name, Line: n, Msg: "a synonym group needs at least two terms separated by commas"}
		}
		groups = append(groups, group)
	}
	if err := sc.Err(); err != nil {
		return groups, &ParseError{File: name, Line: n + 1, Msg: err.Error()}
	}
	return groups, nil
}
