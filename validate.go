package main

import (
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"

	"github.com/recruitbot/recruitbot/adapters/discord"
	"github.com/recruitbot/recruitbot/adapters/slack"
	"github.com/recruitbot/recruitbot/corpus"
)

// validate checks the config file and the corpus and prints every problem,
// one a line, rather than stopping at the first. The chat tokens need not
// be set: what the file says is checked all the same.
func validate(o options, stdout, stderr io.Writer, getenv env) int {
	var problems []error
	cfg, err := loadConfig(o.config)
	if err != nil {
		problems = append(problems, err)
	}
	if err := cfg.apply(o, getenv); err != nil {
		problems = append(problems, err)
	}
	if cfg.LogLevel != "" {
		if _, err := newLogger(io.Discard, cfg.LogLevel, cfg.LogFormat); err != nil {
			problems = append(problems, err)
		}
	}
	problems = append(problems, split(checkSlack(cfg.Slack))...)
	problems = append(problems, split(checkDiscord(cfg.Discord))...)

	var c *corpus.Corpus
	if cfg.Corpus == "" {
		c, err = corpus.Load(corpus.Default())
	} else {
		c, err = corpus.NewWatcher(cfg.Corpus, slog.New(slog.DiscardHandler)).Load()
	}
	problems = append(problems, split(err)...)
	if c != nil {
		if len(c.Roles) == 0 {
			problems = append(problems, fmt.Errorf("corpus %s: no role loaded", corpusName(cfg.Corpus)))
		}
		ids := map[string]bool{}
		for _, r := range c.Roles {
			ids[r.ID] = true
		}
		for _, p := range []struct {
			name     string
			channels map[string]string
		}{{"slack", cfg.Slack.Channels}, {"discord", cfg.Discord.Channels}} {
			for _, ch := range slices.Sorted(maps.Keys(p.channels)) {
				if id := p.channels[ch]; id != "" && !ids[id] {
					problems = append(problems, fmt.Errorf("%s: channels: channel %s is mapped to role %q, which is not in the corpus", p.name, ch, id))
				}
			}
		}
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "recruitbot: %d problem(s)\n", len(problems))
		return exitFailed
	}
	roles := 0
	if c != nil {
		roles = len(c.Roles)
	}
	fmt.Fprintf(stdout, "ok: config %s, corpus %s, %d roles\n", orNone(o.config), corpusName(cfg.Corpus), roles)
	return exitOK
}

// checkSlack validates the file's Slack settings; without tokens in the
// environment it stands placeholders in for them, so that the rest is
// still checked.
func checkSlack(c slack.Config) error {
	if !c.Enabled() {
		c.BotToken, c.AppToken, c.SigningSecret, c.EventsAddr = "xoxb-placeholder", "xapp-placeholder", "", ""
	}
	return c.Validate()
}

func checkDiscord(c discord.Config) error {
	if !c.Enabled() {
		c.Token = "placeholder"
	}
	return c.Validate()
}

// split turns a joined error into its parts.
func split(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, split(e)...)
		}
		return out
	}
	return []error{err}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
