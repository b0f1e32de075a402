package discord

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// refused reports whether Discord turned the request down for what it
// held or for a missing permission, as opposed to being unreachable.
func refused(err error) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return false
	}
	return re.Response.StatusCode == http.StatusBadRequest || re.Response.StatusCode == http.StatusForbidden
}

// rewriter sends requests for discord.com to the configured API base
// instead, keeping their paths, for one session only.
type rewriter struct {
	base *url.URL
	next http.RoundTripper
}

func (t *rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Hostname(), "discord.com") {
		return t.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host = t.base.Scheme, t.base.Host
	out.URL.Path = t.base.Path + req.URL.Path
	if req.URL.RawPath != "" {
		out.URL.RawPath = t.base.EscapedPath() + req.URL.RawPath
	}
	out.Host = ""
	return t.next.RoundTrip(out)
}

// explain adds what to do to the errors an operator can fix.
func explain(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004:
			return fmt.Errorf("%w (Discord rejected the token: check DISCORD_BOT_TOKEN)", err)
		case 4014:
			return fmt.Errorf("%w (turn on MESSAGE CONTENT INTENT on the Bot page of the developer portal)", err)
		}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		switch re.Response.StatusCode {
		case http.StatusUnauthorized:
			return fmt.Errorf("%w (Discord rejected the token: check DISCORD_BOT_TOKEN)", err)
		case http.StatusForbidden:
			return fmt.Errorf("%w (is the bot in that server, invited with the applications.commands scope?)", err)
		}
	}
	return err
}

var secretInURL = regexp.MustCompile(`/(webhooks|interactions)/(\d+)/[^/\s"?]+`)

// errAttr logs an error without the interaction token that a failed
// request's URL carries.
func errAttr(err error) slog.Attr {
	return slog.String("err", secretInURL.ReplaceAllString(err.Error(), "/$1/$2/…"))
}
