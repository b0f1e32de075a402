// Package devset reads the development set in testdata/dev (questions in
// chat phrasing over several roles) and scores a bot on it with the same
// rules as shared/eval/score.py, so that thresholds are chosen on data and
// scores can be reported per role.
package devset

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/recruitbot/recruitbot/bot"
)

// Question is one line of a questions file.
type Question struct {
	Q      string   `json:"q"`
	Kind   string   `json:"kind"` // top1, list, summary or none
	Expect []string `json:"expect"`
	Level  string   `json:"level"`
	Role   string   `json:"role"` // informational, in the routing set
}

// Set is the questions of one file: about one role (asked with that role
// selected), or the routing set (RoleID "", asked with none).
type Set struct {
	Name      string
	RoleID    string
	Questions []Question
}

// Load reads every *.jsonl file in dir. A file named after a role id is
// asked with that role; routing*.jsonl with none.
func Load(dir string) ([]Set, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var sets []Set
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".jsonl")
		s := Set{Name: name, RoleID: name}
		if strings.HasPrefix(name, "routing") {
			s.RoleID = ""
		}
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(fh)
		n := 0
		for sc.Scan() {
			n++
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var q Question
			if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
				fh.Close()
				return nil, fmt.Errorf("%s:%d: %w", f, n, err)
			}
			s.Questions = append(s.Questions, q)
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		sets = append(sets, s)
	}
	return sets, nil
}

var space = regexp.MustCompile(`\s+`)

func norm(s string) string {
	return strings.ToLower(strings.TrimSpace(space.ReplaceAllString(strings.ReplaceAll(s, "\u2019", "'"), " ")))
}

// Hit reports whether an item text contains one of the expected passages.
func Hit(text string, expect []string) bool {
	t := norm(text)
	for _, e := range expect {
		if strings.Contains(t, norm(e)) {
			return true
		}
	}
	return false
}

// Outcome is how an answer fared.
type Outcome int

// Outcomes. Wrong is an answer given where it should not have been, or
// resting on the wrong item or level: worse for a user than Abstained.
const (
	Passed Outcome = iota
	Abstained
	Wrong
)

// Judge applies shared/eval/score.py's rules to one answer.
func Judge(q Question, a bot.Answer) (Outcome, string) {
	if q.Kind == "none" {
		if a.Answered || strings.TrimSpace(a.Text) == "" {
			return Wrong, "should abstain and say why"
		}
		return Passed, ""
	}
	if !a.Answered || len(a.Citations) == 0 {
		return Abstained, "not answered"
	}
	switch q.Kind {
	case "top1":
		c := a.Citations[0]
		if !Hit(c.Text, q.Expect) {
			return Wrong, "top citation: " + c.Text
		}
		if q.Level != "" && (string(c.Level) != q.Level || !strings.Contains(strings.ToLower(a.Text), q.Level)) {
			return Wrong, "level should be " + q.Level
		}
	case "list":
		for _, e := range q.Expect {
			found := false
			for _, c := range a.Citations {
				found = found || Hit(c.Text, []string{e})
			}
			if !found {
				return Wrong, "list misses " + e
			}
		}
		for _, c := range a.Citations {
			if !Hit(c.Text, q.Expect) {
				return Wrong, "list has extra " + c.Text
			}
		}
	case "summary":
		if !Hit(a.Text, q.Expect) || len(a.Text) < 300 || len(a.Citations) < 3 {
			return Wrong, "summary should name the role, run >= 300 chars and cite >= 3 items"
		}
	default:
		return Wrong, "unknown kind " + q.Kind
	}
	return Passed, ""
}

// Score is one set's result.
type Score struct {
	Name                     string
	Passed, Abstained, Wrong int
	Total                    int
	Failures                 []string
}

// Utility is the score thresholds are fitted on: a pass is worth 1, a wrong
// answer costs half of one, an abstention nothing.
func (s Score) Utility() float64 { return float64(s.Passed) - 0.5*float64(s.Wrong) }

// Run asks every question of the sets and scores the answers.
func Run(ctx context.Context, b *bot.Bot, sets []Set) []Score {
	out := make([]Score, len(sets))
	for i, s := range sets {
		sc := Score{Name: s.Name, Total: len(s.Questions)}
		for _, q := range s.Questions {
			a := b.Answer(ctx, bot.Question{Text: q.Q, RoleID: s.RoleID})
			switch o, why := Judge(q, a); o {
			case Passed:
				sc.Passed++
			case Abstained:
				sc.Abstained++
				sc.Failures = append(sc.Failures, q.Q+" -- "+why)
			default:
				sc.Wrong++
				sc.Failures = append(sc.Failures, q.Q+" -- "+why)
			}
		}
		out[i] = sc
	}
	return out
}

// Sum adds scores up.
func Sum(name string, scores []Score) Score {
	t := Score{Name: name}
	for _, s := range scores {
		t.Passed += s.Passed
		t.Abstained += s.Abstained
		t.Wrong += s.Wrong
		t.Total += s.Total
	}
	return t
}
