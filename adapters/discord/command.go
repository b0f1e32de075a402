package discord

import (
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/recruitbot/recruitbot/bot"
)

// commandName is the slash command the adapter registers: /role.
const commandName = "role"

// roleCommand is the definition of /role and its subcommands. A global
// command also says it may be used in DMs with the bot; Discord only takes
// contexts on global commands.
func roleCommand(global bool) *discordgo.ApplicationCommand {
	one := 1.0
	// The roles, areas and levels are suggested as the user types, from
	// the library loaded at the time (see autocomplete.go), so they follow
	// the job descriptions through every reload.
	suggested := func(name, desc string) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc, Autocomplete: true}
	}
	sub := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc, Options: opts}
	}
	cmd := &discordgo.ApplicationCommand{
		Name:        commandName,
		Type:        discordgo.ChatApplicationCommand,
		Description: "Ask about the role's job description; answers quote their source",
		Options: []*discordgo.ApplicationCommandOption{
			sub("ask", "Ask a question about the role",
				&discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question, e.g. do I need HCPC registration?", Required: true}),
			sub("criteria", "List the person-specification criteria",
				suggested("area", "Only this area"),
				suggested("level", "Only essential or only desirable criteria"),
				suggested("role", "Which role, when there is more than one")),
			sub("duty", "Show one key duty by its number",
				&discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionInteger, Name: "number", Description: "The duty's number in the job description", Required: true, MinValue: &one, Autocomplete: true}),
			sub("summary", "A summary of the role as a job posting",
				suggested("role", "Which role, when there is more than one")),
			sub("check", "Check a profile against the essential criteria",
				&discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "profile", Description: "Your qualifications and experience, in a few sentences", Required: true}),
			sub("list", "List the roles I can answer about"),
			sub("insights", "Recruiters: what applicants asked, answered and not",
				&discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "role", Description: "Which role; default: this channel's, else all"}),
			sub("help", "What I can do"),
		},
	}
	localize(cmd)
	if global {
		cmd.Contexts = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
		cmd.IntegrationTypes = &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	}
	return cmd
}

// commandFrom turns a /role invocation into the bot's command. A
// subcommand it does not know becomes help rather than an error: commands
// registered by an older build may still be in a user's client.
func commandFrom(d discordgo.ApplicationCommandInteractionData) bot.Command {
	if len(d.Options) == 0 || d.Options[0].Type != discordgo.ApplicationCommandOptionSubCommand {
		return bot.Command{Name: "help"}
	}
	sub := d.Options[0]
	opt := func(name string) string {
		if o := sub.GetOption(name); o != nil {
			return strings.TrimSpace(optionString(o.Value))
		}
		return ""
	}
	switch sub.Name {
	case "ask":
		return bot.Command{Name: "ask", Args: opt("question")}
	case "criteria":
		return bot.Command{Name: "criteria", Args: strings.Join(strings.Fields(opt("role")+" "+opt("area")+" "+opt("level")), " ")}
	case "duty":
		return bot.Command{Name: "duty", Args: opt("number")}
	case "summary":
		return bot.Command{Name: "summary", Args: opt("role")}
	case "check":
		return bot.Command{Name: "check", Args: opt("profile")}
	case "insights":
		return bot.Command{Name: "insights", Args: opt("role")}
	case "list", "help":
		return bot.Command{Name: sub.Name}
	}
	return bot.Command{Name: "help"}
}

// optionString renders an option value as text. Integers arrive as JSON
// numbers, which decode as float64.
func optionString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// localize gives the command and every option their names and
// descriptions for the locales we have: British English, as written, and
// American English, spelt the American way. Other locales see the default.
func localize(cmd *discordgo.ApplicationCommand) {
	names, descs := locales(cmd.Name, cmd.Description)
	cmd.NameLocalizations, cmd.DescriptionLocalizations = &names, &descs
	var walk func([]*discordgo.ApplicationCommandOption)
	walk = func(opts []*discordgo.ApplicationCommandOption) {
		for _, o := range opts {
			o.NameLocalizations, o.DescriptionLocalizations = locales(o.Name, o.Description)
			walk(o.Options)
		}
	}
	walk(cmd.Options)
}

func locales(name, desc string) (names, descs map[discordgo.Locale]string) {
	return map[discordgo.Locale]string{discordgo.EnglishGB: name, discordgo.EnglishUS: name},
		map[discordgo.Locale]string{discordgo.EnglishGB: desc, discordgo.EnglishUS: american.Replace(desc)}
}

// american spells the words of the commands' descriptions that British and
// American English spell differently.
var american = strings.NewReplacer("summarise", "summarize", "Summarise", "Summarize", "organisation", "organization",
	"behaviour", "behavior", "programme", "program", "centre", "center", "licence", "license", "colour", "color")
