//go:build !unix

package main

import (
	"context"
	"time"
)

// lockIndex is a no-op where flock is not available.
func lockIndex(context.Context, string, time.Duration) (func(), error) { return func() {}, nil }
