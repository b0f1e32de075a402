package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/goleak"

	"github.com/recruitbot/recruitbot/adapters/discord/discordtest"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/index"
	"github.com/recruitbot/recruitbot/internal/retry"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

// testBot is the real bot over the default corpus, built once: the index
// takes longer to build than most tests take to run.
var testBot *bot.Bot

func TestMain(m *testing.M) {
	lib, closeLib, err := testkit.Library(nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpus and index:", err)
		os.Exit(1)
	}
	testBot = bot.New(lib, nil)
	code := m.Run()
	closeLib()
	os.Exit(code)
}

const (
	guildID       = "200000000000000001"
	channelID     = "200000000000000002"
	dmChannelID   = "200000000000000003"
	askerID       = "200000000000000004"
	recruiterRole = "200000000000000005"
	otRole        = "primary-care-occupational-therapist"
	hcpcQuote     = "Health & Care Professions Council (HCPC) registration"
	messagesPath  = "/api/v9/channels/" + channelID + "/messages"
	mention       = "<@" + discordtest.UserID + ">"
)

var lastID atomic.Int64

func newID() string { return strconv.FormatInt(500000000000000000+lastID.Add(1), 10) }

// harness is the adapter running against a stand-in.
type harness struct {
	*discordtest.Server
	logs *testkit.SyncBuffer
	stop func() error // cancels Run and returns what it returned
}

// start runs an adapter with cfg against a new stand-in, waits until /role
// is registered, and stops it when the test ends. Goroutines still running
// then, other than those from before, fail the test.
func start(t testing.TB, cfg Config, r bot.Responder, opts ...func(*Adapter, *discordtest.Server)) *harness {
	t.Helper()
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
	s := discordtest.New(t)
	cfg.Token = "test-token"
	cfg.APIURL = s.URL()
	logs := &testkit.SyncBuffer{}
	a, err := New(cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	a.backoff = retry.Backoff{Scale: 0.01}
	for _, o := range opts {
		o(a, s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, r) }()
	var once sync.Once
	var runErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(30 * time.Second):
				runErr = errors.New("Run did not return within 30s of the context ending")
			}
		})
		return runErr
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
		if t.Failed() {
			t.Logf("adapter log:\n%s", logs)
		}
	})
	s.WaitCalls(max(1, len(cfg.GuildIDs)), "PUT", "/api/v9/applications/"+discordtest.AppID+"/*", http.StatusOK)
	return &harness{Server: s, logs: logs, stop: stop}
}

func guildMessage(id, content string, mentioned bool) map[string]any {
	m := map[string]any{
		"id": id, "channel_id": channelID, "guild_id": guildID, "type": 0, "content": content,
		"timestamp": "2025-01-06T09:00:00.000000+00:00",
		"author":    map[string]any{"id": askerID, "username": "applicant", "discriminator": "0"},
		"member":    map[string]any{"roles": []string{}},
		"mentions":  []any{},
	}
	if mentioned {
		m["mentions"] = []any{map[string]any{"id": discordtest.UserID, "username": "recruitbot", "bot": true}}
	}
	return m
}

func commandInteraction(id, sub string, options []map[string]any, memberRoles []string) map[string]any {
	i := map[string]any{
		"id": id, "application_id": discordtest.AppID, "type": 2, "token": "token-" + id, "version": 1,
		"guild_id": guildID, "channel_id": channelID, "locale": "en-GB",
		"data": map[string]any{"id": "300000000000000001", "name": "role", "type": 1,
			"options": []map[string]any{{"name": sub, "type": 1, "options": options}}},
	}
	user := map[string]any{"id": askerID, "username": "applicant", "discriminator": "0"}
	if memberRoles == nil {
		i["user"] = user // a DM
		delete(i, "guild_id")
	} else {
		i["member"] = map[string]any{"user": user, "roles": memberRoles, "joined_at": "2024-01-01T00:00:00Z"}
	}
	return i
}

