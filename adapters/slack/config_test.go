package slack

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestConfigFromEnv(t *testing.T) {
	var c Config
	if err := yaml.Unmarshal([]byte(`
events_addr: ":8080"
api_url: http://fake.local/api
recruiters: [U0RECRUIT]
channels: {C0JOBS: primary-care-occupational-therapist}
`), &c); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"SLACK_BOT_TOKEN": " xoxb-1 ", "SLACK_APP_TOKEN": "xapp-1",
		"SLACK_SIGNING_SECRET": "s", "SLACK_EVENTS_ADDR": "127.0.0.1:3000",
	}
	c.FromEnv(func(k string) string { return env[k] })
	if c.BotToken != "xoxb-1" || c.AppToken != "xapp-1" || c.SigningSecret != "s" {
		t.Errorf("secrets not read from the environment: %+v", c)
	}
	if c.EventsAddr != "127.0.0.1:3000" || c.APIURL != "http://fake.local/api" {
		t.Errorf("environment should override the address and keep the file's API URL: %+v", c)
	}
	if c.Recruiters[0] != "U0RECRUIT" || c.Channels["C0JOBS"] != "primary-care-occupational-therapist" {
		t.Errorf("config keys not read: %+v", c)
	}
	if !c.Enabled() || !c.eventsAPI() || c.apiURL() != "http://fake.local/api/" {
		t.Errorf("enabled=%v events=%v api=%q", c.Enabled(), c.eventsAPI(), c.apiURL())
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	// Secrets never come from the file.
	out, _ := yaml.Marshal(c)
	if strings.Contains(string(out), "xoxb") || strings.Contains(string(out), "xapp") {
		t.Errorf("secrets would be written to a config file:\n%s", out)
	}
	if (Config{}).Enabled() {
		t.Error("no bot token should mean Slack is off")
	}
}

func TestConfigValidate(t *testing.T) {
	socket := Config{BotToken: "xoxb-1", AppToken: "xapp-1"}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string // "" for valid
	}{
		{"socket mode", func(*Config) {}, ""},
		{"events api", func(c *Config) { c.AppToken, c.SigningSecret, c.EventsAddr = "", "s", ":3000" }, ""},
		{"user token", func(c *Config) { c.BotToken = "xoxp-1" }, "must be a bot token starting with xoxb-"},
		{"no app token", func(c *Config) { c.AppToken = "" }, "Socket Mode needs an app-level token starting with xapp-"},
		{"bot token as app token", func(c *Config) { c.AppToken = "xoxb-2" }, "Socket Mode needs"},
		{"address without secret", func(c *Config) { c.EventsAddr = ":3000" }, "needs the app's signing secret"},
		{"secret without address", func(c *Config) { c.AppToken, c.SigningSecret = "", "s" }, "also needs an address"},
		{"bad address", func(c *Config) { c.SigningSecret, c.EventsAddr = "s", "3000" }, "is not host:port"},
		{"api url ok", func(c *Config) { c.APIURL = "https://slack.example/api" }, ""},
		{"api url scheme", func(c *Config) { c.APIURL = "ftp://slack.example/api/" }, "must be an http(s) URL"},
		{"api url path", func(c *Config) { c.APIURL = "https://slack.example/" }, "must end with /api/"},
		{"recruiter", func(c *Config) { c.Recruiters = []string{"alice"} }, `"alice" is not a Slack user id`},
		{"channel", func(c *Config) { c.Channels = map[string]string{"#jobs": "ot"} }, `"#jobs" is not a Slack channel id`},
		{"channel role", func(c *Config) { c.Channels = map[string]string{"C0JOBS": " "} }, "has no role id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := socket
			tc.edit(&c)
			err := c.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
			if _, nerr := New(c, nil); (nerr == nil) != (err == nil) {
				t.Errorf("New should validate: %v", nerr)
			}
		})
	}
}

func TestConfigReportsAllProblems(t *testing.T) {
	err := Config{BotToken: "nope", Recruiters: []string{"x"}}.Validate()
	if err == nil || strings.Count(err.Error(), "\n") != 2 {
		t.Errorf("want three problems, one a line: %v", err)
	}
}
