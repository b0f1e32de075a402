// Command calibrate chooses the bot's abstention thresholds on the
// development set (testdata/dev) and reports cross-role hold-out: the roles
// are split in two folds; thresholds fitted on one fold are scored on the
// other, and the other way round. Run from the project root:
//
//	go run ./internal/calibrate
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/devset"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

func main() {
	roles := flag.String("roles", "testdata/dev/roles", "role folder")
	questions := flag.String("questions", "testdata/dev/questions", "question folder")
	flag.Parse()
	if err := run(*roles, *questions); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(1)
	}
}

// grid is every policy tried: the two abstention thresholds.
func grid() []bot.Policy {
	var out []bot.Policy
	for c := 0.30; c <= 0.701; c += 0.05 {
		for s := 0.2; s <= 1.201; s += 0.1 {
			p := bot.DefaultPolicy
			p.MinCoverage, p.MinStrength = c, s
			out = append(out, p)
		}
	}
	return out
}

func run(rolesDir, qDir string) error {
	lib, closeLib, err := testkit.LibraryDir(rolesDir)
	if err != nil {
		return err
	}
	defer closeLib()
	sets, err := devset.Load(qDir)
	if err != nil {
		return err
	}
	b := bot.New(lib, nil)
	ctx := context.Background()
	// Two folds by role, alternating in name order; the routing set is
	// scored with every fold's held-out roles' policy in turn.
	var folds [2][]devset.Set
	var routing []devset.Set
	i := 0
	for _, s := range sets {
		if s.RoleID == "" {
			routing = append(routing, s)
			continue
		}
		folds[i%2] = append(folds[i%2], s)
		i++
	}
	policies := grid()
	fit := func(sets []devset.Set) (bot.Policy, devset.Score) {
		best, bestU := bot.Policy{}, -1e9
		var bestS devset.Score
		for _, p := range policies {
			b.SetPolicy(p)
			s := devset.Sum("fit", devset.Run(ctx, b, sets))
			if u := s.Utility(); u > bestU+1e-9 {
				best, bestU, bestS = p, u, s
			}
		}
		return best, bestS
	}
	report := func(label string, s devset.Score) {
		fmt.Printf("  %-44s %3d/%3d passed (%.0f%%), %d wrong, %d abstained\n", label, s.Passed, s.Total, 100*float64(s.Passed)/float64(max(s.Total, 1)), s.Wrong, s.Abstained)
	}
	for k := range 2 {
		train, test := folds[k], folds[1-k]
		p, s := fit(train)
		fmt.Printf("fold %d: fitted on %s → MinCoverage %.2f, MinStrength %.2f\n", k+1, names(train), p.MinCoverage, p.MinStrength)
		report("fit roles", s)
		b.SetPolicy(p)
		for _, sc := range devset.Run(ctx, b, test) {
			report("held out: "+sc.Name, sc)
		}
		report("held out, all", devset.Sum("", devset.Run(ctx, b, test)))
		report("routing (no role selected)", devset.Sum("", devset.Run(ctx, b, routing)))
	}
	p, s := fit(sets)
	fmt.Printf("all roles: MinCoverage %.2f, MinStrength %.2f\n", p.MinCoverage, p.MinStrength)
	report("all", s)
	b.SetPolicy(bot.DefaultPolicy)
	fmt.Printf("DefaultPolicy (MinCoverage %.2f, MinStrength %.2f):\n", bot.DefaultPolicy.MinCoverage, bot.DefaultPolicy.MinStrength)
	scores := devset.Run(ctx, b, sets)
	sort.SliceStable(scores, func(i, j int) bool { return scores[i].Name < scores[j].Name })
	for _, sc := range scores {
		report(sc.Name, sc)
	}
	report("all", devset.Sum("", scores))
	return nil
}

func names(sets []devset.Set) string {
	out := ""
	for i, s := range sets {
		if i > 0 {
			out += ", "
		}
		out += s.Name
	}
	return out
}
