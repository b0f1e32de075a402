package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	adapterchat "github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/adapters/discord"
	"github.com/recruitbot/recruitbot/adapters/slack"
)

// Config is the config file. Secrets never live here: tokens come from the
// environment.
type Config struct {
	Corpus    string `yaml:"corpus"`     // folder of role files; "" = built-in
	Index     string `yaml:"index"`      // folder to keep the index in; "" = memory
	LogLevel  string `yaml:"log_level"`  // debug, info, warn, error
	LogFormat string `yaml:"log_format"` // json or text; "" = json unless stderr is a terminal
	// HTTPAddr serves /healthz, /readyz and /metrics, and the Slack Events
	// API when SLACK_EVENTS_ADDR is unset; env RECRUITBOT_HTTP_ADDR wins.
	HTTPAddr string `yaml:"http_addr"`
	// ShutdownGrace bounds how long a shutdown waits for replies under
	// way; 0 = 25s, under Kubernetes' 30s. Env RECRUITBOT_SHUTDOWN_GRACE.
	ShutdownGrace time.Duration `yaml:"shutdown_grace"`
	// Data is the folder of the SQLite store when DATABASE_URL is unset;
	// "" = a recruitbot folder in the user's state directory.
	Data string `yaml:"data"`
	// KeepUnanswered is how long questions the bot could not answer are
	// kept for recruiters; nil = 30 days, 0 = not kept.
	KeepUnanswered *time.Duration `yaml:"keep_unanswered"`
	// InboxMaxAge is how old an event left unanswered (its process died
	// between the acknowledgement and the reply) may be and still be
	// answered; 0 = 10 minutes.
	InboxMaxAge time.Duration `yaml:"inbox_max_age"`
	// Replies are the reply deadlines and how many answers are worked out
	// at once, the same for every chat adapter; unset values default.
	Replies adapterchat.Policy `yaml:"replies"`

	Slack   slack.Config   `yaml:"slack"`
	Discord discord.Config `yaml:"discord"`
}

// grace is the shutdown grace period in force.
func (c Config) grace() time.Duration {
	if c.ShutdownGrace > 0 {
		return c.ShutdownGrace
	}
	return adapterchat.DefaultGrace
}

// apply lets the environment, then the flags, override the file, and reads
// the chat platforms' secrets from the environment.
func (c *Config) apply(o options, getenv env) error {
	if v := strings.TrimSpace(getenv("RECRUITBOT_HTTP_ADDR")); v != "" {
		c.HTTPAddr = v
	}
	if v := strings.TrimSpace(getenv("RECRUITBOT_SHUTDOWN_GRACE")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("RECRUITBOT_SHUTDOWN_GRACE %q: want a duration such as 25s", v)
		}
		c.ShutdownGrace = d
	}
	for _, f := range []struct {
		to   *string
		from string
	}{
		{&c.Corpus, o.corpus}, {&c.Index, o.index}, {&c.LogLevel, o.logLevel}, {&c.LogFormat, o.logFormat}, {&c.HTTPAddr, o.http},
		{&c.Data, o.data},
	} {
		if f.from != "" {
			*f.to = f.from
		}
	}
	if o.grace > 0 {
		c.ShutdownGrace = o.grace
	}
	if c.ShutdownGrace < 0 {
		return fmt.Errorf("shutdown_grace %v: want a positive duration", c.ShutdownGrace)
	}
	if err := c.Replies.Validate(); err != nil {
		return err
	}
	c.Slack.FromEnv(getenv)
	c.Discord.FromEnv(getenv)
	return nil
}

func loadConfig(path string) (Config, error) {
	var cfg Config
	if path == "" {
		return cfg, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}
