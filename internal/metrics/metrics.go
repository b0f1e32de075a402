// Package metrics is what the service tells Prometheus: questions and how
// they went, events and replies per adapter, rate-limit waits, corpus
// reloads. Every method is safe on a nil *Metrics, so code under test and
// the one-shot commands need not set one up.
package metrics

import (
	"net/http"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the service's series, on a registry of its own.
type Metrics struct {
	reg *prometheus.Registry

	questions     *prometheus.CounterVec
	answerSeconds prometheus.Histogram
	received      *prometheus.CounterVec
	deduplicated  *prometheus.CounterVec
	replied       *prometheus.CounterVec
	givenUp       *prometheus.CounterVec
	retries       *prometheus.CounterVec
	rateWaits     *prometheus.CounterVec
	rateSeconds   *prometheus.CounterVec
	queueSeconds  *prometheus.HistogramVec
	connected     *prometheus.GaugeVec
	reloads       prometheus.Counter
	reloadErrors  prometheus.Counter
	roles         prometheus.Gauge
	indexBuild    prometheus.Histogram
}

// New registers every series, the Go runtime's and the process's included.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	m := &Metrics{reg: reg}
	m.questions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "recruitbot_questions_total",
		Help: "Questions answered, by intent and outcome (answered, abstained, error)."}, []string{"intent", "outcome"})
	m.answerSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "recruitbot_answer_seconds",
		Help: "Time the bot took to answer one question, excluding delivery.", Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}})
	m.received = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "recruitbot_events_received_total",
		Help: "Messages and commands addressed to the bot, per adapter."}, []string{"adapter"})
	m.deduplicated = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "recruitbot_events_deduplicated_total",
		Help: "Events ignored because they were delivered before, per adapter."}, []string{"adapter"})
	m.replied = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "recruitbot_replies_total",
		Help: "Replies delivered in full, per adapter."}, []string{"adapter"})
	m.givenUp = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "recruitbot_replies_given_up_total",
		Help: "Replies abandoned, per adapter and reason (permanent, deadline, shutdown)."}, []string{"adapter", "reason"})
	m.retries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "recruitbot_reply_retries_total",
		Help: "Posts retried after a transient failure, per adapter."}, []string{"adapter"})
	m.rateWaits = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "recruitbot_rate_limit_waits_total",
		Help: "Times a post waited out a platform rate limit, per adapter."}, []string{"adapter"})
	m.rateSeconds = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "recruitbot_rate_limit_wait_seconds_total",
		Help: "Seconds spent waiting out platform rate limits, per adapter."}, []string{"adapter"})
	m.queueSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "recruitbot_reply_queue_seconds",
		Help: "Time a reply waited for its turn in its channel before posting, per adapter.", Buckets: []float64{.01, .1, .5, 1, 2.5, 5, 10, 30, 60, 120}}, []string{"adapter"})
	m.connected = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "recruitbot_adapter_connected",
		Help: "1 while an adapter is connected to its platform."}, []string{"adapter"})
	m.reloads = prometheus.NewCounter(prometheus.CounterOpts{Name: "recruitbot_corpus_reloads_total",
		Help: "Corpus reloads that replaced the library."})
	m.reloadErrors = prometheus.NewCounter(prometheus.CounterOpts{Name: "recruitbot_corpus_reload_errors_total",
		Help: "Corpus reloads refused or failed; the previous library kept answering."})
	m.roles = prometheus.NewGauge(prometheus.GaugeOpts{Name: "recruitbot_roles_loaded",
		Help: "Roles in the library answering now."})
	m.indexBuild = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "recruitbot_index_build_seconds",
		Help: "Time to build (or reuse) the search index for a corpus.", Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}})
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "recruitbot_build_info",
		Help: "Always 1; the labels say which build is running."}, []string{"version", "revision", "goversion"})
	v := ReadVersion()
	build.WithLabelValues(v.Version, v.Revision, v.GoVersion).Set(1)
	for _, c := range []prometheus.Collector{m.questions, m.answerSeconds, m.received, m.deduplicated, m.replied,
		m.givenUp, m.retries, m.rateWaits, m.rateSeconds, m.queueSeconds, m.connected, m.reloads, m.reloadErrors,
		m.roles, m.indexBuild, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		f(c)
	}
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Adapter creates an adapter's series at zero, so that dashboards and
// alerts see them before the first event.
func (m *Metrics) Adapter(name string) {
	if m == nil {
		return
	}
	for _, v := range []*prometheus.CounterVec{m.received, m.deduplicated, m.replied, m.retries, m.rateWaits, m.rateSeconds} {
		v.WithLabelValues(name)
	}
	for _, reason := range []string{"permanent", "deadline", "shutdown"} {
		m.givenUp.WithLabelValues(name, reason)
	}
	m.connected.WithLabelValues(name)
}

