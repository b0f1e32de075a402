package retry

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestDelayDoublesWithJitterUpToMax(t *testing.T) {
	b := Backoff{Base: 100 * time.Millisecond, Max: time.Second}
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 5: time.Second, 50: time.Second} {
		for range 100 {
			if d := b.Delay(n); d < want/2 || d > want {
				t.Fatalf("Delay(%d) = %v, want within [%v, %v]", n, d, want/2, want)
			}
		}
	}
}

func TestWaitGivesUpAtOnceWhenTheDeadlineIsNearer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := (Backoff{}).Wait(ctx, time.Hour); !errors.Is(err, ErrNoTime) {
		t.Errorf("Wait = %v, want ErrNoTime", err)
	}
	// Scaled, an hour is 36 ms.
	if err := (Backoff{Scale: 1e-5}).Wait(ctx, time.Hour); err != nil {
		t.Errorf("scaled Wait = %v", err)
	}
	cancel()
	if err := (Backoff{}).Wait(ctx, time.Millisecond); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait after cancel = %v", err)
	}
}
