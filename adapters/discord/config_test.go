package discord

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"go.yaml.in/yaml/v3"
)

func TestConfigFromYAMLAndEnv(t *testing.T) {
	var cfg Config
	err := yaml.Unmarshal([]byte(`
token: from-file-is-ignored
api_url: http://proxy.internal:8080
guild_ids: ["111111111111111111"]
recruiter_roles: ["222222222222222222"]
channels:
  "333333333333333333": primary-care-occupational-therapist
`), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Token != "" {
		t.Error("the token must never come from the file")
	}
	env := map[string]string{"DISCORD_BOT_TOKEN": " abc.def \n", "DISCORD_API_URL": "http://127.0.0.1:9000/discord/"}
	cfg.FromEnv(func(k string) string { return env[k] })
	if cfg.Token != "abc.def" || cfg.APIURL != "http://127.0.0.1:9000/discord/" {
		t.Errorf("after FromEnv: token %q, api_url %q", cfg.Token, cfg.APIURL)
	}
	if !cfg.Enabled() {
		t.Error("a token enables the adapter")
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if cfg.Channels["333333333333333333"] != "primary-care-occupational-therapist" || cfg.GuildIDs[0] != "111111111111111111" || cfg.RecruiterRoles[0] != "222222222222222222" {
		t.Errorf("yaml keys not read: %+v", cfg)
	}
	if got := cfg.botToken(); got != "Bot abc.def" {
		t.Errorf("botToken = %q", got)
	}
	cfg.Token = "Bot abc.def"
	if got := cfg.botToken(); got != "Bot abc.def" {
		t.Errorf("botToken with prefix = %q", got)
	}

	var off Config
	off.FromEnv(func(string) string { return "" })
	if off.Enabled() {
		t.Error("no token, no adapter")
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // in the error; "" for none
	}{
		{"ok", Config{Token: "t"}, ""},
		{"no token", Config{}, "DISCORD_BOT_TOKEN is not set"},
		{"token with a newline", Config{Token: "abc\ndef"}, "white space"},
		{"api_url scheme", Config{Token: "t", APIURL: "discord.example"}, "api_url"},
		{"api_url query", Config{Token: "t", APIURL: "https://proxy/?x=1"}, "plain base address"},
		{"guild id", Config{Token: "t", GuildIDs: []string{"my-server"}}, `guild_ids[0]: "my-server" is not a Discord id`},
		{"role id", Config{Token: "t", RecruiterRoles: []string{"@Recruiters"}}, "recruiter_roles[0]"},
		{"channel id", Config{Token: "t", Channels: map[string]string{"#jobs": "ot"}}, `channels: key "#jobs"`},
		{"channel role", Config{Token: "t", Channels: map[string]string{"123": " "}}, "channel 123 has no role id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want it to mention %q", err, tt.want)
			}
			if _, nerr := New(tt.cfg, nil); (nerr == nil) != (err == nil) {
				t.Errorf("New and Validate disagree: %v / %v", nerr, err)
			}
		})
	}
}

func TestRewriterKeepsPathsAndLeavesOtherHostsAlone(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Host+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	base, err := apiBase(srv.URL + "/prefix/")
	if err != nil {
		t.Fatal(err)
	}
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	c := &http.Client{Transport: &rewriter{base: base, next: transport}}
	req, _ := http.NewRequest("PATCH", "https://discord.com/api/v9/webhooks/1/tok/messages/@original?wait=true", nil)
	req.Header.Set("Authorization", "Bot x")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if req.URL.Host != "discord.com" {
		t.Error("the caller's request was modified")
	}
	want := strings.TrimPrefix(srv.URL, "http://") + " /prefix/api/v9/webhooks/1/tok/messages/@original?wait=true Bot x"
	if len(got) != 1 || got[0] != want {
		t.Errorf("server saw %q, want %q", got, want)
	}

	// Another host passes through untouched: here, straight to the server.
	resp, err = c.Get(srv.URL + "/direct")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(got) != 2 || !strings.Contains(got[1], " /direct ") {
		t.Errorf("server saw %q", got)
	}
}

func TestErrorsAreLoggedWithoutInteractionTokens(t *testing.T) {
	err := &url.Error{Op: "Patch", URL: "https://discord.com/api/v9/webhooks/123/aW50ZXJhY3Rpb24-secret/messages/@original", Err: errors.New("timeout")}
	got := errAttr(err).Value.String()
	if strings.Contains(got, "secret") || !strings.Contains(got, "/webhooks/123/…/messages/@original") {
		t.Errorf("logged %q", got)
	}
	err = &url.Error{Op: "Post", URL: "https://discord.com/api/v9/interactions/456/tok_en/callback", Err: errors.New("timeout")}
	if got := errAttr(err).Value.String(); strings.Contains(got, "tok_en") {
		t.Errorf("logged %q", got)
	}
}

// The invite link in the README must grant what the adapter needs to reply.
func TestRunDocInviteLinkPermissions(t *testing.T) {
	doc, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`scope=bot%20applications\.commands&permissions=(\d+)`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("no invite link with both scopes in the README")
	}
	want := int64(discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionSendMessagesInThreads |
		discordgo.PermissionReadMessageHistory | discordgo.PermissionEmbedLinks)
	if got := string(m[1]); got != strconv.FormatInt(want, 10) {
		t.Errorf("invite permissions = %s, want %d", got, want)
	}
}

func TestRecentForgetsTheOldest(t *testing.T) {
	r := newRecent(2)
	for _, step := range []struct {
		id  string
		new bool
	}{{"a", true}, {"a", false}, {"b", true}, {"c", true}, {"b", false}, {"a", true}} {
		if got := r.add(step.id); got != step.new {
			t.Errorf("add(%q) = %v, want %v", step.id, got, step.new)
		}
	}
}