// Question counts one answer. outcome is answered, abstained or error.
func (m *Metrics) Question(intent, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(intent, outcome).Inc()
	m.answerSeconds.Observe(took.Seconds())
}

// Received counts a message or command addressed to the bot.
func (m *Metrics) Received(adapter string) {
	if m != nil {
		m.received.WithLabelValues(adapter).Inc()
	}
}

// Deduplicated counts an event ignored as a redelivery.
func (m *Metrics) Deduplicated(adapter string) {
	if m != nil {
		m.deduplicated.WithLabelValues(adapter).Inc()
	}
}

// Replied counts a reply delivered in full.
func (m *Metrics) Replied(adapter string) {
	if m != nil {
		m.replied.WithLabelValues(adapter).Inc()
	}
}

// GaveUp counts a reply abandoned; reason is permanent, deadline or
// shutdown.
func (m *Metrics) GaveUp(adapter, reason string) {
	if m != nil {
		m.givenUp.WithLabelValues(adapter, reason).Inc()
	}
}

// Retried counts a post tried again after a transient failure.
func (m *Metrics) Retried(adapter string) {
	if m != nil {
		m.retries.WithLabelValues(adapter).Inc()
	}
}

// RateLimited counts a wait for a platform's rate limit.
func (m *Metrics) RateLimited(adapter string, wait time.Duration) {
	if m != nil {
		m.rateWaits.WithLabelValues(adapter).Inc()
		m.rateSeconds.WithLabelValues(adapter).Add(wait.Seconds())
	}
}

// Queued records how long a reply waited for its channel.
func (m *Metrics) Queued(adapter string, wait time.Duration) {
	if m != nil {
		m.queueSeconds.WithLabelValues(adapter).Observe(wait.Seconds())
	}
}

// Connected records whether an adapter is connected.
func (m *Metrics) Connected(adapter string, up bool) {
	if m == nil {
		return
	}
	v := 0.0
	if up {
		v = 1
	}
	m.connected.WithLabelValues(adapter).Set(v)
}

// Reloaded counts a corpus reload, failed or not.
func (m *Metrics) Reloaded(err error) {
	if m == nil {
		return
	}
	if err != nil {
		m.reloadErrors.Inc()
		return
	}
	m.reloads.Inc()
}

// Library records the roles answering now and how long their index took.
func (m *Metrics) Library(roles int, build time.Duration) {
	if m != nil {
		m.roles.Set(float64(roles))
		m.indexBuild.Observe(build.Seconds())
	}
}

// Version is what the binary knows of its own build.
type Version struct {
	Version   string // the module version, "(devel)" for a local build
	Revision  string // the VCS revision, "" when unknown
	Modified  bool   // built from a tree with uncommitted changes
	GoVersion string
}

// ReadVersion reads the build information the Go toolchain embedded.
func ReadVersion() Version {
	v := Version{Version: "(devel)"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v.GoVersion = bi.GoVersion
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}
