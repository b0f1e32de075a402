package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// conn is what the store needs of a database; the SQL is the same for
// both (PostgreSQL's, which SQLite also understands: $1 parameters,
// INSERT … ON CONFLICT, BIGINT milliseconds for times, INTEGER for flags).
type conn interface {
	exec(ctx context.Context, sql string, args ...any) (rowsAffected int64, err error)
	query(ctx context.Context, sql string, args ...any) (rows, error)
	// tx runs f in a transaction, committed if f returns nil.
	tx(ctx context.Context, f func(conn) error) error
	close() error
}

type rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// scanAll calls f for each row, then closes rows.
func scanAll(r rows, f func() error) error {
	defer r.Close()
	for r.Next() {
		if err := f(); err != nil {
			return err
		}
	}
	return r.Err()
}

// OpenSQLite opens (creating if need be) the SQLite database at path and
// brings its schema up to date.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// WAL lets readers and a writer work at once; busy_timeout makes a
	// second process wait for the write lock instead of failing; immediate
	// transactions take that lock up front, so a claim never has to
	// upgrade a read lock (which SQLite refuses rather than waits for).
	// synchronous=NORMAL is durable across a crash of the bot in WAL mode;
	// only a power cut can lose the last commits.
	q := url.Values{}
	q.Add("_txlock", "immediate")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// One writer at a time is all SQLite allows; a small pool keeps
	// readers from queueing behind it.
	db.SetMaxOpenConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	s := &Store{db: sqliteDB{db}, backend: "sqlite", now: time.Now, opened: time.Now()}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	return s, nil
}

// OpenPostgres connects to the PostgreSQL database at url (a
// postgres://… URL or key=value string, as DATABASE_URL holds) and brings
// its schema up to date.
func OpenPostgres(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	// A commit returns before its WAL reaches the disk, as SQLite's
	// synchronous=NORMAL does: a crash of the bot loses nothing, a crash
	// of the database server can lose the last fraction of a second of
	// claims (a retry then answered twice). Waiting for the disk would cost
	// every answer milliseconds. The URL can ask for synchronous_commit=on.
	if _, set := cfg.ConnConfig.RuntimeParams["synchronous_commit"]; !set {
		cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	s := &Store{db: pgDB{pool}, backend: "postgres", now: time.Now, opened: time.Now()}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	return s, nil
}

// Open opens PostgreSQL when databaseURL is set, else the SQLite file
// recruitbot.db in dataDir.
func Open(ctx context.Context, dataDir, databaseURL string) (*Store, error) {
	if databaseURL != "" {
		return OpenPostgres(ctx, databaseURL)
	}
	return OpenSQLite(ctx, filepath.Join(dataDir, "recruitbot.db"))
}

// DefaultDir is where the SQLite file lives when no --data is given: a
// recruitbot folder in $XDG_STATE_HOME, else ~/.local/state, else the
// user's configuration directory.
func DefaultDir(getenv func(string) string) string {
	if d := getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "recruitbot")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "state", "recruitbot")
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "recruitbot")
	}
	return "recruitbot-data"
}

type sqliteDB struct{ db *sql.DB }

func (d sqliteDB) exec(ctx context.Context, q string, args ...any) (int64, error) {
	return execSQL(ctx, d.db, q, args...)
}

func (d sqliteDB) query(ctx context.Context, q string, args ...any) (rows, error) {
	return querySQL(ctx, d.db, q, args...)
}

func (d sqliteDB) tx(ctx context.Context, f func(conn) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(sqliteTx{tx}); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

func (d sqliteDB) close() error { return d.db.Close() }

type sqliteTx struct{ t *sql.Tx }

func (t sqliteTx) exec(ctx context.Context, q string, args ...any) (int64, error) {
	return execSQL(ctx, t.t, q, args...)
}

func (t sqliteTx) query(ctx context.Context, q string, args ...any) (rows, error) {
	return querySQL(ctx, t.t, q, args...)
}

func (t sqliteTx) tx(ctx context.Context, f func(conn) error) error { return f(t) }

func (t sqliteTx) close() error { return nil }

type execQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func execSQL(ctx context.Context, db execQuerier, q string, args ...any) (int64, error) {
	res, err := db.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func querySQL(ctx context.Context, db execQuerier, q string, args ...any) (rows, error) {
	r, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{r}, nil
}

// sqlRows makes *sql.Rows close like pgx.Rows.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

type pgDB struct{ pool *pgxpool.Pool }

type pgExecQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func execPG(ctx context.Context, db pgExecQuerier, q string, args ...any) (int64, error) {
	tag, err := db.Exec(ctx, q, args...)
	return tag.RowsAffected(), err
}

func queryPG(ctx context.Context, db pgExecQuerier, q string, args ...any) (rows, error) {
	return db.Query(ctx, q, args...)
}

func (d pgDB) exec(ctx context.Context, q string, args ...any) (int64, error) {
	return execPG(ctx, d.pool, q, args...)
}

func (d pgDB) query(ctx context.Context, q string, args ...any) (rows, error) {
	return queryPG(ctx, d.pool, q, args...)
}

func (d pgDB) tx(ctx context.Context, f func(conn) error) error {
	return pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error { return f(pgTx{tx}) })
}

func (d pgDB) close() error {
	d.pool.Close()
	return nil
}

type pgTx struct{ t pgx.Tx }

func (t pgTx) exec(ctx context.Context, q string, args ...any) (int64, error) {
	return execPG(ctx, t.t, q, args...)
}

func (t pgTx) query(ctx context.Context, q string, args ...any) (rows, error) {
	return queryPG(ctx, t.t, q, args...)
}

func (t pgTx) tx(ctx context.Context, f func(conn) error) error { return f(t) }

func (t pgTx) close() error { return nil }
