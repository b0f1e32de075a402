// Package storetest gives tests a database of their own on the PostgreSQL
// server that RECRUITBOT_TEST_POSTGRES names (.ci/run starts one).
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the PostgreSQL server for tests; EnvCI, set by .ci/run,
// makes its absence a failure instead of a skip.
const (
	EnvURL = "RECRUITBOT_TEST_POSTGRES"
	EnvCI  = "RECRUITBOT_CI"
)

// PostgresURL returns the URL of a fresh, empty schema on the test server,
// dropped when t ends. Without a server it skips t, or fails it in CI.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		if os.Getenv(EnvCI) != "" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests (see .ci/postgres)", EnvURL)
		}
		t.Skipf("no PostgreSQL: set %s=postgres://user@127.0.0.1:5432/db, or run bash .ci/run, which starts one", EnvURL)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvURL, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("PostgreSQL at %s: %v", u.Redacted(), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema) // pgx passes it to the server as a run-time parameter
	u.RawQuery = q.Encode()
	return u.String()
}
