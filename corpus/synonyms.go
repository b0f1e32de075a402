package corpus

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// OneWay separates, in a synonym group, the terms on the left of "=>" from
// those on the right: a question using a left term also finds items using a
// right one, not the reverse ("dementia, copd => long-term conditions").
const OneWay = "=>"

// ParseSynonyms reads a synonym list: one group a line, its terms separated
// by commas ("elderly, older adults, older people"); '#' starts a comment.
// "a, b => c, d" is one-way: a and b also find c and d. A term may be a
// phrase. Terms are compared case-insensitively. A bad line is reported and
// skipped; the other lines still count.
func ParseSynonyms(name string, r io.Reader) ([][]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	var groups [][]string
	var errs []error
	n := 0
lines:
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		var group []string
		left, right, oneWay := strings.Cut(line, OneWay)
		if oneWay {
			if strings.Contains(right, OneWay) {
				errs = append(errs, &ParseError{File: name, Line: n, Msg: "a line may have one \"=>\""})
				continue
			}
			line = left + "," + OneWay + "," + right
		}
		for _, t := range strings.Split(line, ",") {
			if t = strings.ToLower(clean(t)); t == OneWay {
				group = append(group, t)
				continue
			}
			if t == "" {
				errs = append(errs, &ParseError{File: name, Line: n, Msg: "empty term; separate terms with single commas"})
				continue lines
			}
			group = append(group, t)
		}
		if oneWay && (group[0] == OneWay || group[len(group)-1] == OneWay) {
			errs = append(errs, &ParseError{File: name, Line: n, Msg: "\"=>\" needs terms on both sides"})
			continue
		}
		if len(group) < 2 {
			errs = append(errs, &ParseError{File: name, Line: n, Msg: "a synonym group needs at least two terms separated by commas"})
			continue
		}
		groups = append(groups, group)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, &ParseError{File: name, Line: n + 1, Msg: err.Error()})
	}
	return groups, errors.Join(errs...)
}
