package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/recruitbot/recruitbot/adapters/discord"
	"github.com/recruitbot/recruitbot/adapters/slack"
)

// Config is the config file. Secrets never live here: tokens come from the
// environment.
type Config struct {
	Corpus   string `yaml:"corpus"`    // folder of role files; "" = built-in
	Index    string `yaml:"index"`     // folder to keep the index in; "" = memory
	LogLevel string `yaml:"log_level"` // debug, info, warn, error
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

	Slack   slack.Config   `yaml:"slack"`
	Discord discord.Config `yaml:"discord"`
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