// sent is a message body as the adapter posted it.
type sent struct {
	Type    int // interaction callbacks only
	Content string
	Flags   int
	Embeds  []*discordgo.MessageEmbed
	Mention *struct {
		Parse       []string `json:"parse"`
		RepliedUser bool     `json:"replied_user"`
	} `json:"allowed_mentions"`
	Ref *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
}

func decode(t testing.TB, r discordtest.Request) sent {
	t.Helper()
	var s sent
	if err := json.Unmarshal(r.Body, &s); err != nil {
		t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	return s
}

// callback decodes an interaction callback: {"type": ..., "data": {...}}.
func callback(t testing.TB, r discordtest.Request) sent {
	t.Helper()
	var c struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(r.Body, &c); err != nil {
		t.Fatal(err)
	}
	s := decode(t, discordtest.Request{Body: c.Data})
	s.Type = c.Type
	return s
}

// checkNoMentions fails unless the message lets Discord parse no mention.
func checkNoMentions(t testing.TB, s sent) {
	t.Helper()
	if s.Mention == nil || s.Mention.Parse == nil || len(s.Mention.Parse) != 0 || s.Mention.RepliedUser {
		t.Errorf("allowed_mentions = %+v, want parse [] and replied_user false", s.Mention)
	}
}

func fieldsOf(s sent) []*discordgo.MessageEmbedField {
	return allFields([]message{{Embeds: s.Embeds}})
}

func TestRegistersRoleGlobally(t *testing.T) {
	h := start(t, Config{}, testBot)
	puts := h.Calls("PUT", "/api/v9/applications/*", 0)
	if len(puts) != 1 || puts[0].Path != "/api/v9/applications/"+discordtest.AppID+"/commands" {
		t.Fatalf("registrations = %v, want one global bulk overwrite", paths(puts))
	}
	if puts[0].Auth != "Bot test-token" {
		t.Errorf("Authorization = %q", puts[0].Auth)
	}
	var cmds []discordgo.ApplicationCommand
	if err := json.Unmarshal(puts[0].Body, &cmds); err != nil {
		t.Fatal(err)
	}
	if len(cmds) != 1 || cmds[0].Name != "role" || len(cmds[0].Options) != 8 || cmds[0].Contexts == nil {
		t.Errorf("registered %+v, want /role with 7 subcommands, usable in DMs", cmds)
	}

	var identify struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
	}
	h.Lock()
	err := json.Unmarshal(h.Conns[0].Identify, &identify)
	h.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	want := int(discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentsMessageContent)
	if identify.Token != "Bot test-token" || identify.Intents != want {
		t.Errorf("identify = %+v, want the bot token and intents %d", identify, want)
	}
}

func TestRegistersRolePerGuild(t *testing.T) {
	guilds := []string{"400000000000000001", "400000000000000002"}
	h := start(t, Config{GuildIDs: guilds}, testBot)
	puts := h.Calls("PUT", "/api/v9/applications/*", 0)
	want := []string{
		"/api/v9/applications/" + discordtest.AppID + "/guilds/" + guilds[0] + "/commands",
		"/api/v9/applications/" + discordtest.AppID + "/guilds/" + guilds[1] + "/commands",
	}
	if !slices.Equal(paths(puts), want) {
		t.Errorf("registrations = %v, want %v", paths(puts), want)
	}
	var cmds []discordgo.ApplicationCommand
	if err := json.Unmarshal(puts[1].Body, &cmds); err != nil || len(cmds) != 1 || cmds[0].Name != "role" {
		t.Errorf("registered %+v (%v)", cmds, err)
	}
}

func paths(rs []discordtest.Request) []string {
	var ps []string
	for _, r := range rs {
		ps = append(ps, r.Path)
	}
	return ps
}

