package store

import (
	"context"
	"fmt"
)

// migrations are the schema, one version at a time; a version, once
// released, is never edited: a change is a new version. The SQL is what
// SQLite and PostgreSQL both accept.
var migrations = [][]string{
	1: {
		`CREATE TABLE claims (
			key TEXT PRIMARY KEY,
			expires_at BIGINT NOT NULL
		)`,
		`CREATE INDEX claims_expires ON claims (expires_at)`,
		`CREATE TABLE inbox (
			id TEXT PRIMARY KEY,
			adapter TEXT NOT NULL,
			channel TEXT NOT NULL,
			thread TEXT NOT NULL,
			text TEXT NOT NULL,
			received_at BIGINT NOT NULL
		)`,
		`CREATE INDEX inbox_received ON inbox (received_at)`,
		`CREATE TABLE conversations (
			key TEXT PRIMARY KEY,
			role_id TEXT NOT NULL,
			intent TEXT NOT NULL,
			area TEXT NOT NULL,
			level TEXT NOT NULL,
			item INTEGER NOT NULL,
			at BIGINT NOT NULL
		)`,
		`CREATE INDEX conversations_at ON conversations (at)`,
		`CREATE TABLE answers (
			id TEXT NOT NULL,
			role_id TEXT NOT NULL,
			intent TEXT NOT NULL,
			answered INTEGER NOT NULL,
			at BIGINT NOT NULL
		)`,
		`CREATE INDEX answers_role_at ON answers (role_id, at)`,
		`CREATE INDEX answers_at ON answers (at)`,
		`CREATE TABLE citations (
			answer_id TEXT NOT NULL,
			role_id TEXT NOT NULL,
			item TEXT NOT NULL,
			at BIGINT NOT NULL
		)`,
		`CREATE INDEX citations_role_at ON citations (role_id, at)`,
		`CREATE INDEX citations_at ON citations (at)`,
		`CREATE TABLE feedback (
			answer_id TEXT NOT NULL,
			user_hash TEXT NOT NULL,
			helpful INTEGER NOT NULL,
			role_id TEXT NOT NULL,
			intent TEXT NOT NULL,
			answered INTEGER NOT NULL,
			items TEXT NOT NULL,
			at BIGINT NOT NULL,
			PRIMARY KEY (answer_id, user_hash)
		)`,
		`CREATE INDEX feedback_at ON feedback (at)`,
		`CREATE TABLE unanswered (
			role_id TEXT NOT NULL,
			topic TEXT NOT NULL,
			text TEXT NOT NULL,
			at BIGINT NOT NULL
		)`,
		`CREATE INDEX unanswered_role_at ON unanswered (role_id, at)`,
		`CREATE INDEX unanswered_at ON unanswered (at)`,
	},
	2: {
		// Who may replay an event: none until the lease of the process
		// that received it runs out.
		`ALTER TABLE inbox ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0`,
	},
	3: {
		// Values made once per installation, e.g. the salt of user hashes.
		`CREATE TABLE settings (
			key TEXT PRIMARY KEY,
			value TEXT NOT NULL
		)`,
		`CREATE INDEX answers_id ON answers (id)`,
		`CREATE INDEX citations_answer ON citations (answer_id)`,
	},
}

// migrate applies the versions the database has not seen, in one
// transaction, recording each in schema_migrations. Replicas starting
// together take turns: PostgreSQL through an advisory lock, SQLite through
// its write lock.
func (s *Store) migrate(ctx context.Context) error {
	return s.db.tx(ctx, func(tx conn) error {
		if s.backend == "postgres" {
			if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(72616369)`); err != nil {
				return fmt.Errorf("migrate: lock: %w", err)
			}
		}
		if _, err := tx.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			applied_at BIGINT NOT NULL
		)`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		rows, err := tx.query(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		var have int
		if err := scanAll(rows, func() error { return rows.Scan(&have) }); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		// A newer bot may have migrated further: versions only add, so
		// this one runs on such a schema as it is.
		for v := have + 1; v < len(migrations); v++ {
			for _, stmt := range migrations[v] {
				if _, err := tx.exec(ctx, stmt); err != nil {
					return fmt.Errorf("migrate to version %d: %w", v, err)
				}
			}
			if _, err := tx.exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, v, ms(s.now())); err != nil {
				return fmt.Errorf("migrate to version %d: %w", v, err)
			}
		}
		return nil
	})
}
