// Package insights is the recruiters' feedback loop: it counts every
// answer's outcome and citations (no text, no user), keeps the questions
// the bot could not answer for the recruiters of their role (redacted, for
// a retention period), and reports both.
package insights

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/store"
)

// Recorder is a bot.Responder that records what the one it wraps answered.
type Recorder struct {
	next bot.Responder
	st   *store.Store
	keep time.Duration // how long unanswered questions are kept; 0: not at all
	log  *slog.Logger
	now  func() time.Time
}

var _ bot.Responder = (*Recorder)(nil)

// Library is the wrapped responder's library, so that adapters which list
// roles (App Home, autocomplete) see through the recorder; empty if it has
// none.
func (r *Recorder) Library() bot.Library {
	if l, ok := r.next.(interface{ Library() bot.Library }); ok {
		return l.Library()
	}
	return bot.Library{}
}

// Record wraps next so that its answers are counted in st, and the
// questions it abstains on kept for keep (not at all when keep is 0).
func Record(next bot.Responder, st *store.Store, keep time.Duration, log *slog.Logger) *Recorder {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Recorder{next: next, st: st, keep: keep, log: log, now: time.Now}
}

// Answer answers q and records the outcome.
func (r *Recorder) Answer(ctx context.Context, q bot.Question) bot.Answer {
	a := r.next.Answer(ctx, q)
	return r.record(ctx, q.Text, a)
}

// Run answers a command and records the outcome; only /role ask holds a
// question worth keeping when it goes unanswered.
func (r *Recorder) Run(ctx context.Context, q bot.Question, c bot.Command) bot.Answer {
	a := r.next.Run(ctx, q, c)
	text := ""
	if c.Name == "ask" {
		text = q.Text
	}
	return r.record(ctx, text, a)
}

// notQuestions are the intents that ask nothing of a job description.
var notQuestions = map[bot.Intent]bool{
	bot.IntentGreeting: true, bot.IntentHelp: true, bot.IntentEmpty: true, bot.IntentTooLong: true,
	bot.IntentThanks: true, bot.IntentRoles: true, bot.IntentError: true,
}

// record records a and returns it with its ID set when recorded.
func (r *Recorder) record(ctx context.Context, text string, a bot.Answer) bot.Answer {
	if notQuestions[a.Intent] || a.Intent == "" {
		return a
	}
	role := a.RoleID
	if role == "" && len(a.Citations) > 0 {
		role = a.Citations[0].RoleID
	}
	// Recording must not hold up or fail the answer: a short deadline of
	// its own, even if the reply's context ends.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	now := r.now()
	o := store.Outcome{ID: newID(), RoleID: role, Intent: string(a.Intent), Answered: a.Answered, At: now}
	for _, c := range a.Citations {
		o.Items = append(o.Items, c.Label())
	}
	if err := r.st.RecordAnswer(ctx, o); err != nil {
		r.log.Error("could not record the answer", "err", err)
	} else {
		a.ID = o.ID
	}
	if a.Answered || role == "" || text == "" || r.keep <= 0 {
		return a
	}
	if err := r.st.RecordUnanswered(ctx, role, text, now); err != nil {
		r.log.Error("could not keep the unanswered question", "role", role, "err", err)
	}
	return a
}

// Feedback records that user found the answer answerID helpful or not.
// The user is kept only as a hash salted per database, so that each person
// counts once per answer (a later click replaces an earlier one); the
// answer's role, intent, outcome and cited items come from its record.
func (r *Recorder) Feedback(ctx context.Context, answerID, user string, helpful bool) error {
	salt, err := r.st.Salt(ctx)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(salt + "\x00" + user))
	meta, _, err := r.st.Answer(ctx, answerID)
	if err != nil {
		return err
	}
	meta.At = r.now()
	return r.st.RecordFeedback(ctx, answerID, hex.EncodeToString(sum[:16]), helpful, meta)
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Report is the recruiters' report on roleID ("" for every role), as
// Write lays it out.
func (r *Recorder) Report(ctx context.Context, roleID string) (string, error) {
	in, err := r.st.Insights(ctx, roleID)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = Write(&b, in, r.keep)
	return b.String(), err
}

// Expire deletes, now and then every interval until ctx ends, what the
// store keeps no longer: unanswered questions older than keep (all of them
// when keep is 0), expired claims, stale events and conversations.
func Expire(ctx context.Context, st *store.Store, keep, interval time.Duration, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := st.Expire(ctx, time.Now(), keep); err != nil && ctx.Err() == nil {
			log.Error("could not delete expired records", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Write prints a report for recruiters. Unanswered questions appear with
// their role: the report is for the recruiters of the roles it shows.
func Write(w io.Writer, in store.Insights, keep time.Duration) error {
	var b strings.Builder
	b.WriteString("Questions per role (answered / not answered)\n")
	if len(in.Roles) == 0 {
		b.WriteString("  none in the last 30 days\n")
	}
	for _, r := range in.Roles {
		fmt.Fprintf(&b, "  %-40s 7 days: %d / %d   30 days: %d / %d\n", r.RoleID, r.Answered7, r.Abstained7, r.Answered30, r.Abstained30)
	}
	b.WriteString("\nUnanswered questions by topic, 30 days (facts the role file could add)\n")
	switch {
	case keep <= 0 && len(in.Unanswered) == 0:
		b.WriteString("  not kept: unanswered question retention is 0\n")
	case len(in.Unanswered) == 0:
		b.WriteString("  none\n")
	}
	for _, c := range in.Unanswered {
		fmt.Fprintf(&b, "  %3d× %-30s %-30s e.g. %q\n", c.Count, c.Key, "("+c.RoleID+")", c.Example)
	}
	if len(in.Unanswered) > 0 {
		// The topics asked most are the answers worth writing once.
		b.WriteString("\nFAQ entries to consider (add them under '## FAQ' in the role file; see corpus/README.md)\n")
		for i, c := range in.Unanswered {
			if i == 5 {
				break
			}
			fmt.Fprintf(&b, "  %s: - %s? <your answer>\n", c.RoleID, faqQuestion(c.Example))
		}
	}
	b.WriteString("\n\"Not helpful\" answers, by what they cited\n")
	if len(in.NotHelpful) == 0 {
		b.WriteString("  none\n")
	}
	for _, c := range in.NotHelpful {
		key := c.Key
		if key == "" {
			key = "(nothing cited)"
		}
		fmt.Fprintf(&b, "  %3d× %s (%s)\n", c.Count, key, c.RoleID)
	}
	b.WriteString("\nMost cited items, 30 days\n")
	if len(in.MostCited) == 0 {
		b.WriteString("  none\n")
	}
	for _, c := range in.MostCited {
		fmt.Fprintf(&b, "  %3d× %s (%s)\n", c.Count, c.Key, c.RoleID)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// faqQuestion is an asked question made into the start of an FAQ entry.
func faqQuestion(example string) string {
	q := strings.TrimSpace(example)
	q = strings.TrimRight(q, "?!. ")
	if q == "" {
		return "…"
	}
	return strings.ToUpper(q[:1]) + q[1:]
}
