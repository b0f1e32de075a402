package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

func TestDeletingEveryRoleKeepsTheLastGoodLibrary(t *testing.T) {
	dir := copyDir(t, "testdata/roles")
	logs := &testkit.SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	l, lib, err := openLibrary(context.Background(), dir, "", log)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	b := bot.New(lib, log)
	before := len(b.Library().Roles)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); l.watch(ctx, b) }()
	defer func() { cancel(); <-done }()

	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Remove(filepath.Join(dir, e.Name()))
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "corpus reload found no role") {
		if time.Now().After(deadline) {
			t.Fatalf("the empty folder was not reported:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(b.Library().Roles); n != before || n == 0 {
		t.Errorf("%d roles after every file was deleted, want the last good %d", n, before)
	}
}
