package discord

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/adapters/discord/discordtest"
	"github.com/recruitbot/recruitbot/bot"
)

const threadID = "200000000000000010" // a public thread under channelID

// inChannel is guildMessage posted in channel ch.
func inChannel(ch, id, content string, mentioned bool) map[string]any {
	m := guildMessage(id, content, mentioned)
	m["channel_id"] = ch
	return m
}

// shown is the text of a reply's embeds: descriptions, field names and
// values.
func shown(s sent) string {
	var out []string
	for _, e := range s.Embeds {
		out = append(out, e.Description)
		for _, f := range e.Fields {
			out = append(out, f.Name, f.Value)
		}
	}
	return strings.Join(out, "\n")
}

// questions records the questions asked of the bot.
type questions struct {
	bot.Responder
	mu  sync.Mutex
	all []bot.Question
}

func (r *questions) Answer(ctx context.Context, q bot.Question) bot.Answer {
	r.mu.Lock()
	r.all = append(r.all, q)
	r.mu.Unlock()
	return r.Responder.Answer(ctx, q)
}

func (r *questions) last() bot.Question {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.all) == 0 {
		return bot.Question{}
	}
	return r.all[len(r.all)-1]
}

func TestThreadFollowUpWithoutMention(t *testing.T) {
	asked := &questions{Responder: testBot}
	h := start(t, Config{Channels: map[string]string{channelID: otRole}}, asked, func(_ *Adapter, s *discordtest.Server) {
		s.Threads = map[string]bool{threadID: true}
	})
	threadPath := "/api/v9/channels/" + threadID + "/messages"

	h.Dispatch("MESSAGE_CREATE", inChannel(threadID, newID(), mention+" list the essential communication criteria", true))
	first := decode(t, h.WaitCalls(1, "POST", threadPath, http.StatusOK)[0])
	if text := shown(first); !strings.Contains(text, "Communication · Essential") {
		t.Fatalf("first answer:\n%s", text)
	}
	followUp := newID()
	h.Dispatch("MESSAGE_CREATE", inChannel(threadID, followUp, "and the desirable ones?", false))
	p := decode(t, h.WaitCalls(2, "POST", threadPath, http.StatusOK)[1])
	if p.Ref == nil || p.Ref.MessageID != followUp {
		t.Errorf("reply refers to %+v, want the follow-up %s", p.Ref, followUp)
	}
	if text := shown(p); !strings.Contains(text, "Communication · Desirable") || strings.Contains(text, "Essential") {
		t.Errorf("follow-up does not list the desirable communication criteria:\n%s", text)
	}

	// A mention in a text channel makes it no thread: what follows there
	// unaddressed stays unanswered, as in a channel the bot never spoke in.
	hcpc := newID()
	h.Dispatch("MESSAGE_CREATE", guildMessage(hcpc, mention+" Do I need HCPC registration?", true))
	h.WaitCalls(1, "POST", messagesPath, http.StatusOK)
	// The adapter learns its answer's id from the response; a person
	// starts a thread on it only once it shows.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(h.logs.String(), "message_id="+hcpc+" intent="); {
		if time.Now().After(deadline) {
			t.Fatal("the answer to the mention was not logged")
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.Dispatch("MESSAGE_CREATE", guildMessage(newID(), "and the desirable ones?", false))
	h.Dispatch("MESSAGE_CREATE", inChannel("200000000000000011", newID(), "and the desirable ones?", false))
	own := inChannel(threadID, newID(), "Here is what I found", false)
	own["author"] = map[string]any{"id": discordtest.UserID, "username": "recruitbot", "bot": true}
	h.Dispatch("MESSAGE_CREATE", own)

	// A thread started on the bot's answer has the answer's id, and is
	// about the answer's role though no channel maps it.
	h.Lock()
	answer := h.Posted[len(h.Posted)-1]
	h.Unlock()
	h.Dispatch("MESSAGE_CREATE", inChannel(answer, newID(), "Do I need HCPC registration?", false))
	inStarted := decode(t, h.WaitCalls(1, "POST", "/api/v9/channels/"+answer+"/messages", http.StatusOK)[0])
	if len(inStarted.Embeds) == 0 || inStarted.Embeds[0].Title != roleTitle || !strings.Contains(shown(inStarted), hcpcQuote) {
		t.Errorf("in the thread started on the answer:\n%s", shown(inStarted))
	}
	// The built-in corpus has one role, so the answer alone cannot show
	// the hint: the question asked can.
	if q := asked.last(); q.RoleID != otRole || q.Conversation != "discord:"+answer {
		t.Errorf("asked %+v, want role %s in conversation discord:%s", q, otRole, answer)
	}

	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	var where []string
	for _, r := range h.Calls("POST", "/api/v9/channels/*", 0) {
		where = append(where, strings.TrimSuffix(strings.TrimPrefix(r.Path, "/api/v9/channels/"), "/messages"))
	}
	if want := []string{threadID, threadID, channelID, answer}; !slices.Equal(where, want) {
		t.Errorf("replied in %v, want %v", where, want)
	}
	if n := len(h.Calls("GET", "/api/v9/channels/"+threadID, 0)); n != 1 {
		t.Errorf("the thread was looked up %d times, want once", n)
	}
	if logs := h.logs.String(); strings.Contains(logs, "desirable") {
		t.Errorf("message text in the log:\n%s", logs)
	}
}
