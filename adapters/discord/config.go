package discord

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Config is the discord section of the configuration file, plus the token,
// which comes from the environment only so that it never lands in a file
// that gets committed or pasted into a ticket.
type Config struct {
	// Token is the bot token from the developer portal (DISCORD_BOT_TOKEN),
	// with or without the "Bot " prefix.
	Token string `yaml:"-"`
	// APIURL replaces https://discord.com for every REST call, for a proxy
	// or a local stand-in (DISCORD_API_URL wins over the file). The gateway
	// address still comes from GET /api/v9/gateway on that base.
	APIURL string `yaml:"api_url"`
	// GuildIDs registers /role in these servers only, where changes show at
	// once; empty registers it globally, which Discord may take up to an
	// hour to roll out.
	GuildIDs []string `yaml:"guild_ids"`
	// RecruiterRoles are the Discord role ids whose members may post a
	// /role summary publicly; everyone else gets it refused.
	RecruiterRoles []string `yaml:"recruiter_roles"`
	// Channels maps a channel id to the bot role (job description id) that
	// questions asked there are about.
	Channels map[string]string `yaml:"channels"`
	// ShardID and ShardCount split the servers between replicas, by
	// Discord's sharding: each of ShardCount processes runs with its own
	// ShardID, 0 to ShardCount-1 (DISCORD_SHARD_ID and DISCORD_SHARD_COUNT
	// win over the file). Discord requires it from 2,500 servers; direct
	// messages all reach shard 0. Unset (0 and 0): one process gets all.
	ShardID    int `yaml:"shard_id"`
	ShardCount int `yaml:"shard_count"`
}

// FromEnv fills in what the environment provides: the token, and the API
// base when DISCORD_API_URL is set.
func (c *Config) FromEnv(getenv func(string) string) {
	if v := strings.TrimSpace(getenv("DISCORD_BOT_TOKEN")); v != "" {
		c.Token = v
	}
	if v := strings.TrimSpace(getenv("DISCORD_API_URL")); v != "" {
		c.APIURL = v
	}
	for _, e := range []struct {
		name string
		dst  *int
	}{{"DISCORD_SHARD_ID", &c.ShardID}, {"DISCORD_SHARD_COUNT", &c.ShardCount}} {
		if v := strings.TrimSpace(getenv(e.name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				n = -1 // Validate says so
			}
			*e.dst = n
		}
	}
}

// Enabled reports whether the Discord adapter should run: it needs a token.
func (c Config) Enabled() bool { return strings.TrimSpace(c.Token) != "" }

// Validate says what is wrong with the configuration, in terms the person
// editing the file or the environment can act on.
func (c Config) Validate() error {
	var errs []error
	tok := strings.TrimPrefix(strings.TrimSpace(c.Token), "Bot ")
	switch {
	case tok == "":
		errs = append(errs, errors.New("DISCORD_BOT_TOKEN is not set; copy the token from the Bot page of your application in the Discord developer portal"))
	case strings.ContainsAny(tok, " \t\r\n"):
		errs = append(errs, errors.New("DISCORD_BOT_TOKEN contains white space; paste the token alone"))
	}
	if c.APIURL != "" {
		if _, err := apiBase(c.APIURL); err != nil {
			errs = append(errs, fmt.Errorf("api_url: %w", err))
		}
	}
	for i, id := range c.GuildIDs {
		if !isSnowflake(id) {
			errs = append(errs, fmt.Errorf("guild_ids[%d]: %q is not a Discord id (a number such as 123456789012345678; copy it with Developer Mode on)", i, id))
		}
	}
	for i, id := range c.RecruiterRoles {
		if !isSnowflake(id) {
			errs = append(errs, fmt.Errorf("recruiter_roles[%d]: %q is not a Discord role id (a number; right-click the role with Developer Mode on and choose Copy Role ID)", i, id))
		}
	}
	for _, ch := range slices.Sorted(maps.Keys(c.Channels)) {
		if !isSnowflake(ch) {
			errs = append(errs, fmt.Errorf("channels: key %q is not a Discord channel id (a number; right-click the channel and choose Copy Channel ID)", ch))
		}
		if strings.TrimSpace(c.Channels[ch]) == "" {
			errs = append(errs, fmt.Errorf("channels: channel %s has no role id", ch))
		}
	}
	if c.ShardCount < 0 || c.ShardID < 0 || (c.ShardID > 0 && c.ShardID >= c.ShardCount) {
		errs = append(errs, fmt.Errorf("shard_id %d of shard_count %d: each of shard_count replicas needs its own shard_id, 0 to shard_count-1 (DISCORD_SHARD_ID, DISCORD_SHARD_COUNT)", c.ShardID, c.ShardCount))
	}
	if len(errs) > 0 {
		return fmt.Errorf("discord config: %w", errors.Join(errs...))
	}
	return nil
}

// botToken is the token as the API wants it in the Authorization header.
func (c Config) botToken() string {
	t := strings.TrimSpace(c.Token)
	if strings.HasPrefix(t, "Bot ") {
		return t
	}
	return "Bot " + t
}

// apiBase parses an api_url: an absolute http(s) URL, optionally with a
// path prefix a proxy mounts the API under.
func apiBase(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%q must start with https:// (or http:// for a local server)", s)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q has no host", s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("%q must be a plain base address, without user, query or fragment", s)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// isSnowflake reports whether s looks like a Discord id: a decimal number
// of at most 20 digits.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
