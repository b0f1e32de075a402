// Command why shows how the bot reads a question and what the index finds
// for it: the parse, the focus, the best hits with their coverage and
// strength, and the answer. A development tool, run from the project root:
//
//	go run ./internal/why -roles testdata/dev/roles -role practice-nurse "do i need NMC?"
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

func main() {
	roles := flag.String("roles", "testdata/dev/roles", "role folder")
	role := flag.String("role", "", "role id")
	flag.Parse()
	lib, closeLib, err := testkit.LibraryDir(*roles)
	if err != nil {
		fmt.Fprintln(os.Stderr, "why:", err)
		os.Exit(1)
	}
	defer closeLib()
	// The bot says at debug level why it declines.
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelDebug}))
	slog.SetDefault(log)
	b := bot.New(lib, log)
	ctx := context.Background()
	for _, q := range flag.Args() {
		p := bot.Parse(q)
		fmt.Printf("Q: %s\n  intent=%v words=%q focus=%q level=%q fact=%v yesno=%v req=%v\n", q, p.Intent, p.Words, p.Focus, p.Level, p.Fact != nil, p.YesNo, p.Requirement)
		if len(p.Focus) > 0 && *role != "" {
			focus := p.Focus
			if r, ok := lib.Role(*role); ok {
				focus = bot.SearchWords(r, focus)
			}
			hits, err := lib.Searcher.Search(ctx, bot.SearchRequest{Text: strings.Join(focus, " "), RoleIDs: []string{*role}, Limit: 5})
			if err != nil {
				fmt.Println("  search:", err)
			}
			for _, h := range hits {
				n := h.Norm
				if n == 0 {
					n = 1
				}
				fmt.Printf("  %.2f cov=%.2f str=%.2f dir=%.2f %s%d %q matched=%q missing=%q unknown=%q\n", h.Score, h.Coverage, h.Strength/n, h.Direct/n, h.Item.Kind, h.Item.Number, trim(h.Item.Text), h.Matched, h.Missing, h.Unknown)
			}
		}
		a := b.Answer(ctx, bot.Question{Text: q, RoleID: *role})
		fmt.Printf("  -> answered=%v %s\n", a.Answered, trim(a.Text))
	}
}

func trim(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 110 {
		return s[:110] + "…"
	}
	return s
}
