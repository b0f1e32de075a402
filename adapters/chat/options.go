package chat

import (
	"time"

	"github.com/recruitbot/recruitbot/internal/metrics"
)

// DefaultGrace bounds a shutdown when no option says otherwise: it fits in
// Kubernetes' default 30 s between SIGTERM and SIGKILL.
const DefaultGrace = 25 * time.Second

// Options are how every chat adapter runs, besides its own Config: the
// same for each, as serve.go passes them.
type Options struct {
	Metrics *metrics.Metrics // nil: nothing is counted
	// Grace bounds how long Run waits for the replies under way once its
	// context ends; replies left then are abandoned and logged.
	Grace  time.Duration
	Policy Policy
}

// Option changes how an adapter runs.
type Option func(*Options)

// WithMetrics counts events, replies and rate-limit waits in m.
func WithMetrics(m *metrics.Metrics) Option { return func(o *Options) { o.Metrics = m } }

// WithGrace sets the shutdown grace period (default 25 s); d <= 0 keeps
// the default.
func WithGrace(d time.Duration) Option {
	return func(o *Options) {
		if d > 0 {
			o.Grace = d
		}
	}
}

// WithPolicy sets the reply deadlines and how many answers are worked out
// at once; unset values keep their defaults (see Policy).
func WithPolicy(p Policy) Option { return func(o *Options) { o.Policy = p } }

// NewOptions applies opts over the defaults.
func NewOptions(opts []Option) Options {
	o := Options{Grace: DefaultGrace}
	for _, f := range opts {
		f(&o)
	}
	return o
}
