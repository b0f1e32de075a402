// Package chattest holds what the chat adapters' tests share: a varied
// set of real answers to render, what a rendering of each must show of the
// items it cites, and a responder whose pace a test sets.
package chattest

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/devset"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

// Answers are the real bot's answers, over the built-in corpus and over
// the development roles, to every question of the development set and to
// the slash commands: every kind of block, long and short, one role and
// several, answers and abstentions.
func Answers(t testing.TB) []bot.Answer {
	t.Helper()
	root := moduleRoot(t)
	ctx := context.Background()
	var out []bot.Answer
	builtin := testkit.Bot(t, nil)
	dev, err := corpus.LoadDir(filepath.Join(root, "testdata", "dev", "roles"))
	if err != nil {
		t.Fatal(err)
	}
	devBot := testkit.Bot(t, dev)
	sets, err := devset.Load(filepath.Join(root, "testdata", "dev", "questions"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sets {
		for _, q := range s.Questions {
			out = append(out, devBot.Answer(ctx, bot.Question{Text: q.Q, RoleID: s.RoleID}))
		}
	}
	for _, q := range []string{
		"", "hello", "help", "thanks!", "which roles are open?", "Do I need HCPC registration?",
		"what do duties 1 to 20 say?", "what does duty 99 say?", "list the duties", "list the criteria",
		"list the essential criteria", "list the desirable communication criteria", "summarise the role",
		"what is the salary?", "when does it close?", "is there parking?",
		"check me: HCPC registered, BSc OT, 3 years in community mental health, I know GDPR",
		"check me:", "[click](https://evil.example) <@123> @everyone *bold* do I need a degree?",
	} {
		out = append(out, builtin.Answer(ctx, bot.Question{Text: q}))
	}
	for _, c := range []bot.Command{{Name: "help"}, {Name: "list"}, {Name: "summary"}, {Name: "duty", Args: "12"}, {Name: "criteria"}} {
		out = append(out, builtin.Run(ctx, bot.Question{}, c))
		out = append(out, devBot.Run(ctx, bot.Question{}, c))
	}
	return out
}

// Shown is what any rendering of a's body must show, as plain text for
// the adapter to escape: the label of every item quoted or stated as a
// fact (with its role when the answer cites several), the label of every
// item a note points to, and for a list or self-check the title of every
// run of rows and every row's mark and text.
func Shown(a bot.Answer) []string {
	body := chat.Body(a)
	roles := chat.Roles(body)
	var want []string
	for _, b := range body {
		switch b.Kind {
		case bot.BlockQuote, bot.BlockFact:
			if b.Cite != nil {
				want = append(want, chat.Name(*b.Cite, roles))
			}
		case bot.BlockNote:
			for _, c := range b.Related {
				want = append(want, c.Label())
			}
		case bot.BlockList, bot.BlockCheck:
			for _, s := range chat.Sections(b) {
				if s.Title != "" {
					want = append(want, s.Title)
				}
				for _, r := range s.Rows {
					want = append(want, r.Mark+" "+r.Text)
				}
			}
		case bot.BlockPosting:
			if b.Posting != nil {
				want = append(want, b.Posting.Title)
			}
		}
	}
	return want
}

func moduleRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}
