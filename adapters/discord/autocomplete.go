package discord

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

// Discord's limits on autocomplete: choices in one reply, and characters
// in a choice's name or value.
const (
	maxChoices    = 25
	maxChoiceText = 100
)

// librarian is a Responder that can say what it answers from; *bot.Bot
// can. Without it the adapter suggests nothing and the user types freely.
type librarian interface {
	Library() bot.Library
}

// autocomplete answers Discord's request for suggestions while a user fills
// in a /role option: roles, areas and levels of the library the bot has
// loaded now, so a reload changes them without registering anything.
func (rn *runner) autocomplete(ctx context.Context, i *discordgo.Interaction) {
	var choices []*discordgo.ApplicationCommandOptionChoice
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if l, isLib := rn.r.(librarian); ok && isLib {
		choices = suggest(l.Library(), data, rn.a.cfg.Channels[i.ChannelID])
	}
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{} // Discord wants a list, even an empty one
	}
	err := rn.dg.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}, discordgo.WithContext(ctx))
	if err != nil {
		// The user can still type a value; nothing is lost but the list.
		rn.log.Debug("could not suggest", "interaction_id", i.ID, errAttr(err))
	}
}

// suggest is the choices for the option being typed in /role: the roles'
// titles, the areas of the chosen role (the channel's when none is chosen,
// every role's when the channel has none), the levels, or the duties of
// the role, those containing what has been typed.
func suggest(lib bot.Library, d discordgo.ApplicationCommandInteractionData, channelRole string) []*discordgo.ApplicationCommandOptionChoice {
	if len(d.Options) == 0 {
		return nil
	}
	sub := d.Options[0]
	var focused *discordgo.ApplicationCommandInteractionDataOption
	chosenRole := ""
	for _, o := range sub.Options {
		if o.Focused {
			focused = o
		} else if o.Name == "role" {
			chosenRole = strings.TrimSpace(optionString(o.Value))
		}
	}
	if focused == nil {
		return nil
	}
	var values, names []string
	switch focused.Name {
	case "role":
		for _, r := range lib.Roles {
			values, names = append(values, r.Title), append(names, r.Title)
		}
	case "area":
		for _, r := range rolesFor(lib.Roles, chosenRole, channelRole) {
			for _, a := range r.Areas() {
				if !slices.ContainsFunc(values, func(v string) bool { return strings.EqualFold(v, a) }) {
					values, names = append(values, a), append(names, a)
				}
			}
		}
	case "level":
		for _, l := range []corpus.Level{corpus.Essential, corpus.Desirable} {
			values, names = append(values, string(l)), append(names, l.Title())
		}
	case "number":
		return dutyChoices(rolesFor(lib.Roles, chosenRole, channelRole), optionString(focused.Value))
	}
	typed := strings.ToLower(strings.TrimSpace(optionString(focused.Value)))
	var out []*discordgo.ApplicationCommandOptionChoice
	for k, v := range values {
		if len(out) == maxChoices {
			break
		}
		if utf8.RuneCountInString(v) > maxChoiceText || utf8.RuneCountInString(names[k]) > maxChoiceText ||
			!strings.Contains(strings.ToLower(names[k]), typed) {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: names[k], Value: v})
	}
	return out
}

// dutyChoices suggests the duties of one role, "7 · Complete assessments
// of…", those whose number or words contain what has been typed. With
// several roles and none chosen, a number would be ambiguous, so nothing
// is suggested.
func dutyChoices(roles []*corpus.Role, typed string) []*discordgo.ApplicationCommandOptionChoice {
	if len(roles) != 1 {
		return nil
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, d := range roles[0].Duties() {
		name := strconv.Itoa(d.Number) + " · " + d.Text
		if !strings.Contains(strings.ToLower(name), typed) {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: chat.Truncate(name, maxChoiceText, nil), Value: d.Number})
		if len(out) == maxChoices {
			break
		}
	}
	return out
}

// rolesFor is the role a user chose by title or id, else the channel's
// role, else every role.
func rolesFor(roles []*corpus.Role, chosen, channel string) []*corpus.Role {
	for _, want := range []string{chosen, channel} {
		if want == "" {
			continue
		}
		for _, r := range roles {
			if strings.EqualFold(r.Title, want) || r.ID == want {
				return []*corpus.Role{r}
			}
		}
	}
	return roles
}
