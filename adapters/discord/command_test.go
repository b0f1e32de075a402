package discord

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/recruitbot/recruitbot/bot"
)

func TestRoleCommandDefinition(t *testing.T) {
	cmd := roleCommand(true)
	if cmd.Name != "role" || cmd.Contexts == nil || len(*cmd.Contexts) != 2 {
		t.Fatalf("global /role = %+v, want usable in servers and DMs", cmd)
	}
	if roleCommand(false).Contexts != nil {
		t.Error("Discord takes contexts on global commands only")
	}
	subs := map[string]*discordgo.ApplicationCommandOption{}
	for _, o := range cmd.Options {
		if o.Type != discordgo.ApplicationCommandOptionSubCommand {
			t.Errorf("%s is not a subcommand", o.Name)
		}
		if o.Description == "" || len(o.Description) > 100 {
			t.Errorf("%s: description must be 1-100 characters", o.Name)
		}
		subs[o.Name] = o
	}
	for _, name := range []string{"ask", "criteria", "duty", "summary", "check", "list", "help"} {
		if subs[name] == nil {
			t.Errorf("no %s subcommand", name)
		}
	}
	if o := subs["ask"].Options[0]; o.Name != "question" || !o.Required || o.Type != discordgo.ApplicationCommandOptionString {
		t.Errorf("ask option = %+v", o)
	}
	// Areas, levels and roles are suggested from the loaded library, never
	// fixed choices from one role.
	for i, name := range []string{"area", "level", "role"} {
		if o := subs["criteria"].Options[i]; o.Name != name || o.Required || !o.Autocomplete || len(o.Choices) != 0 {
			t.Errorf("criteria option %d = %+v, want %s, optional, autocompleted", i, o, name)
		}
	}
	if o := subs["duty"].Options[0]; o.Type != discordgo.ApplicationCommandOptionInteger || o.MinValue == nil || *o.MinValue != 1 || o.MaxValue != 0 || !o.Autocomplete {
		t.Errorf("duty option = %+v, want an integer of at least 1", o)
	}
	if o := subs["summary"].Options[0]; o.Name != "role" || o.Required || !o.Autocomplete {
		t.Errorf("summary option = %+v", o)
	}
	if o := subs["check"].Options[0]; o.Name != "profile" || !o.Required {
		t.Errorf("check option = %+v", o)
	}
	if _, err := json.Marshal(cmd); err != nil {
		t.Fatal(err)
	}
}

func TestCommandFromInteraction(t *testing.T) {
	tests := []struct {
		options string // the JSON options of /role as Discord sends them
		want    bot.Command
	}{
		{`[{"name":"ask","type":1,"options":[{"name":"question","type":3,"value":" Do I need HCPC? "}]}]`, bot.Command{Name: "ask", Args: "Do I need HCPC?"}},
		{`[{"name":"criteria","type":1,"options":[{"name":"area","type":3,"value":"Communication"},{"name":"level","type":3,"value":"essential"}]}]`, bot.Command{Name: "criteria", Args: "Communication essential"}},
		{`[{"name":"criteria","type":1,"options":[{"name":"level","type":3,"value":"desirable"}]}]`, bot.Command{Name: "criteria", Args: "desirable"}},
		{`[{"name":"criteria","type":1}]`, bot.Command{Name: "criteria"}},
		{`[{"name":"criteria","type":1,"options":[{"name":"level","type":3,"value":"essential"},{"name":"role","type":3,"value":"Practice nurse "}]}]`, bot.Command{Name: "criteria", Args: "Practice nurse essential"}},
		{`[{"name":"duty","type":1,"options":[{"name":"number","type":4,"value":12}]}]`, bot.Command{Name: "duty", Args: "12"}},
		{`[{"name":"summary","type":1}]`, bot.Command{Name: "summary"}},
		{`[{"name":"summary","type":1,"options":[{"name":"role","type":3,"value":"OT"}]}]`, bot.Command{Name: "summary", Args: "OT"}},
		{`[{"name":"check","type":1,"options":[{"name":"profile","type":3,"value":"HCPC registered OT"}]}]`, bot.Command{Name: "check", Args: "HCPC registered OT"}},
		{`[{"name":"list","type":1}]`, bot.Command{Name: "list"}},
		{`[{"name":"help","type":1}]`, bot.Command{Name: "help"}},
		{`[{"name":"retired","type":1}]`, bot.Command{Name: "help"}},
		{`[]`, bot.Command{Name: "help"}},
	}
	for _, tt := range tests {
		var d discordgo.ApplicationCommandInteractionData
		if err := json.Unmarshal([]byte(`{"name":"role","type":1,"options":`+tt.options+`}`), &d); err != nil {
			t.Fatal(err)
		}
		if got := commandFrom(d); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.options, got, tt.want)
		}
	}
}

func TestMentionsAndStripMention(t *testing.T) {
	const id = "100"
	for _, tt := range []struct {
		content  string
		mentions []*discordgo.User
		is       bool
		question string
	}{
		{"<@100> Do I need HCPC registration?", nil, true, "Do I need HCPC registration?"},
		{"<@!100>, what does duty 12 say?", nil, true, "what does duty 12 say?"},
		{"hey <@100>  is a driving licence needed?", nil, true, "hey is a driving licence needed?"},
		{"Do I need HCPC?", []*discordgo.User{{ID: "100"}}, true, "Do I need HCPC?"},
		{"<@200> what about you?", []*discordgo.User{{ID: "200"}}, false, "<@200> what about you?"},
		{"<@100>", nil, true, ""},
	} {
		m := &discordgo.Message{Content: tt.content, Mentions: tt.mentions}
		if got := mentions(m, id); got != tt.is {
			t.Errorf("mentions(%q) = %v", tt.content, got)
		}
		if got := stripMention(tt.content, id); got != tt.question {
			t.Errorf("stripMention(%q) = %q, want %q", tt.content, got, tt.question)
		}
	}
}

// TestCommandLocalized: /role and every option are named and described in
// British and American English, within Discord's limits.
func TestCommandLocalized(t *testing.T) {
	cmd := roleCommand(true)
	check := func(what, name, desc string, names, descs map[discordgo.Locale]string) {
		for _, loc := range []discordgo.Locale{discordgo.EnglishGB, discordgo.EnglishUS} {
			if names[loc] != name || descs[loc] == "" || len(descs[loc]) > 100 {
				t.Errorf("%s in %s: name %q, description %q", what, loc, names[loc], descs[loc])
			}
		}
		if strings.Contains(descs[discordgo.EnglishUS], "summarise") {
			t.Errorf("%s: British spelling in en-US: %q", what, descs[discordgo.EnglishUS])
		}
	}
	check("/role", cmd.Name, cmd.Description, *cmd.NameLocalizations, *cmd.DescriptionLocalizations)
	var walk func([]*discordgo.ApplicationCommandOption)
	walk = func(opts []*discordgo.ApplicationCommandOption) {
		for _, o := range opts {
			check(o.Name, o.Name, o.Description, o.NameLocalizations, o.DescriptionLocalizations)
			walk(o.Options)
		}
	}
	walk(cmd.Options)
}
