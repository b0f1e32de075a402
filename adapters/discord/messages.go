package discord

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/recruitbot/recruitbot/bot"
)

// onMessage answers a message addressed to the bot: one that mentions it
// in a server channel, any message in a thread it answered in (a
// follow-up), or any direct message. Bots, the bot itself included, are
// never answered, so two bots cannot talk in a loop.
func (rn *runner) onMessage(_ *discordgo.Session, ev *discordgo.MessageCreate) {
	m := ev.Message
	me := rn.me.Load()
	if m == nil || me == nil || m.Author == nil || m.Author.Bot || m.WebhookID != "" || m.Author.ID == me.userID {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return // joins, pins and other system messages
	}
	roleID := rn.a.cfg.Channels[m.ChannelID]
	followUp := m.GuildID != "" && !mentions(m, me.userID)
	if followUp {
		threadRole, ok := rn.a.threads.About(m.ChannelID)
		if !ok {
			return
		}
		if roleID == "" {
			roleID = threadRole
		}
	}
	log := rn.log.With("guild_id", m.GuildID, "channel_id", m.ChannelID, "message_id", m.ID)
	if followUp {
		log = log.With("follow_up", true)
	}
	claim := "message:" + m.ID
	if !rn.claim(log, claim) {
		log.Debug("message already answered")
		rn.a.metrics.Deduplicated("discord")
		return
	}
	rn.a.metrics.Received("discord")
	inboxID := rn.enqueue(log, m)
	// A channel or thread is one conversation for follow-ups.
	q := bot.Question{Text: stripMention(m.Content, me.userID), RoleID: roleID, Conversation: "discord:" + m.ChannelID}
	// A mention in a server is public; a direct message is not.
	to := bot.Audience{Public: m.GuildID != "", Recruiter: m.Member != nil && rn.isRecruiter(m.Member.Roles)}
	rn.spawn(log, func(ctx context.Context) {
		ans := rn.a.gate.Think(ctx, log, func(ctx context.Context) bot.Answer { return rn.r.Answer(ctx, q) })
		ans, refused := bot.ForAudience(ans, to)
		if refused {
			log.Info("refused", "reason", "not a recruiter")
		}
		if m.GuildID != "" {
			// Known before the answer shows, so that a reply typed the
			// moment it does is taken as a follow-up.
			rn.noteThread(ctx, log, m.ChannelID)
		}
		reply := rn.replier(ctx, m, ans.RoleID)
		var sent int
		var err error
		rn.deliver(ans, log, func(msgs []message) (int, error) {
			sent, err = reply(rn.withFeedback(msgs, ans.ID))
			return sent, err
		})
		if err != nil && sent == 0 {
			rn.release(log, claim) // nothing posted: the inbox replays it
		} else {
			rn.markDone(log, inboxID)
		}
	})
}

// replier posts messages as replies to m, an answer about the role roleID
// ("" for none). The reply survives m being deleted meanwhile, as a plain
// message.
func (rn *runner) replier(ctx context.Context, m *discordgo.Message, roleID string) func([]message) (int, error) {
	ref := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: new(bool)}
	return func(msgs []message) (int, error) {
		for n, msg := range msgs {
			err := rn.retrying(ctx, rn.log.With("channel_id", m.ChannelID), func() error {
				posted, err := rn.dg.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
					Content:         msg.Content,
					Embeds:          msg.Embeds,
					Components:      msg.Components,
					AllowedMentions: noMentions(),
					Reference:       ref,
				}, discordgo.WithContext(ctx))
				if err == nil && posted != nil && m.GuildID != "" {
					// A thread started on the answer takes its id, and
					// follow-ups there are about the same role.
					rn.a.threads.AddAbout(posted.ID, roleID)
				}
				return err
			})
			if err != nil {
				return n, err
			}
		}
		return len(msgs), nil
	}
}

// noteThread remembers channel id if it is a thread, so that the next
// message there needs no mention. Only a channel not known either way is
// looked up; one that cannot be is left unknown, so that the bot answers
// there only when mentioned.
func (rn *runner) noteThread(ctx context.Context, log *slog.Logger, id string) {
	if rn.a.threads.Has(id) {
		rn.a.threads.Add(id) // answered again: remembered for longer
		return
	}
	if rn.a.notThreads.has(id) {
		return
	}
	ch, err := rn.dg.Channel(id, discordgo.WithContext(ctx))
	switch {
	case err != nil:
		log.Warn("could not tell whether the channel is a thread", errAttr(err))
	case ch != nil && ch.IsThread():
		rn.a.threads.Add(id)
	default:
		rn.a.notThreads.add(id)
	}
}

// noMentions lets Discord parse no mention at all in a reply, not even of
// the user replied to.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// mentions reports whether m mentions the user id, by Discord's own
// reckoning or by the raw mention syntax in its text.
func mentions(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	return strings.Contains(m.Content, "<@"+id+">") || strings.Contains(m.Content, "<@!"+id+">")
}

var spaceRun = regexp.MustCompile(`[ \t]{2,}`)

// stripMention removes the bot's mention from a message, so that
// "@recruitbot, do I need HCPC?" asks "do I need HCPC?".
func stripMention(content, id string) string {
	s := strings.NewReplacer("<@"+id+">", " ", "<@!"+id+">", " ").Replace(content)
	s = spaceRun.ReplaceAllString(strings.TrimSpace(s), " ")
	return strings.TrimSpace(strings.TrimLeft(s, ",:; "))
}

// recent is a bounded set of the most recently seen ids.
type recent struct {
	mu   sync.Mutex
	set  map[string]struct{}
	ring []string
	next int
}

func newRecent(n int) *recent {
	return &recent{set: make(map[string]struct{}, n), ring: make([]string, n)}
}

// has reports whether id was recorded and not yet pushed out.
func (r *recent) has(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.set[id]
	return ok
}

// add records id and reports whether it is new.
func (r *recent) add(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.set[id]; ok {
		return false
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.set, old)
	}
	r.ring[r.next] = id
	r.set[id] = struct{}{}
	r.next = (r.next + 1) % len(r.ring)
	return true
}
