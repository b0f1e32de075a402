// Command rankdiag tells, for the questions the bot declines that it should
// answer, where the expected item ranks in a plain search of the question's
// focus: whether the gap is finding the item or trusting it. Run from the
// project root:
//
//	go run ./internal/rankdiag [-roles DIR] [-questions DIR] [-v]
//
// Without -v it prints only counts, so it can be run on a held-out set
// without reading its questions.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/devset"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

func main() {
	roles := flag.String("roles", "testdata/dev/roles", "role folder")
	qdir := flag.String("questions", "testdata/dev/questions", "question folder")
	verbose := flag.Bool("v", false, "print each declined question with its rank")
	flag.Parse()
	lib, closeLib, err := testkit.LibraryDir(*roles)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rankdiag:", err)
		os.Exit(1)
	}
	defer closeLib()
	sets, err := devset.Load(*qdir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rankdiag:", err)
		os.Exit(1)
	}
	b := bot.New(lib, nil)
	ctx := context.Background()
	hist := map[string]int{}
	wrong := map[string]int{} // wrong answers by kind
	for _, s := range sets {
		if s.RoleID == "" {
			continue
		}
		role, _ := lib.Role(s.RoleID)
		for _, q := range s.Questions {
			a := b.Answer(ctx, bot.Question{Text: q.Q, RoleID: s.RoleID})
			o, why := devset.Judge(q, a)
			if o == devset.Wrong {
				kind := why
				for _, p := range []string{"top citation", "level should be", "list misses", "list has extra", "should abstain"} {
					if strings.HasPrefix(why, p) {
						kind = p
					}
				}
				wrong[kind]++
			}
			if o != devset.Abstained {
				continue
			}
			p := bot.Parse(q.Q)
			focus := p.Focus
			if role != nil {
				focus = bot.SearchWords(role, focus)
			}
			rank := "none"
			if len(focus) > 0 {
				hits, _ := lib.Searcher.Search(ctx, bot.SearchRequest{Text: strings.Join(focus, " "), RoleIDs: []string{s.RoleID}, Limit: 20})
				for i, h := range hits {
					if devset.Hit(h.Item.Text, q.Expect) {
						switch {
						case i == 0:
							rank = "1"
						case i < 3:
							rank = "2-3"
						case i < 8:
							rank = "4-8"
						default:
							rank = "9-20"
						}
						if *verbose {
							n := h.Norm
							if n == 0 {
								n = 1
							}
							fmt.Printf("%-5s cov=%.2f str=%.2f [%s] %s\n", rank, h.Coverage, h.Strength/n, s.RoleID, q.Q)
						}
						break
					}
				}
			}
			if rank == "none" && *verbose {
				fmt.Printf("none  [%s] %s\n", s.RoleID, q.Q)
			}
			hist[rank]++
		}
	}
	for k, n := range wrong {
		fmt.Printf("wrong: %-16s %d\n", k, n)
	}
	for _, k := range []string{"1", "2-3", "4-8", "9-20", "none"} {
		fmt.Printf("rank %-5s %d\n", k, hist[k])
	}
}