func TestMentionGetsACitedReply(t *testing.T) {
	h := start(t, Config{Channels: map[string]string{channelID: otRole}}, testBot)
	id := newID()
	h.Dispatch("MESSAGE_CREATE", guildMessage(id, mention+" Do I need HCPC registration?", true))
	post := decode(t, h.WaitCalls(1, "POST", messagesPath, http.StatusOK)[0])

	if post.Ref == nil || post.Ref.MessageID != id {
		t.Errorf("message_reference = %+v, want the mention %s", post.Ref, id)
	}
	checkNoMentions(t, post)
	fields := fieldsOf(post)
	if len(fields) == 0 || fields[0].Name != "Qualifications · Essential" || !strings.Contains(fields[0].Value, hcpcQuote) {
		t.Fatalf("fields = %+v, want the HCPC criterion first", fields)
	}
	if post.Embeds[0].Title != roleTitle || post.Embeds[0].Description == "" {
		t.Errorf("embed = %q / %q", post.Embeds[0].Title, post.Embeds[0].Description)
	}
	checkLimits(t, []message{{Content: post.Content, Embeds: post.Embeds}})

	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	logs := h.logs.String()
	if strings.Contains(logs, "HCPC") {
		t.Errorf("the log holds what the user wrote:\n%s", logs)
	}
	if !strings.Contains(logs, "message_id="+id) {
		t.Errorf("the log does not name the message answered:\n%s", logs)
	}
}

func TestAnswersOnlyWhatIsAddressedToIt(t *testing.T) {
	h := start(t, Config{}, testBot)
	fromBot := guildMessage(newID(), mention+" Do I need HCPC registration?", true)
	fromBot["author"] = map[string]any{"id": "600000000000000001", "username": "otherbot", "bot": true}
	own := guildMessage(newID(), "Do I need HCPC registration? "+mention, true)
	own["author"] = map[string]any{"id": discordtest.UserID, "username": "recruitbot", "bot": true}
	join := guildMessage(newID(), "", true)
	join["type"] = 7
	h.Dispatch("MESSAGE_CREATE", fromBot)
	h.Dispatch("MESSAGE_CREATE", own)
	h.Dispatch("MESSAGE_CREATE", join)
	h.Dispatch("MESSAGE_CREATE", guildMessage(newID(), "Do I need HCPC registration?", false))

	// Delivered twice, answered once.
	twice := newID()
	h.Dispatch("MESSAGE_CREATE", guildMessage(twice, mention+" What does duty 12 say?", true))
	h.Dispatch("MESSAGE_CREATE", guildMessage(twice, mention+" What does duty 12 say?", true))
	// Mentioned by the raw syntax only, and with nothing to ask: a reply all the same.
	bare := newID()
	h.Dispatch("MESSAGE_CREATE", guildMessage(bare, "<@!"+discordtest.UserID+">", false))

	h.WaitCalls(2, "POST", messagesPath, http.StatusOK)
	if err := h.stop(); err != nil { // lets any stray reply land
		t.Fatal(err)
	}
	var refs []string
	for _, r := range h.Calls("POST", messagesPath, 0) {
		s := decode(t, r)
		refs = append(refs, s.Ref.MessageID)
		if s.Ref.MessageID == bare && (len(s.Embeds) == 0 || s.Embeds[0].Description == "") {
			t.Errorf("an empty mention got an empty reply: %+v", s)
		}
	}
	slices.Sort(refs)
	if want := []string{twice, bare}; !slices.Equal(refs, want) {
		t.Errorf("replied to %v, want only %v", refs, want)
	}
}

func TestDirectMessageGetsAReply(t *testing.T) {
	h := start(t, Config{}, testBot)
	id := newID()
	dm := guildMessage(id, "What does duty 12 say?", false)
	delete(dm, "guild_id")
	delete(dm, "member")
	dm["channel_id"] = dmChannelID
	h.Dispatch("MESSAGE_CREATE", dm)
	post := decode(t, h.WaitCalls(1, "POST", "/api/v9/channels/"+dmChannelID+"/messages", http.StatusOK)[0])
	checkNoMentions(t, post)
	fields := fieldsOf(post)
	if post.Ref == nil || post.Ref.MessageID != id || len(fields) == 0 || fields[0].Name != "Key duty 12" {
		t.Errorf("DM reply = ref %+v, fields %+v; want a reply citing Key duty 12", post.Ref, fields)
	}
}

