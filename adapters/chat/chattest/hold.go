package chattest

import (
	"net/http"
	"sync"
)

// Hold keeps a stand-in's requests waiting while it is shut, as a
// platform that does not answer does: to catch an adapter mid-reply. The
// zero Hold is open.
type Hold struct {
	// OnHold, when set, is called each time a request starts waiting.
	OnHold func()

	mu   sync.Mutex
	shut chan struct{} // nil: open
	held int
}

// Shut makes the requests from now on wait until Open.
func (h *Hold) Shut() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.shut == nil {
		h.shut = make(chan struct{})
	}
}

// Open lets the waiting requests, and those to come, through.
func (h *Hold) Open() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.shut != nil {
		close(h.shut)
		h.shut = nil
	}
}

// Held is how many requests have waited.
func (h *Hold) Held() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.held
}

// Wait holds r while the hold is shut, and reports whether the client
// gave up on it meanwhile.
func (h *Hold) Wait(r *http.Request) (abandoned bool) {
	h.mu.Lock()
	shut := h.shut
	if shut != nil {
		h.held++
	}
	h.mu.Unlock()
	if shut == nil {
		return false
	}
	if h.OnHold != nil {
		h.OnHold()
	}
	select {
	case <-shut:
		return false
	case <-r.Context().Done():
		return true
	}
}
