package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
	"github.com/recruitbot/recruitbot/adapters/discord/discordtest"
	"github.com/recruitbot/recruitbot/store"
)

func claimWith(c chat.Claims) func(*Adapter, *discordtest.Server) {
	return func(a *Adapter, _ *discordtest.Server) {
		a.ClaimWith(c)
		if in, ok := c.(chat.Inbox); ok {
			a.KeepInbox(in, store.InboxMaxAge)
		}
	}
}

// repliesTo counts the replies to message id among the posts to messagesPath.
func repliesTo(t testing.TB, s *discordtest.Server, id string) int {
	n := 0
	for _, r := range s.Calls("POST", messagesPath, http.StatusOK) {
		if ref := decode(t, r).Ref; ref != nil && ref.MessageID == id {
			n++
		}
	}
	return n
}

// TestReplayAfterRestartAnsweredOnce: a message answered before a restart
// and delivered again after it, to a process sharing only the SQLite file,
// is not answered again.
func TestReplayAfterRestartAnsweredOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recruitbot.db")
	id := newID()
	msg := guildMessage(id, mention+" Do I need HCPC registration?", true)

	first := chattest.OpenSQLite(t, path)
	h := start(t, Config{}, testBot, claimWith(first))
	h.Dispatch("MESSAGE_CREATE", msg)
	h.WaitCalls(1, "POST", messagesPath, http.StatusOK)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	first.Close()

	h = start(t, Config{}, testBot, claimWith(chattest.OpenSQLite(t, path)))
	h.Dispatch("MESSAGE_CREATE", msg)
	// Events are handled in order: once the next message is answered, the
	// replay has been decided.
	next := newID()
	h.Dispatch("MESSAGE_CREATE", guildMessage(next, mention+" What does duty 7 say?", true))
	h.WaitCalls(1, "POST", messagesPath, http.StatusOK)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	if n, m := repliesTo(t, h.Server, id), repliesTo(t, h.Server, next); n != 0 || m != 1 {
		t.Errorf("after the restart: %d replies to the replayed message (want 0), %d to the new one (want 1)", n, m)
	}
}

// TestReplicasAnswerOnce: two processes sharing one store both receive a
// message; one answers it.
func TestReplicasAnswerOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recruitbot.db")
	h1 := start(t, Config{}, testBot, claimWith(chattest.OpenSQLite(t, path)))
	h2 := start(t, Config{}, testBot, claimWith(chattest.OpenSQLite(t, path)))
	id := newID()
	msg := guildMessage(id, mention+" Do I need HCPC registration?", true)
	h1.Dispatch("MESSAGE_CREATE", msg)
	h2.Dispatch("MESSAGE_CREATE", msg)
	// Events are handled in order: once a replica has answered a second
	// message, it has decided the first.
	for _, h := range []*harness{h1, h2} {
		next := newID()
		h.Dispatch("MESSAGE_CREATE", guildMessage(next, mention+" What does duty 7 say?", true))
		h.WaitFor("the reply to "+next, func() bool {
			for _, r := range h.CallsLocked("POST", messagesPath, http.StatusOK) {
				if ref := decode(t, r).Ref; ref != nil && ref.MessageID == next {
					return true
				}
			}
			return false
		})
	}
	total := 0
	for _, h := range []*harness{h1, h2} {
		if err := h.stop(); err != nil {
			t.Fatal(err)
		}
		total += len(h.Calls("POST", messagesPath, http.StatusOK))
	}
	if n := repliesTo(t, h1.Server, id) + repliesTo(t, h2.Server, id); n != 1 || total != 3 {
		t.Errorf("%d replies to the shared message (want 1), %d replies in all (want 3)", n, total)
	}
}

// TestAbandonedMessageAnsweredAfterRestart: a process received a message,
// claimed it and kept it in the inbox, then died before answering (Discord
// will not deliver it again). Two replicas starting together answer it
// once, and empty the inbox.
func TestAbandonedMessageAnsweredAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recruitbot.db")
	ctx := context.Background()
	id := newID()
	raw, err := json.Marshal(guildMessage(id, mention+" Do I need HCPC registration?", true))
	if err != nil {
		t.Fatal(err)
	}
	dead := chattest.OpenSQLite(t, path)
	if ok, err := dead.Claim(ctx, []string{"discord:message:" + id}, chat.ClaimTTL); !ok || err != nil {
		t.Fatal(ok, err)
	}
	err = dead.Enqueue(ctx, store.Event{ID: "discord:" + id, Adapter: "discord", Channel: channelID, Thread: id,
		Text: string(raw), ReceivedAt: time.Now().Add(-store.InboxLease - time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	dead.Close()

	st := chattest.OpenSQLite(t, path)
	h1 := start(t, Config{}, testBot, claimWith(st))
	h2 := start(t, Config{}, testBot, claimWith(chattest.OpenSQLite(t, path)))
	deadline := time.Now().Add(15 * time.Second)
	for repliesTo(t, h1.Server, id)+repliesTo(t, h2.Server, id) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the abandoned message was not answered")
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, h := range []*harness{h1, h2} {
		if err := h.stop(); err != nil {
			t.Fatal(err)
		}
	}
	if n := repliesTo(t, h1.Server, id) + repliesTo(t, h2.Server, id); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
	if left, err := st.Pending(ctx, time.Hour); err != nil || len(left) != 0 {
		t.Errorf("inbox after the replay: %+v, %v; want it empty", left, err)
	}
}