func TestSlashAskIsDeferredThenEdited(t *testing.T) {
	h := start(t, Config{}, testBot)
	id := newID()
	h.Dispatch("INTERACTION_CREATE", commandInteraction(id, "ask",
		[]map[string]any{{"name": "question", "type": 3, "value": "Do I need HCPC registration?"}}, []string{}))
	edit := h.WaitCalls(1, "PATCH", "/api/v9/webhooks/"+discordtest.AppID+"/token-"+id+"/messages/@original", http.StatusOK)[0]
	cbs := h.Calls("POST", "/api/v9/interactions/"+id+"/token-"+id+"/callback", http.StatusNoContent)
	if len(cbs) != 1 || !cbs[0].At.Before(edit.At) {
		t.Fatalf("want one callback before the edit, got %d", len(cbs))
	}
	cb := callback(t, cbs[0])
	if cb.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || cb.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Errorf("callback = type %d flags %d, want a deferred ephemeral response", cb.Type, cb.Flags)
	}
	checkNoMentions(t, cb)
	e := decode(t, edit)
	checkNoMentions(t, e)
	fields := fieldsOf(e)
	if len(fields) == 0 || fields[0].Name != "Qualifications · Essential" || !strings.Contains(fields[0].Value, hcpcQuote) {
		t.Errorf("edited answer fields = %+v", fields)
	}
	if n := len(h.Calls("POST", "/api/v9/webhooks/*", 0)); n != 0 {
		t.Errorf("%d follow-ups for a short answer", n)
	}
}

func TestSlashSummaryIsRefusedWithoutTheRecruiterRole(t *testing.T) {
	h := start(t, Config{RecruiterRoles: []string{recruiterRole}}, testBot)
	id := newID()
	h.Dispatch("INTERACTION_CREATE", commandInteraction(id, "summary", nil, []string{"700000000000000001"}))
	cb := callback(t, h.WaitCalls(1, "POST", "/api/v9/interactions/"+id+"/*", http.StatusNoContent)[0])
	if cb.Type != int(discordgo.InteractionResponseChannelMessageWithSource) || cb.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(cb.Content, "Only recruiters") {
		t.Errorf("refusal = %+v, want an ephemeral message saying why", cb)
	}
	checkNoMentions(t, cb)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	if n := len(h.Calls("PATCH", "/api/v9/webhooks/*", 0)) + len(h.Calls("POST", "/api/v9/webhooks/*", 0)); n != 0 {
		t.Errorf("the summary was posted anyway (%d messages)", n)
	}
}

func TestSlashSummaryIsPublicForARecruiter(t *testing.T) {
	h := start(t, Config{RecruiterRoles: []string{recruiterRole}, Channels: map[string]string{channelID: otRole}}, testBot)
	id := newID()
	h.Dispatch("INTERACTION_CREATE", commandInteraction(id, "summary", nil, []string{"700000000000000001", recruiterRole}))
	edit := decode(t, h.WaitCalls(1, "PATCH", "/api/v9/webhooks/"+discordtest.AppID+"/token-"+id+"/messages/@original", http.StatusOK)[0])
	cb := callback(t, h.Calls("POST", "/api/v9/interactions/"+id+"/*", 0)[0])
	if cb.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || cb.Flags != 0 {
		t.Errorf("callback = type %d flags %d, want a deferred public response", cb.Type, cb.Flags)
	}
	checkNoMentions(t, edit)
	if len(edit.Embeds) == 0 || edit.Embeds[0].Title != roleTitle {
		t.Fatalf("summary embeds = %+v, want a posting titled %q", edit.Embeds, roleTitle)
	}
	names := []string{}
	for _, f := range fieldsOf(edit) {
		names = append(names, f.Name)
	}
	if !slices.Contains(names, "Qualifications · Essential") {
		t.Errorf("posting fields = %v, want the essential qualifications", names)
	}
}

