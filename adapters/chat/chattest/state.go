package chattest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/internal/metrics"
	"github.com/recruitbot/recruitbot/store"
)

// Scrape is m as Prometheus would read it.
func Scrape(t testing.TB, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	return rec.Body.String()
}

// OpenSQLite opens the store in the SQLite file at path until the test
// ends; several adapters, or processes, may open the same file.
func OpenSQLite(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// WantMetric fails the test unless m has the line, e.g.
// `recruitbot_replies_total{adapter="slack"} 3`.
func WantMetric(t testing.TB, m *metrics.Metrics, line string) {
	t.Helper()
	if out := Scrape(t, m); !strings.Contains(out, line) {
		t.Errorf("metrics lack %s", line)
	}
}

// WaitMetric waits until m has the line, failing the test after 10 s.
func WaitMetric(t testing.TB, m *metrics.Metrics, line string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(Scrape(t, m), line) {
		if time.Now().After(deadline) {
			t.Fatalf("metrics lack %s", line)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
