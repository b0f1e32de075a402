package bot

// Audience is who will see an answer where it is posted.
type Audience struct {
	// Public is a channel others read, as opposed to a direct message or a
	// reply only the asker sees.
	Public bool
	// Recruiter is whether the asker may post role summaries publicly.
	Recruiter bool
}

// SummaryRefusal is what someone who may not post a role summary where
// they asked for it is told instead.
const SummaryRefusal = "Only recruiters can post the role summary to a channel. " +
	"To read it yourself, ask me for it in a direct message."

// ForAudience applies the one rule about who may post what where, for every
// way a question comes in (a mention, a direct message, /role summary): the
// full posting, a role summary, goes to a channel only at a recruiter's
// request; anyone may read it privately. It returns the answer to post,
// and whether a was refused.
func ForAudience(a Answer, to Audience) (Answer, bool) {
	if a.Intent != IntentSummary || !to.Public || to.Recruiter {
		return a, false
	}
	return Answer{Question: a.Question, Intent: IntentSummary, Text: SummaryRefusal, Lead: SummaryRefusal}, true
}