func TestSlashSummaryInADirectMessageIsPrivate(t *testing.T) {
	h := start(t, Config{RecruiterRoles: []string{recruiterRole}}, testBot)
	id := newID()
	h.Dispatch("INTERACTION_CREATE", commandInteraction(id, "summary", nil, nil))
	edit := decode(t, h.WaitCalls(1, "PATCH", "/api/v9/webhooks/*", http.StatusOK)[0])
	cb := callback(t, h.Calls("POST", "/api/v9/interactions/"+id+"/*", 0)[0])
	if cb.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || cb.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Errorf("callback = type %d flags %d, want deferred and private", cb.Type, cb.Flags)
	}
	if len(edit.Embeds) == 0 || edit.Embeds[0].Title != roleTitle {
		t.Errorf("summary = %+v", edit.Embeds)
	}
}

// longDutyBot is the real bot over the default role with every duty
// written out twice: long enough that quoting the duties takes more than
// one Discord message, which no answer from the default corpus does.
func longDutyBot(t *testing.T) *bot.Bot {
	t.Helper()
	def := corpus.Default()
	names, err := fs.Glob(def, "*")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	duty := regexp.MustCompile(`(?m)^(\d+\. )(.+)$`)
	for _, name := range names {
		b, err := fs.ReadFile(def, name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".md") {
			b = duty.ReplaceAll(b, []byte("$1$2 In more detail: $2"))
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	c, err := corpus.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := index.Build(c, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return bot.New(bot.Library{Roles: c.Roles, Searcher: idx}, nil)
}

// checkSplitAnswer fails unless parts, all within Discord's limits, carry
// every citation of want, in order and whole.
func checkSplitAnswer(t *testing.T, parts []message, want bot.Answer) {
	t.Helper()
	if len(parts) < 2 {
		t.Fatalf("%d messages; the test needs an answer too long for one", len(parts))
	}
	checkLimits(t, parts)
	fields := allFields(parts)
	if len(fields) != len(want.Citations) {
		t.Fatalf("%d fields, want one per citation (%d)", len(fields), len(want.Citations))
	}
	for i, c := range want.Citations {
		if fields[i].Name != c.Label() || squeeze(fields[i].Value) != squeeze(escapeMarkdown(c.Text)) {
			t.Errorf("field %d = %q: %q, want %q: %q", i, fields[i].Name, fields[i].Value, c.Label(), c.Text)
		}
	}
}

func TestLongAnswerIsSplitAcrossMessages(t *testing.T) {
	const question = "What do duties 1 to 20 say?"
	b := longDutyBot(t)
	want := b.Answer(context.Background(), bot.Question{Text: question})
	h := start(t, Config{}, b)

	mentionID, cmdID := newID(), newID()
	h.Dispatch("MESSAGE_CREATE", guildMessage(mentionID, mention+" "+question, true))
	h.Dispatch("INTERACTION_CREATE", commandInteraction(cmdID, "ask",
		[]map[string]any{{"name": "question", "type": 3, "value": question}}, []string{}))
	h.WaitCalls(1, "POST", messagesPath, http.StatusOK)
	h.WaitCalls(1, "PATCH", "/api/v9/webhooks/*", http.StatusOK)
	if err := h.stop(); err != nil { // every part has been sent once Run returns
		t.Fatal(err)
	}

	t.Run("mention", func(t *testing.T) {
		var parts []message
		for _, r := range h.Calls("POST", messagesPath, 0) {
			s := decode(t, r)
			checkNoMentions(t, s)
			if s.Ref == nil || s.Ref.MessageID != mentionID {
				t.Errorf("part %d is not a reply to the mention", len(parts)+1)
			}
			parts = append(parts, message{Content: s.Content, Embeds: s.Embeds})
		}
		checkSplitAnswer(t, parts, want)
	})
	t.Run("command", func(t *testing.T) {
		var parts []message
		for _, r := range h.Calls("PATCH", "/api/v9/webhooks/"+discordtest.AppID+"/token-"+cmdID+"/messages/@original", 0) {
			s := decode(t, r)
			checkNoMentions(t, s)
			parts = append(parts, message{Content: s.Content, Embeds: s.Embeds})
		}
		for _, r := range h.Calls("POST", "/api/v9/webhooks/"+discordtest.AppID+"/token-"+cmdID, 0) {
			s := decode(t, r)
			checkNoMentions(t, s)
			if s.Flags != int(discordgo.MessageFlagsEphemeral) || r.Query != "wait=true" {
				t.Errorf("follow-up flags %d, query %q: want private like the answer", s.Flags, r.Query)
			}
			parts = append(parts, message{Content: s.Content, Embeds: s.Embeds})
		}
		checkSplitAnswer(t, parts, want)
	})
}

func TestResumesAfterReconnectAndDroppedConnection(t *testing.T) {
	h := start(t, Config{}, testBot)
	ask := func(n int) {
		t.Helper()
		id := newID()
		h.Dispatch("MESSAGE_CREATE", guildMessage(id, mention+" Do I need HCPC registration?", true))
		post := decode(t, h.WaitCalls(n, "POST", messagesPath, http.StatusOK)[n-1])
		if post.Ref.MessageID != id {
			t.Fatalf("reply %d is to %s, want %s", n, post.Ref.MessageID, id)
		}
	}
	resumed := func(n int, seq int64) {
		t.Helper()
		h.WaitFor("resume "+strconv.Itoa(n), func() bool { return len(h.Resumes) >= n && h.Live != nil && h.Seq > seq })
		h.Lock()
		r := h.Resumes[n-1]
		h.Unlock()
		if r.SessionID != discordtest.SessionID || r.Seq != seq || r.Token != "Bot test-token" {
			t.Errorf("resume %d = %+v, want session %s at seq %d", n, r, discordtest.SessionID, seq)
		}
	}

	ask(1)
	seq := h.LastSeq()
	h.SendOp(7) // Reconnect
	resumed(1, seq)
	ask(2)

	seq = h.LastSeq()
	h.Drop()
	resumed(2, seq)
	ask(3)

	h.Lock()
	conns := len(h.Conns)
	h.Unlock()
	if conns != 3 {
		t.Errorf("%d gateway connections, want 3: identify, then two resumes", conns)
	}
}

func TestStopWhileReconnectingDuringAnOutage(t *testing.T) {
	h := start(t, Config{}, testBot)
	h.Lock()
	h.Refuse = true
	h.Unlock()
	h.Drop()
	h.WaitFor("a reconnect attempt", func() bool { return h.Refused >= 1 })
	// Run must return promptly, leaving no reconnect loop behind (start
	// checks for leaked goroutines).
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.logs.String(), "could not reconnect") {
		t.Error("the failed reconnect was not logged")
	}
}

func TestRefusedEmbedsFallBackToPlainText(t *testing.T) {
	h := start(t, Config{}, testBot)
	h.Lock()
	h.NoEmbeds = true
	h.Unlock()
	id := newID()
	h.Dispatch("MESSAGE_CREATE", guildMessage(id, mention+" Do I need HCPC registration?", true))
	post := decode(t, h.WaitCalls(1, "POST", messagesPath, http.StatusOK)[0])
	if len(post.Embeds) != 0 || !strings.Contains(post.Content, "HCPC") || post.Ref == nil || post.Ref.MessageID != id {
		t.Errorf("fallback = %+v, want the answer as plain text in reply to the mention", post)
	}
	checkNoMentions(t, post)
	if n := len(h.Calls("POST", messagesPath, http.StatusForbidden)); n != 1 {
		t.Errorf("%d refused posts, want 1", n)
	}
}

func TestUndeliverableAnswerIsLoggedWithIDs(t *testing.T) {
	h := start(t, Config{}, testBot)
	id := newID()
	m := guildMessage(id, mention+" Do I need HCPC registration?", true)
	m["channel_id"] = discordtest.GoneChannelID
	h.Dispatch("MESSAGE_CREATE", m)
	h.WaitCalls(1, "POST", "/api/v9/channels/"+discordtest.GoneChannelID+"/messages", http.StatusNotFound)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	var line string
	for l := range strings.Lines(h.logs.String()) {
		if strings.Contains(l, "could not post the answer") {
			line = l
		}
	}
	for _, want := range []string{"level=ERROR", "guild_id=" + guildID, "channel_id=" + discordtest.GoneChannelID, "message_id=" + id, "Unknown Channel"} {
		if !strings.Contains(line, want) {
			t.Errorf("log line %q lacks %q", line, want)
		}
	}
	if strings.Contains(h.logs.String(), "HCPC") {
		t.Error("the log holds what the user wrote")
	}
}

func TestRateLimitIsWaitedOutAndTheReplyLandsOnce(t *testing.T) {
	const retryAfter = 0.2
	h := start(t, Config{}, testBot)
	h.RateLimit("POST "+messagesPath, retryAfter)
	id := newID()
	h.Dispatch("MESSAGE_CREATE", guildMessage(id, mention+" Do I need HCPC registration?", true))
	h.WaitCalls(1, "POST", messagesPath, http.StatusOK)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	posts := h.Calls("POST", messagesPath, 0)
	if len(posts) != 2 || posts[0].Status != http.StatusTooManyRequests || posts[1].Status != http.StatusOK {
		t.Fatalf("posts = %d, want a 429 then one success", len(posts))
	}
	if gap := posts[1].At.Sub(posts[0].At); gap < time.Duration(retryAfter*float64(time.Second)) {
		t.Errorf("retried after %v, before retry_after %vs", gap, retryAfter)
	}
	if !bytes.Equal(posts[0].Body, posts[1].Body) {
		t.Error("the retry is not the same reply")
	}
	if !strings.Contains(h.logs.String(), "rate limited") {
		t.Error("the rate limit was not logged")
	}
}

// gated holds answers until released, to catch the adapter mid-answer.
type gated struct {
	bot.Responder
	entered chan struct{}
	release chan struct{}
}

func (g gated) Answer(ctx context.Context, q bot.Question) bot.Answer {
	close(g.entered)
	<-g.release
	return g.Responder.Answer(ctx, q)
}

func TestStopFinishesAnswersUnderWay(t *testing.T) {
	g := gated{Responder: testBot, entered: make(chan struct{}), release: make(chan struct{})}
	h := start(t, Config{}, g)
	id := newID()
	h.Dispatch("MESSAGE_CREATE", guildMessage(id, mention+" Do I need HCPC registration?", true))
	select {
	case <-g.entered:
	case <-time.After(15 * time.Second):
		t.Fatal("the bot was never asked")
	}
	stopped := make(chan error, 1)
	go func() { stopped <- h.stop() }()
	h.WaitFor("the gateway to close", func() bool { return h.Ended == 1 })
	close(g.release)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	posts := h.Calls("POST", messagesPath, http.StatusOK)
	if len(posts) != 1 || decode(t, posts[0]).Ref.MessageID != id {
		t.Errorf("%d replies after stopping, want the one under way", len(posts))
	}
}

// BenchmarkMessageToReply times a mention from its dispatch on the gateway
// to the reply's POST arriving at the stand-in, over loopback, with the
// real bot answering.
func BenchmarkMessageToReply(b *testing.B) {
	replies := make(chan string, 1)
	h := start(b, Config{}, testBot, func(_ *Adapter, s *discordtest.Server) { s.Replies = replies })
	for b.Loop() {
		id := newID()
		h.Dispatch("MESSAGE_CREATE", guildMessage(id, mention+" Do I need HCPC registration?", true))
		select {
		case got := <-replies:
			if got != id {
				b.Fatalf("reply to %s, want %s", got, id)
			}
		case <-time.After(10 * time.Second):
			b.Fatal("no reply within 10s")
		}
	}
}
