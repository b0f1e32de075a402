package chat

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/recruitbot/recruitbot/bot"
)

// The policy's defaults.
const (
	// DefaultReplyDeadline leaves a question time to be searched, and
	// its asker no long wait for "too busy".
	DefaultReplyDeadline = 30 * time.Second
	// DefaultPostDeadline lets twenty replies queued in one channel, at
	// Slack's one post a second or Discord's five every five seconds,
	// all go out, and ends before the inbox's lease (3 minutes) lets
	// another process answer the same event.
	DefaultPostDeadline = 2 * time.Minute
	// DefaultConcurrency lets a burst of questions queue instead of
	// taking every core.
	DefaultConcurrency = 8
)

// Busy is said when a question waited its whole reply deadline for a
// turn to be answered.
const Busy = "Sorry, I'm too busy to answer right now. Please try again in a minute."

// Policy is how every chat adapter replies: how long it may take and how
// many answers it works out at once. The zero value is the defaults.
type Policy struct {
	// ReplyDeadline bounds working out one answer, the wait for a turn
	// included; an asker who waited it out for a turn is told the bot is
	// busy.
	ReplyDeadline time.Duration `yaml:"reply_deadline"`
	// PostDeadline bounds one reply from its arrival until it is posted,
	// the answer and waits for the channel and for rate limits included;
	// a reply not posted by then is given up, counted and logged.
	PostDeadline time.Duration `yaml:"post_deadline"`
	// Concurrency is how many answers are worked out at once, on each
	// platform.
	Concurrency int `yaml:"concurrency"`
}

// Validate refuses negative values; zero means the default.
func (p Policy) Validate() error {
	switch {
	case p.ReplyDeadline < 0:
		return fmt.Errorf("replies: reply_deadline %v: want a positive duration such as 30s", p.ReplyDeadline)
	case p.PostDeadline < 0:
		return fmt.Errorf("replies: post_deadline %v: want a positive duration such as 2m", p.PostDeadline)
	case p.Concurrency < 0:
		return fmt.Errorf("replies: concurrency %d: want a positive number such as 8", p.Concurrency)
	}
	return nil
}

// OrDefaults is p with every unset value at its default.
func (p Policy) OrDefaults() Policy {
	if p.ReplyDeadline <= 0 {
		p.ReplyDeadline = DefaultReplyDeadline
	}
	if p.PostDeadline <= 0 {
		p.PostDeadline = DefaultPostDeadline
	}
	if p.Concurrency <= 0 {
		p.Concurrency = DefaultConcurrency
	}
	return p
}

// Gate holds one adapter to a Policy.
type Gate struct {
	p     Policy
	turns chan struct{}
}

// NewGate applies p, with defaults for what it leaves unset.
func NewGate(p Policy) *Gate {
	p = p.OrDefaults()
	return &Gate{p: p, turns: make(chan struct{}, p.Concurrency)}
}

// Policy is the policy in force.
func (g *Gate) Policy() Policy { return g.p }

// Reply is ctx bounded by the post deadline, for one reply from arrival
// to posting.
func (g *Gate) Reply(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, g.p.PostDeadline)
}

// Think asks, within the reply deadline and when one of the policy's
// turns is free, under Guard. A question that finds no turn in time
// still gets a reply, Busy: the asker is never left with silence.
func (g *Gate) Think(ctx context.Context, log *slog.Logger, ask func(context.Context) bot.Answer) bot.Answer {
	ctx, cancel := context.WithTimeout(ctx, g.p.ReplyDeadline)
	defer cancel()
	select {
	case g.turns <- struct{}{}:
	case <-ctx.Done():
		log.Error("no time left to answer")
		return bot.Answer{Text: Busy}
	}
	defer func() { <-g.turns }()
	return Guard(log, func() bot.Answer { return ask(ctx) })
}
