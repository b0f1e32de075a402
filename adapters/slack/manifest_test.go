package slack

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The manifest must ask for what the adapter relies on, and no more.
func TestManifest(t *testing.T) {
	b, err := os.ReadFile("manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Display struct {
			Name        string `yaml:"name"`
			Description string `yaml:"description"`
		} `yaml:"display_information"`
		Features struct {
			AppHome struct {
				Home     bool `yaml:"home_tab_enabled"`
				Messages bool `yaml:"messages_tab_enabled"`
			} `yaml:"app_home"`
			BotUser struct {
				DisplayName string `yaml:"display_name"`
			} `yaml:"bot_user"`
			Commands []struct {
				Command   string `yaml:"command"`
				UsageHint string `yaml:"usage_hint"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				BotEvents []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
			OrgDeploy  bool `yaml:"org_deploy_enabled"`
			SocketMode bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Display.Name == "" || len(m.Display.Description) > 140 || m.Features.BotUser.DisplayName == "" {
		t.Errorf("display information: %+v", m.Display)
	}
	if !m.Features.AppHome.Messages {
		t.Error("without the messages tab nobody can DM the bot")
	}
	if !m.Features.AppHome.Home {
		t.Error("the Home tab is off, so app_home_opened never shows it")
	}
	if len(m.Features.Commands) != 1 || m.Features.Commands[0].Command != "/role" || m.Features.Commands[0].UsageHint == "" {
		t.Errorf("slash commands: %+v", m.Features.Commands)
	}
	scopes := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
	if want := []string{"app_mentions:read", "channels:history", "chat:write", "commands", "groups:history", "im:history", "im:read", "im:write"}; !slices.Equal(scopes, want) {
		t.Errorf("bot scopes %v, want %v", scopes, want)
	}
	events := slices.Sorted(slices.Values(m.Settings.Events.BotEvents))
	if want := []string{"app_home_opened", "app_mention", "message.channels", "message.groups", "message.im"}; !slices.Equal(events, want) {
		t.Errorf("bot events %v, want %v", events, want)
	}
	if !m.Settings.SocketMode || m.Settings.OrgDeploy || !m.Settings.Interactivity.Enabled {
		t.Errorf("settings: %+v", m.Settings)
	}
}
