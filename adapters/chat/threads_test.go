package chat

import (
	"strconv"
	"testing"
	"time"
)

func TestThreads(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	th := NewThreads(3, time.Hour)
	th.now = func() time.Time { return now }
	if th.Has("a") || th.Has("") {
		t.Fatal("an empty set knows a thread")
	}
	th.Add("")
	if th.Len() != 0 {
		t.Fatal("the empty key was kept")
	}
	for i := range 5 {
		th.Add(strconv.Itoa(i))
	}
	if th.Len() != 3 || th.Has("0") || th.Has("1") || !th.Has("2") || !th.Has("4") {
		t.Errorf("bounded to 3: len %d", th.Len())
	}
	// Answering again keeps a thread from being the one forgotten.
	th.Add("2")
	th.Add("5")
	if !th.Has("2") || th.Has("3") {
		t.Error("the thread answered again was forgotten first")
	}
	// A role noted for a thread stays when it is answered in again.
	th.AddAbout("5", "nurse")
	th.Add("5")
	th.AddAbout("5", "")
	if role, ok := th.About("5"); !ok || role != "nurse" {
		t.Errorf("About = %q, %v; want nurse, true", role, ok)
	}
	if role, ok := th.About("2"); !ok || role != "" {
		t.Errorf("About(2) = %q, %v; want no role", role, ok)
	}
	now = now.Add(time.Hour + time.Second)
	if th.Has("2") {
		t.Error("a thread quiet for longer than the ttl is still known")
	}
	th.Add("6")
	if th.Len() != 1 || !th.Has("6") {
		t.Errorf("expired threads not dropped: len %d", th.Len())
	}
}
