package discord

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/recruitbot/recruitbot/adapters/discord/discordtest"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

// autocompleteData is /role <sub> as Discord sends it while the user types
// in the option named focus; other options are already filled in.
func autocompleteData(t testing.TB, sub, focus, typed string, filled map[string]string) discordgo.ApplicationCommandInteractionData {
	t.Helper()
	opts := []map[string]any{{"name": focus, "type": 3, "value": typed, "focused": true}}
	for k, v := range filled {
		opts = append(opts, map[string]any{"name": k, "type": 3, "value": v})
	}
	raw, err := json.Marshal(map[string]any{"name": "role", "type": 1, "options": []map[string]any{{"name": sub, "type": 1, "options": opts}}})
	if err != nil {
		t.Fatal(err)
	}
	var d discordgo.ApplicationCommandInteractionData
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func names(cs []*discordgo.ApplicationCommandOptionChoice) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func TestSuggestFromTheLibrary(t *testing.T) {
	dev, err := corpus.LoadDir("../../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	lib := bot.Library{Roles: dev.Roles}
	nurse := "practice-nurse"
	var nurseTitle string
	for _, r := range dev.Roles {
		if r.ID == nurse {
			nurseTitle = r.Title
		}
	}

	roles := suggest(lib, autocompleteData(t, "criteria", "role", "", nil), "")
	// Discord takes at most 25 choices: with more roles loaded, the first
	// 25 are offered and typing narrows them.
	if want := min(len(dev.Roles), maxChoices); len(roles) != want {
		t.Errorf("%d roles suggested of the %d loaded, want %d", len(roles), len(dev.Roles), want)
	}
	if got := names(suggest(lib, autocompleteData(t, "summary", "role", "NURSE", nil), "")); !slices.Contains(got, nurseTitle) {
		t.Errorf("typing 'NURSE' suggests %q, want %q among them", got, nurseTitle)
	}

	var wantAreas []string
	for _, r := range dev.Roles {
		if r.ID == nurse {
			wantAreas = r.Areas()
		}
	}
	chosen := suggest(lib, autocompleteData(t, "criteria", "area", "", map[string]string{"role": nurseTitle}), "")
	if got := names(chosen); !slices.Equal(got, wantAreas) {
		t.Errorf("areas of the chosen role = %q, want %q", got, wantAreas)
	}
	if got := names(suggest(lib, autocompleteData(t, "criteria", "area", "", nil), nurse)); !slices.Equal(got, wantAreas) {
		t.Errorf("areas in the channel's role = %q, want %q", got, wantAreas)
	}
	all := suggest(lib, autocompleteData(t, "criteria", "area", "", nil), "")
	if len(all) <= len(wantAreas) || len(all) > maxChoices {
		t.Errorf("%d areas across every role, want more than one role's %d and at most %d", len(all), len(wantAreas), maxChoices)
	}
	for _, c := range all {
		if c.Name == "" || len([]rune(c.Name)) > maxChoiceText || c.Value == "" {
			t.Errorf("choice %+v", c)
		}
	}

	levels := suggest(lib, autocompleteData(t, "criteria", "level", "des", nil), "")
	if len(levels) != 1 || levels[0].Name != "Desirable" || levels[0].Value != "desirable" {
		t.Errorf("levels for 'des' = %+v", levels)
	}
	duties := suggest(lib, autocompleteData(t, "duty", "number", "1", nil), nurse)
	if len(duties) == 0 || len(duties) > maxChoices {
		t.Fatalf("%d duties suggested for '1' in the nurse's channel", len(duties))
	}
	for _, c := range duties {
		if n, ok := c.Value.(int); !ok || n < 1 || !strings.Contains(c.Name, "1") || len([]rune(c.Name)) > maxChoiceText {
			t.Errorf("duty choice %+v", c)
		}
	}
	if got := suggest(lib, autocompleteData(t, "duty", "number", "", nil), ""); len(got) != 0 {
		t.Errorf("duties suggested with %d roles and none chosen: %q", len(dev.Roles), names(got))
	}
	if got := suggest(lib, autocompleteData(t, "criteria", "area", "no such area", nil), ""); len(got) != 0 {
		t.Errorf("suggested %q for nothing that matches", names(got))
	}
}

// TestAutocompleteFollowsReloads: the adapter answers Discord's
// autocomplete request with the library loaded at the time.
func TestAutocompleteFollowsReloads(t *testing.T) {
	b := testkit.Bot(t, nil)
	h := start(t, Config{}, b)
	ask := func(id string) []string {
		t.Helper()
		h.Dispatch("INTERACTION_CREATE", map[string]any{
			"id": id, "application_id": discordtest.AppID, "type": 4, "token": "token-" + id, "version": 1,
			"channel_id": channelID, "user": map[string]any{"id": askerID, "username": "applicant", "discriminator": "0"},
			"data": map[string]any{"id": "300000000000000001", "name": "role", "type": 1, "options": []map[string]any{
				{"name": "criteria", "type": 1, "options": []map[string]any{{"name": "area", "type": 3, "value": "", "focused": true}}}}},
		})
		r := h.WaitCalls(1, "POST", "/api/v9/interactions/"+id+"/*", http.StatusNoContent)[0]
		var c struct {
			Type int `json:"type"`
			Data struct {
				Choices []discordgo.ApplicationCommandOptionChoice `json:"choices"`
			} `json:"data"`
		}
		if err := json.Unmarshal(r.Body, &c); err != nil {
			t.Fatal(err)
		}
		if c.Type != int(discordgo.InteractionApplicationCommandAutocompleteResult) {
			t.Errorf("callback type %d, want an autocomplete result", c.Type)
		}
		var got []string
		for _, ch := range c.Data.Choices {
			got = append(got, ch.Name)
		}
		return got
	}
	before := ask(newID())
	if !slices.Contains(before, "Communication") {
		t.Errorf("areas = %q, want the built-in role's", before)
	}
	dev, err := corpus.LoadDir("../../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	lib, closeLib, err := testkit.Library(dev)
	if err != nil {
		t.Fatal(err)
	}
	defer closeLib()
	b.Swap(lib)
	after := ask(newID())
	if len(after) <= len(before) {
		t.Errorf("areas after a reload = %q, want every dev role's", after)
	}
}
