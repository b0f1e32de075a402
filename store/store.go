// Package store keeps what must outlive one process or be shared by
// several: which events have been answered (so a redelivery after a restart
// or to another replica is not answered twice), the events acknowledged but
// not yet answered, conversation memory, feedback, and the questions the bot
// could not answer, for the recruiters.
//
// It has two backends behind one type: SQLite in a file (OpenSQLite, the
// default for one process) and PostgreSQL (OpenPostgres, for replicas that
// share state). Both run the same SQL and the same contract tests.
package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Defaults for the durations the store is asked about.
const (
	// ClaimTTL is how long an answered event is remembered. Slack retries
	// at +1 and +5 minutes and a Discord resume replays recent events, so a
	// day is ample.
	ClaimTTL = 24 * time.Hour
	// InboxMaxAge is how old an unanswered event may be and still be
	// answered at start-up; older questions are stale.
	InboxMaxAge = 10 * time.Minute
	// InboxLease is how long the process that received an event has to
	// answer it before another may take it over: longer than any reply
	// takes (Slack's adapter gives up after 2 minutes).
	InboxLease = 3 * time.Minute
	// Retention is how long an unanswered question is kept for recruiters.
	Retention = 30 * 24 * time.Hour
	// statsWindow is how long answer outcomes, citations and feedback are
	// kept: the longest window the insights show. They hold no text.
	statsWindow = 30 * 24 * time.Hour
	// conversationTTL is how long a quiet conversation is remembered.
	conversationTTL = time.Hour
)

// Store is the state of the bot that survives a restart. Its methods are
// safe for concurrent use, also by several processes sharing the database.
type Store struct {
	db      conn
	backend string
	now     func() time.Time

	opened time.Time // when this process opened the database
	mu     sync.Mutex
	taken  map[string]bool // adapters that have called Take on this Store
}

// Backend names the database: "sqlite" or "postgres".
func (s *Store) Backend() string { return s.backend }

// Close releases the database.
func (s *Store) Close() error { return s.db.close() }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Claim records that the event known by keys (its event id, its channel
// and timestamp, ...) is being answered, for ttl. It reports false, and
// records nothing, if any of the keys is claimed already and not expired:
// the event was delivered before, to this process or another. Empty keys
// are ignored; with none left the claim always succeeds.
func (s *Store) Claim(ctx context.Context, keys []string, ttl time.Duration) (bool, error) {
	keys = cleanKeys(keys)
	if len(keys) == 0 {
		return true, nil
	}
	now := s.now()
	err := s.db.tx(ctx, func(tx conn) error {
		for _, k := range keys {
			// An expired claim is taken over in the same statement, so two
			// claimants of an expired key cannot both win.
			n, err := tx.exec(ctx, `INSERT INTO claims (key, expires_at) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at
				WHERE claims.expires_at <= $3`, k, ms(now.Add(ttl)), ms(now))
			if err != nil {
				return err
			}
			if n == 0 {
				return errClaimed // rolls back the keys claimed so far
			}
		}
		return nil
	})
	if errors.Is(err, errClaimed) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: claim: %w", err)
	}
	return true, nil
}

var errClaimed = errors.New("claimed before")

