package slack

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Config is the adapter's part of the configuration file, plus the secrets,
// which only ever come from the environment so that a config file can be
// committed or shared without leaking them.
type Config struct {
	BotToken      string `yaml:"-"` // SLACK_BOT_TOKEN, xoxb-…
	AppToken      string `yaml:"-"` // SLACK_APP_TOKEN, xapp-…; Socket Mode only
	SigningSecret string `yaml:"-"` // SLACK_SIGNING_SECRET; Events API only

	// EventsAddr is where the Events API endpoints listen, e.g. ":3000".
	// Set together with SigningSecret it selects the Events API over HTTP
	// instead of Socket Mode.
	EventsAddr string `yaml:"events_addr"`
	// EventsShared serves the Events API on a listener someone else runs
	// (the service's operator address), through Handler: Run then does not
	// listen itself. It selects the Events API when SigningSecret is set.
	EventsShared bool `yaml:"-"`
	// APIURL replaces https://slack.com/api/, for a Slack stand-in.
	APIURL string `yaml:"api_url"`
	// Recruiters are the user ids (U…) allowed to post a role summary to a
	// channel with /role summary.
	Recruiters []string `yaml:"recruiters"`
	// Channels maps a channel id (C…) to the role its questions are about.
	Channels map[string]string `yaml:"channels"`
}

// The environment variables FromEnv reads.
const (
	EnvBotToken      = "SLACK_BOT_TOKEN"
	EnvAppToken      = "SLACK_APP_TOKEN"
	EnvSigningSecret = "SLACK_SIGNING_SECRET"
	EnvEventsAddr    = "SLACK_EVENTS_ADDR"
	EnvAPIURL        = "SLACK_API_URL"
)

// FromEnv sets the secrets from the environment, and lets the environment
// override the listening address and API URL of the config file.
func (c *Config) FromEnv(getenv func(string) string) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c.BotToken = get(EnvBotToken)
	c.AppToken = get(EnvAppToken)
	c.SigningSecret = get(EnvSigningSecret)
	if v := get(EnvEventsAddr); v != "" {
		c.EventsAddr = v
	}
	if v := get(EnvAPIURL); v != "" {
		c.APIURL = v
	}
}

// Enabled says whether Slack is configured at all: without a bot token the
// adapter is simply not started.
func (c Config) Enabled() bool { return c.BotToken != "" }

// eventsAPI says whether to receive events over HTTP rather than Socket Mode.
func (c Config) eventsAPI() bool {
	return c.SigningSecret != "" && (c.EventsAddr != "" || c.EventsShared)
}

// apiURL is the API base URL with the trailing slash slack-go needs: it
// appends method names to it verbatim.
func (c Config) apiURL() string {
	if c.APIURL == "" || strings.HasSuffix(c.APIURL, "/") {
		return c.APIURL
	}
	return c.APIURL + "/"
}

var (
	userIDPattern    = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)
	channelIDPattern = regexp.MustCompile(`^[CGD][A-Z0-9]{2,}$`)
)

// Validate reports every problem with the configuration at once, each
// saying which setting to fix.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	if !strings.HasPrefix(c.BotToken, "xoxb-") {
		bad("slack: %s must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token)", EnvBotToken)
	}
	switch {
	case c.eventsAPI() && c.EventsShared && c.EventsAddr == "":
	case c.eventsAPI():
		if _, _, err := net.SplitHostPort(c.EventsAddr); err != nil {
			bad("slack: events_addr / %s %q is not host:port (e.g. \":3000\"): %v", EnvEventsAddr, c.EventsAddr, err)
		}
	case c.EventsAddr != "":
		bad("slack: events_addr / %s is set but %s is not: the Events API needs the app's signing secret (Basic Information → Signing Secret)", EnvEventsAddr, EnvSigningSecret)
	case c.AppToken == "" && c.SigningSecret != "":
		bad("slack: %s is set but %s is not: the Events API also needs an address to listen on; for Socket Mode set %s instead", EnvSigningSecret, EnvEventsAddr, EnvAppToken)
	case !strings.HasPrefix(c.AppToken, "xapp-"):
		bad("slack: Socket Mode needs an app-level token starting with xapp- in %s (Basic Information → App-Level Tokens, scope connections:write); or set %s and %s for the Events API", EnvAppToken, EnvSigningSecret, EnvEventsAddr)
	}
	if c.APIURL != "" {
		u, err := url.Parse(c.apiURL())
		switch {
		case err != nil:
			bad("slack: api_url / %s: %v", EnvAPIURL, err)
		case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
			bad("slack: api_url / %s %q must be an http(s) URL such as https://slack.com/api/", EnvAPIURL, c.APIURL)
		case !strings.HasSuffix(u.Path, "/api/"):
			bad("slack: api_url / %s %q must end with /api/", EnvAPIURL, c.APIURL)
		}
	}
	for _, id := range c.Recruiters {
		if !userIDPattern.MatchString(id) {
			bad("slack: recruiters: %q is not a Slack user id (U… or W…; profile → ⋮ → Copy member ID)", id)
		}
	}
	for _, ch := range slices.Sorted(maps.Keys(c.Channels)) {
		role := c.Channels[ch]
		if !channelIDPattern.MatchString(ch) {
			bad("slack: channels: %q is not a Slack channel id (C…; channel details → bottom of the About tab)", ch)
		}
		if strings.TrimSpace(role) == "" {
			bad("slack: channels: channel %s has no role id", ch)
		}
	}
	return errors.Join(errs...)
}
