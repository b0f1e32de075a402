// Package bot is the product: it turns a chat message into an answer with
// citations from the job descriptions, or says plainly that it cannot. It
// knows no chat platform and no search engine; adapters translate messages
// in and answers out, and the search index is reached through Searcher.
package bot

import (
	"context"
	"fmt"

	"github.com/recruitbot/recruitbot/corpus"
)

// Searcher finds the items of the loaded roles that best match some text.
// The index package implements it.
type Searcher interface {
	Search(ctx context.Context, req SearchRequest) ([]Hit, error)
}

// SearchRequest is what the bot asks the index. Text is the user's words
// with the bot's own intent words removed; it is never a query language.
type SearchRequest struct {
	Text    string
	RoleIDs []string      // only these roles; all when empty
	Kinds   []corpus.Kind // only these kinds; all when empty
	Area    string        // only criteria of this area; any when ""
	Level   corpus.Level  // only criteria of this level; any when ""
	Limit   int
}

// Hit is one item that matched, best first.
type Hit struct {
	RoleID string
	Item   corpus.Item
	Score  float64 // the index's relevance score; only comparable within one search
	// Coverage is the share of the request's terms, weighted by how rare
	// they are, that this item matches (directly, by stem, by synonym or by
	// spelling variant): 1 when it matches them all.
	Coverage float64
	// Strength is the summed weight of the matched terms: how much of
	// substance the item shares with the request, whatever its length.
	Strength float64
	// Direct is the part of Strength that the question's own words, their
	// synonyms, spellings and other endings match; the rest is WordNet's
	// related terms and parts of phrases.
	Direct   float64
	Matched  []string // the request's words this item matches
	Missing  []string // the request's words it does not
	Unknown  []string // the request's words that no item of the searched roles has
	Fragment string   // the sentence of the item that matches best
	// Norm is the weight of a term only one item of the role has: Strength
	// divided by Norm means the same in a small role and a large one.
	Norm float64
}

// Library is what the bot answers from: the roles and an index over them.
// The bot swaps whole libraries, so a question never sees half of one.
type Library struct {
	Roles    []*corpus.Role
	Searcher Searcher
}

// Role returns the library's role with the given id.
func (l Library) Role(id string) (*corpus.Role, bool) {
	return (&corpus.Corpus{Roles: l.Roles}).Role(id)
}

// Question is a message addressed to the bot.
type Question struct {
	Text string
	// RoleID is the role the conversation is about, e.g. from the channel's
	// configuration; "" when unknown. A role named in Text wins over it.
	RoleID string
	// Conversation keys what a follow-up refers back to: a Slack thread or
	// DM, a Discord channel or thread, a console session. "" keeps nothing.
	Conversation string
}

// Intent is what the bot took a message to ask for.
type Intent string

// The intents the bot recognises.
const (
	IntentGreeting    Intent = "greeting"
	IntentHelp        Intent = "help"
	IntentRequirement Intent = "requirement" // "do I need X?"
	IntentList        Intent = "list"        // "list the essential communication criteria"
	IntentDuty        Intent = "duty"        // "what does duty 12 say"
	IntentSummary     Intent = "summary"     // a role summary a recruiter can post
	IntentSearch      Intent = "search"      // any other question
	IntentFact        Intent = "fact"        // salary, location, closing date ...
	IntentRoles       Intent = "roles"       // which roles are open
	IntentCheck       Intent = "check"       // eligibility self-check
	IntentEmpty       Intent = "empty"       // nothing to answer
	IntentTooLong     Intent = "too-long"    // longer than MaxQuestion
	IntentThanks      Intent = "thanks"      // "thanks!"
	IntentError       Intent = "error"       // the search failed; not an abstention
)

// Answer is the bot's reply to one message.
type Answer struct {
	Question string
	Intent   Intent
	// RoleID is the role the message was taken to be about; "" when none
	// was settled (a greeting, or "which role do you mean?").
	RoleID string
	// ID names the answer for feedback on it; set by whoever records
	// answers (package insights), "" when it is not recorded.
	ID string
	// Answered is false when the bot abstains: the job description does not
	// cover the question, or the message was not a question it can answer.
	// Citations are then empty and Text says why.
	Answered bool
	// Text is the reply as a chat user reads it, in plain text.
	Text string
	// Lead is the first line of Text: the direct answer without the lines
	// that enumerate the citations. Adapters that render citations richly
	// show Lead and the citations; plain-text adapters show Text.
	Lead string
	// Citations are the items the answer rests on, best first.
	Citations []Citation
	// Posting is set for a role summary, for adapters that render it richly.
	Posting *Posting
	// Body is the answer as typed blocks, in reading order: what chat
	// adapters render. Text is the same answer as plain text.
	Body []Block
	// nearest is set when the answer quotes the item nearest the question,
	// which does not say exactly what was asked.
	nearest bool
}

// Citation is one item an answer rests on.
type Citation struct {
	RoleID  string
	Role    string // the role's title
	Kind    corpus.Kind
	Section string
	Number  int
	Area    string
	Level   corpus.Level
	Text    string // the item's full text
}

// Label names the citation the way a reader looks it up: "Key duty 7",
// "Qualifications · Essential", "Job scope", "Recruiter note · Salary".
func (c Citation) Label() string {
	switch c.Kind {
	case corpus.Duty:
		return fmt.Sprintf("Key duty %d", c.Number)
	case corpus.Criterion:
		return c.Area + " · " + c.Level.Title()
	case corpus.Fact:
		return "Recruiter note · " + c.Area
	case corpus.FAQ:
		return "Recruiter note · FAQ"
	case corpus.Scope:
		return "Job scope"
	}
	if c.Section != "" {
		return c.Section
	}
	return string(c.Kind)
}

// Posting is a role summary laid out as a job posting.
type Posting struct {
	RoleID    string
	Title     string
	Summary   string         // the role in one paragraph
	Duties    []PostingGroup // duties in brief, grouped
	Essential []PostingGroup // essential criteria by area
	Facts     []PostingFact  // recruiter facts, when present
}

// PostingGroup is a named list of short lines.
type PostingGroup struct {
	Name  string
	Lines []string
}

// PostingFact is one recruiter fact in a posting.
type PostingFact struct {
	Label string // "Salary", "Closing date", ...
	Value string
}

// Responder is what adapters hand messages to; *Bot implements it.
type Responder interface {
	// Answer answers a free-text message.
	Answer(ctx context.Context, q Question) Answer
	// Run answers a slash command, e.g. Command{Name: "duty", Args: "12"}.
	Run(ctx context.Context, q Question, c Command) Answer
}

// Adapter connects a chat platform to a Responder until ctx ends.
type Adapter interface {
	Run(ctx context.Context, r Responder) error
}