// cleanKeys drops empty and repeated keys and sorts them: claims taken in
// one order everywhere cannot deadlock each other in PostgreSQL.
func cleanKeys(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if k != "" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Release forgets a claim whose answer was never posted, so that the next
// delivery of the event is answered.
func (s *Store) Release(ctx context.Context, keys []string) error {
	for _, k := range cleanKeys(keys) {
		if _, err := s.db.exec(ctx, `DELETE FROM claims WHERE key = $1`, k); err != nil {
			return fmt.Errorf("store: release: %w", err)
		}
	}
	return nil
}

// Event is a message acknowledged to the platform but not yet answered.
type Event struct {
	ID         string // unique across adapters, e.g. "slack:Ev123"
	Adapter    string // "slack", "discord"
	Channel    string
	Thread     string
	Text       string
	ReceivedAt time.Time
}

// Enqueue keeps ev until Done, so that a process that dies between
// acknowledging and answering can answer at its next start. Enqueueing an
// id twice keeps the first. Its receiver has InboxLease from ReceivedAt to
// answer it: Take gives it to no one else before.
func (s *Store) Enqueue(ctx context.Context, ev Event) error {
	if ev.ReceivedAt.IsZero() {
		ev.ReceivedAt = s.now()
	}
	_, err := s.db.exec(ctx, `INSERT INTO inbox (id, adapter, channel, thread, text, received_at, lease_until)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
		ev.ID, ev.Adapter, ev.Channel, ev.Thread, ev.Text, ms(ev.ReceivedAt), ms(ev.ReceivedAt.Add(InboxLease)))
	if err != nil {
		return fmt.Errorf("store: enqueue: %w", err)
	}
	return nil
}

// Done deletes an answered event, text and all.
func (s *Store) Done(ctx context.Context, id string) error {
	if _, err := s.db.exec(ctx, `DELETE FROM inbox WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: done: %w", err)
	}
	return nil
}

// Pending lists the events not yet answered that arrived within maxAge,
// oldest first.
func (s *Store) Pending(ctx context.Context, maxAge time.Duration) ([]Event, error) {
	rows, err := s.db.query(ctx, `SELECT id, adapter, channel, thread, text, received_at FROM inbox
		WHERE received_at >= $1 ORDER BY received_at, id`, ms(s.now().Add(-maxAge)))
	if err != nil {
		return nil, fmt.Errorf("store: pending: %w", err)
	}
	var out []Event
	err = scanAll(rows, func() error {
		var ev Event
		var at int64
		if err := rows.Scan(&ev.ID, &ev.Adapter, &ev.Channel, &ev.Thread, &ev.Text, &at); err != nil {
			return err
		}
		ev.ReceivedAt = fromMS(at)
		out = append(out, ev)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending: %w", err)
	}
	return out, nil
}

// Take leases to the caller, for InboxLease, the events of adapter not yet
// answered that arrived within maxAge and whose lease has run out: their
// process died, or could not post the answer. Of several processes taking
// at once, each event goes to one.
//
// A SQLite store serves one process, so the first Take for an adapter
// after opening it - at start - also takes the events received before
// this process started and never taken since: their receiver is the
// process that died. (An event another process has taken meanwhile keeps
// its lease.) PostgreSQL is shared by replicas that may still be answering
// theirs, so there the lease always holds.
func (s *Store) Take(ctx context.Context, adapter string, maxAge time.Duration) ([]Event, error) {
	now := s.now()
	receivedBefore := int64(0) // none: the lease holds
	if s.backend == "sqlite" && s.firstTake(adapter) {
		receivedBefore = ms(s.opened)
	}
	rows, err := s.db.query(ctx, `SELECT id, adapter, channel, thread, text, received_at, lease_until FROM inbox
		WHERE adapter = $1 AND received_at >= $2
			AND (lease_until <= $3 OR (received_at < $4 AND lease_until = received_at + $5))
		ORDER BY received_at, id`,
		adapter, ms(now.Add(-maxAge)), ms(now), receivedBefore, InboxLease.Milliseconds())
	if err != nil {
		return nil, fmt.Errorf("store: take: %w", err)
	}
	var due []Event
	var leases []int64
	err = scanAll(rows, func() error {
		var ev Event
		var at, lease int64
		if err := rows.Scan(&ev.ID, &ev.Adapter, &ev.Channel, &ev.Thread, &ev.Text, &at, &lease); err != nil {
			return err
		}
		ev.ReceivedAt = fromMS(at)
		due = append(due, ev)
		leases = append(leases, lease)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: take: %w", err)
	}
	var taken []Event
	for i, ev := range due {
		// Only if nobody took it since it was read: of two takers, one wins.
		n, err := s.db.exec(ctx, `UPDATE inbox SET lease_until = $1 WHERE id = $2 AND lease_until = $3`,
			ms(now.Add(InboxLease)), ev.ID, leases[i])
		if err != nil {
			return taken, fmt.Errorf("store: take: %w", err)
		}
		if n == 1 {
			taken = append(taken, ev)
		}
	}
	return taken, nil
}

// firstTake reports whether this is the first Take for adapter on s.
func (s *Store) firstTake(adapter string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.taken[adapter] {
		return false
	}
	if s.taken == nil {
		s.taken = map[string]bool{}
	}
	s.taken[adapter] = true
	return true
}

// Turn is what a conversation remembers of its last answer: never text.
type Turn struct {
	RoleID string
	Intent string
	Area   string
	Level  string
	Item   int // index of the first cited item in the role, -1 for none
	At     time.Time
}

// Conversation returns the last turn of the conversation key, if it was
// within the last hour.
func (s *Store) Conversation(ctx context.Context, key string) (Turn, bool, error) {
	rows, err := s.db.query(ctx, `SELECT role_id, intent, area, level, item, at FROM conversations
		WHERE key = $1 AND at >= $2`, key, ms(s.now().Add(-conversationTTL)))
	if err != nil {
		return Turn{}, false, fmt.Errorf("store: conversation: %w", err)
	}
	var t Turn
	found := false
	err = scanAll(rows, func() error {
		var at int64
		found = true
		err := rows.Scan(&t.RoleID, &t.Intent, &t.Area, &t.Level, &t.Item, &at)
		t.At = fromMS(at)
		return err
	})
	if err != nil {
		return Turn{}, false, fmt.Errorf("store: conversation: %w", err)
	}
	return t, found, nil
}

// SetConversation remembers t as the last turn of the conversation key.
func (s *Store) SetConversation(ctx context.Context, key string, t Turn) error {
	if t.At.IsZero() {
		t.At = s.now()
	}
	_, err := s.db.exec(ctx, `INSERT INTO conversations (key, role_id, intent, area, level, item, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (key) DO UPDATE SET role_id = excluded.role_id, intent = excluded.intent,
			area = excluded.area, level = excluded.level, item = excluded.item, at = excluded.at`,
		key, t.RoleID, t.Intent, t.Area, t.Level, t.Item, ms(t.At))
	if err != nil {
		return fmt.Errorf("store: set conversation: %w", err)
	}
	return nil
}

// Outcome is what the insights keep of one answer: no text, no user.
type Outcome struct {
	ID       string // the answer's id, e.g. the event it answered
	RoleID   string // "" when the bot did not get as far as a role
	Intent   string
	Answered bool
	Items    []string // labels of the cited items, e.g. "Key duty 7"
	At       time.Time
}

// RecordAnswer counts one answer for the insights.
func (s *Store) RecordAnswer(ctx context.Context, o Outcome) error {
	if o.At.IsZero() {
		o.At = s.now()
	}
	err := s.db.tx(ctx, func(tx conn) error {
		if _, err := tx.exec(ctx, `INSERT INTO answers (id, role_id, intent, answered, at) VALUES ($1, $2, $3, $4, $5)`,
			o.ID, o.RoleID, o.Intent, bit(o.Answered), ms(o.At)); err != nil {
			return err
		}
		for _, item := range o.Items {
			if _, err := tx.exec(ctx, `INSERT INTO citations (answer_id, role_id, item, at) VALUES ($1, $2, $3, $4)`,
				o.ID, o.RoleID, item, ms(o.At)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: record answer: %w", err)
	}
	return nil
}

// Answer returns what was recorded of the answer id, if it is still kept.
func (s *Store) Answer(ctx context.Context, id string) (Outcome, bool, error) {
	var o Outcome
	found := false
	rows, err := s.db.query(ctx, `SELECT role_id, intent, answered, at FROM answers WHERE id = $1`, id)
	if err != nil {
		return o, false, fmt.Errorf("store: answer: %w", err)
	}
	err = scanAll(rows, func() error {
		var answered int
		var at int64
		found = true
		err := rows.Scan(&o.RoleID, &o.Intent, &answered, &at)
		o.ID, o.Answered, o.At = id, answered == 1, fromMS(at)
		return err
	})
	if err == nil && found {
		rows, err = s.db.query(ctx, `SELECT item FROM citations WHERE answer_id = $1`, id)
		if err == nil {
			err = scanAll(rows, func() error {
				var item string
				o.Items = append(o.Items, item)
				return rows.Scan(&o.Items[len(o.Items)-1])
			})
		}
	}
	if err != nil {
		return Outcome{}, false, fmt.Errorf("store: answer: %w", err)
	}
	return o, found, nil
}

// Salt is a random value made once per database, for hashing user ids so
// that a hash means nothing outside it.
func (s *Store) Salt(ctx context.Context) (string, error) {
	var b [16]byte
	_, _ = rand.Read(b[:])
	if _, err := s.db.exec(ctx, `INSERT INTO settings (key, value) VALUES ('salt', $1) ON CONFLICT (key) DO NOTHING`,
		hex.EncodeToString(b[:])); err != nil {
		return "", fmt.Errorf("store: salt: %w", err)
	}
	rows, err := s.db.query(ctx, `SELECT value FROM settings WHERE key = 'salt'`)
	if err != nil {
		return "", fmt.Errorf("store: salt: %w", err)
	}
	var salt string
	if err := scanAll(rows, func() error { return rows.Scan(&salt) }); err != nil {
		return "", fmt.Errorf("store: salt: %w", err)
	}
	return salt, nil
}

// RecordFeedback records a person's "helpful" or "not helpful" on an
// answer. userHash is a salted hash of the person, only there so that each
// person counts once per answer: a later click replaces an earlier one.
func (s *Store) RecordFeedback(ctx context.Context, answerID, userHash string, helpful bool, meta Outcome) error {
	if meta.At.IsZero() {
		meta.At = s.now()
	}
	_, err := s.db.exec(ctx, `INSERT INTO feedback (answer_id, user_hash, helpful, role_id, intent, answered, items, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (answer_id, user_hash) DO UPDATE SET helpful = excluded.helpful, role_id = excluded.role_id,
			intent = excluded.intent, answered = excluded.answered, items = excluded.items, at = excluded.at`,
		answerID, userHash, bit(helpful), meta.RoleID, meta.Intent, bit(meta.Answered), strings.Join(meta.Items, "; "), ms(meta.At))
	if err != nil {
		return fmt.Errorf("store: record feedback: %w", err)
	}
	return nil
}

// RecordUnanswered keeps a question the bot abstained on for the
// recruiters of roleID, with e-mail addresses and phone numbers redacted.
func (s *Store) RecordUnanswered(ctx context.Context, roleID, text string, at time.Time) error {
	if at.IsZero() {
		at = s.now()
	}
	text = Redact(text)
	_, err := s.db.exec(ctx, `INSERT INTO unanswered (role_id, topic, text, at) VALUES ($1, $2, $3, $4)`,
		roleID, Topic(text), text, ms(at))
	if err != nil {
		return fmt.Errorf("store: record unanswered: %w", err)
	}
	return nil
}

// Expire deletes what is kept no longer: unanswered questions older than
// retention (all of them when it is 0), expired claims, stale inbox
// events and conversations, and outcomes older than the insights show.
func (s *Store) Expire(ctx context.Context, now time.Time, retention time.Duration) error {
	deletes := []struct {
		sql    string
		before time.Time
	}{
		{`DELETE FROM unanswered WHERE at < $1`, now.Add(-retention)},
		{`DELETE FROM claims WHERE expires_at <= $1`, now},
		{`DELETE FROM inbox WHERE received_at < $1`, now.Add(-ClaimTTL)},
		{`DELETE FROM conversations WHERE at < $1`, now.Add(-conversationTTL)},
		{`DELETE FROM answers WHERE at < $1`, now.Add(-statsWindow)},
		{`DELETE FROM citations WHERE at < $1`, now.Add(-statsWindow)},
		{`DELETE FROM feedback WHERE at < $1`, now.Add(-statsWindow)},
	}
	if retention <= 0 {
		deletes[0].sql = `DELETE FROM unanswered WHERE at < $1 OR at >= $1`
	}
	for _, d := range deletes {
		if _, err := s.db.exec(ctx, d.sql, ms(d.before)); err != nil {
			return fmt.Errorf("store: expire: %w", err)
		}
	}
	return nil
}
