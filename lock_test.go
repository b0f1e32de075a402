//go:build unix

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestIndexFolderInUseFailsWithAClearError(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockIndex(context.Background(), dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	old := indexLockWait
	indexLockWait = 100 * time.Millisecond
	defer func() { indexLockWait = old }()

	_, stderr, code := runMain(t, "", "--index", dir, "ask", "hi")
	if code != exitFailed || !strings.Contains(stderr, dir) || !strings.Contains(stderr, "in use by another recruitbot process") {
		t.Errorf("exit %d, %q; want 1 and the folder named", code, stderr)
	}

	// A signal while waiting ends the wait at once.
	indexLockWait = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"--index", dir, "ask", "hi"}, strings.NewReader(""), &bytes.Buffer{}, &errb, noEnv)
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		if code != exitFailed {
			t.Errorf("exit %d after the signal", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the signal did not end the wait for the index folder")
	}

	unlock()
	if _, stderr, code := runMain(t, "", "--index", dir, "ask", "hi"); code != 0 {
		t.Errorf("once free: exit %d %q", code, stderr)
	}
}
