package rolegen_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/devset"
	"github.com/recruitbot/recruitbot/internal/rolegen"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

// TestRoutingAmong1000: with 1,000 generated roles loaded beside the
// development set's, a question that names one of the other roles (by
// title, alias or a word of its field) gets the answer it gets without
// them; one that matches many asks which, listing a few; and a generated
// role named by its full title is routed to.
func TestRoutingAmong1000(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 1,000 roles")
	}
	dev, err := corpus.LoadDir("../../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	const template = "primary-care-occupational-therapist"
	base, ok := dev.Role(template)
	if !ok {
		t.Fatal("no " + template)
	}
	gen := rolegen.Roles(base, 1000)
	small := testkit.Bot(t, dev)
	big := testkit.Bot(t, &corpus.Corpus{Roles: append(append([]*corpus.Role{}, dev.Roles...), gen...), Synonyms: dev.Synonyms})
	sets, err := devset.Load("../../testdata/dev/questions")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	n := 0
	for _, s := range sets {
		if s.Name != "routing" {
			continue
		}
		for i, q := range s.Questions {
			// Each its own conversation: no follow-up of the one before.
			conv := fmt.Sprint("routing-", i)
			want := small.Answer(ctx, bot.Question{Text: q.Q, Conversation: conv})
			got := big.Answer(ctx, bot.Question{Text: q.Q, Conversation: conv})
			switch {
			case want.Intent == bot.IntentRoles:
				// Not routable by its words alone among 8 roles; among
				// 1,008 it still asks which, listing a few.
				if got.Intent != bot.IntentRoles {
					t.Errorf("%q: among 8 roles it asks which; among 1,008: %s", q.Q, got.Text)
				}
				checkWhich(t, q.Q, got)
			case q.Role == template:
				// The template's words may now name a thousand and one roles.
				if got.Intent == bot.IntentRoles {
					checkWhich(t, q.Q, got)
				}
			case !reflect.DeepEqual(got.Citations, want.Citations) || got.Text != want.Text:
				t.Errorf("%q (%s) with 1,000 more roles:\n%s\nwithout:\n%s", q.Q, q.Role, got.Text, want.Text)
			default:
				n++
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d routing questions compared", n)
	}

	a := big.Answer(ctx, bot.Question{Text: "does the Leeds job need HCPC registration?", Conversation: "place"})
	if a.Intent != bot.IntentRoles {
		t.Errorf("a question naming 100 roles should ask which: %s", a.Text)
	}
	checkWhich(t, "the Leeds job", a)
}

// TestRoutingByFullTitleAmong1000: a question naming one of 1,000 roles by
// its full title routes to it.
func TestRoutingByFullTitleAmong1000(t *testing.T) {
	c, err := corpus.Load(corpus.Default())
	if err != nil {
		t.Fatal(err)
	}
	gen := rolegen.Roles(c.Roles[0], 1000)
	big := testkit.Bot(t, &corpus.Corpus{Roles: gen, Synonyms: c.Synonyms})
	r := gen[417]
	a := big.Answer(context.Background(), bot.Question{Text: fmt.Sprintf("for the %s post, do I need HCPC registration?", r.Title)})
	if len(a.Citations) == 0 || a.Citations[0].RoleID != r.ID {
		t.Errorf("a question naming %q by its title: %s", r.Title, a.Text)
	}
}

// checkWhich: a question that matches many roles lists a few of them.
func checkWhich(t *testing.T, q string, a bot.Answer) {
	t.Helper()
	if n := strings.Count(a.Text, "\n• "); n == 0 || n > 6 {
		t.Errorf("%q: asks which listing %d roles:\n%s", q, n, a.Text)
	}
}
