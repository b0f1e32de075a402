package store

import (
	"context"
	"fmt"
	"time"
)

// Insights is what recruiters learn from the questions asked.
type Insights struct {
	Roles      []RoleStats // per role, by role id
	Unanswered []Count     // unanswered questions of 30 days by topic, most asked first
	NotHelpful []Count     // what "not helpful" answers cited, most first
	MostCited  []Count     // the items answers cite most, over 30 days
}

// RoleStats counts a role's answers and abstentions.
type RoleStats struct {
	RoleID                  string
	Answered7, Abstained7   int // in the last 7 days
	Answered30, Abstained30 int // in the last 30 days
}

// Count is one line of a ranking: a topic or an item, how often, and for
// a topic one of the questions asked about it.
type Count struct {
	RoleID  string
	Key     string
	Count   int
	Example string
}

// topN bounds each ranking.
const topN = 10

// Insights reports on roleID, or on every role when it is "".
func (s *Store) Insights(ctx context.Context, roleID string) (Insights, error) {
	now := s.now()
	week, month := ms(now.Add(-7*24*time.Hour)), ms(now.Add(-30*24*time.Hour))
	var in Insights
	rows, err := s.db.query(ctx, `SELECT role_id,
			SUM(CASE WHEN answered = 1 AND at >= $2 THEN 1 ELSE 0 END),
			SUM(CASE WHEN answered = 0 AND at >= $2 THEN 1 ELSE 0 END),
			SUM(answered), SUM(1 - answered)
		FROM answers WHERE at >= $3 AND ($1 = '' OR role_id = $1) AND role_id <> ''
		GROUP BY role_id ORDER BY role_id`, roleID, week, month)
	if err != nil {
		return in, fmt.Errorf("store: insights: %w", err)
	}
	err = scanAll(rows, func() error {
		var r RoleStats
		if err := rows.Scan(&r.RoleID, &r.Answered7, &r.Abstained7, &r.Answered30, &r.Abstained30); err != nil {
			return err
		}
		in.Roles = append(in.Roles, r)
		return nil
	})
	if err != nil {
		return in, fmt.Errorf("store: insights: %w", err)
	}
	rankings := []struct {
		dst *[]Count
		sql string
	}{
		{&in.Unanswered, `SELECT role_id, topic, COUNT(*), MAX(text) FROM unanswered
			WHERE ($1 = '' OR role_id = $1) AND at >= $2
			GROUP BY role_id, topic ORDER BY COUNT(*) DESC, MAX(at) DESC, topic LIMIT $3`},
		{&in.NotHelpful, `SELECT role_id, items, COUNT(*), '' FROM feedback
			WHERE ($1 = '' OR role_id = $1) AND at >= $2 AND helpful = 0
			GROUP BY role_id, items ORDER BY COUNT(*) DESC, items LIMIT $3`},
		{&in.MostCited, `SELECT role_id, item, COUNT(*), '' FROM citations
			WHERE ($1 = '' OR role_id = $1) AND at >= $2
			GROUP BY role_id, item ORDER BY COUNT(*) DESC, item LIMIT $3`},
	}
	for _, r := range rankings {
		rows, err := s.db.query(ctx, r.sql, roleID, month, topN)
		if err != nil {
			return in, fmt.Errorf("store: insights: %w", err)
		}
		err = scanAll(rows, func() error {
			var c Count
			if err := rows.Scan(&c.RoleID, &c.Key, &c.Count, &c.Example); err != nil {
				return err
			}
			*r.dst = append(*r.dst, c)
			return nil
		})
		if err != nil {
			return in, fmt.Errorf("store: insights: %w", err)
		}
	}
	return in, nil
}
