package chattest

import (
	"context"
	"sync"
	"time"

	"github.com/recruitbot/recruitbot/bot"
)

// Slow is a bot.Responder that takes Delay to answer, or until its
// context ends, and counts how many answers it works out at once: what a
// test of an adapter's reply deadlines and concurrency needs.
type Slow struct {
	Delay time.Duration
	// Stubborn answers only after Delay, even when its context ends
	// first, as a responder that does not heed its context would.
	Stubborn bool

	mu        sync.Mutex
	now, most int
}

var _ bot.Responder = (*Slow)(nil)

// Answer answers "Thanks for waiting." after Delay, or "Too late." when
// ctx ends first.
func (s *Slow) Answer(ctx context.Context, _ bot.Question) bot.Answer {
	s.mu.Lock()
	s.now++
	s.most = max(s.most, s.now)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.now--
		s.mu.Unlock()
	}()
	t := time.NewTimer(s.Delay)
	defer t.Stop()
	if s.Stubborn {
		<-t.C
		return bot.Answer{Text: "Thanks for waiting."}
	}
	select {
	case <-t.C:
		return bot.Answer{Text: "Thanks for waiting."}
	case <-ctx.Done():
		return bot.Answer{Text: "Too late."}
	}
}

// Run answers a command as Answer does.
func (s *Slow) Run(ctx context.Context, q bot.Question, _ bot.Command) bot.Answer {
	return s.Answer(ctx, q)
}

// Most is the most answers worked out at once so far.
func (s *Slow) Most() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.most
}
