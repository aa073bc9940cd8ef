package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// event is one Server-Sent Event: reload (the site changed), css (only
// stylesheets changed), problems (the inputs have problems; data holds the
// overlay).
type event struct {
	name, id, data string
}

// Live reload streams: how often a comment keeps idle connections open,
// and how long one write may take before the client counts as gone.
const (
	heartbeat = 20 * time.Second
	writeWait = 10 * time.Second
)

// hub holds the open pages' streams, at most max of them.
type hub struct {
	mu      sync.Mutex
	clients map[*client]bool
	max     int
	closed  bool
}

// client is one stream. It holds only the event still to send: a newer
// event replaces an older one, except that a reload is never lost.
type client struct {
	mu      sync.Mutex
	pending *event
	wake    chan struct{} // has a value when pending is set
	done    chan struct{} // closed when the server shuts down
}

func newHub(max int) *hub { return &hub{clients: map[*client]bool{}, max: max} }

// join adds a stream, or reports that there are too many or the server is
// shutting down.
func (h *hub) join() (*client, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || len(h.clients) >= h.max {
		return nil, false
	}
	c := &client{wake: make(chan struct{}, 1), done: make(chan struct{})}
	h.clients[c] = true
	return c, true
}

func (h *hub) leave(c *client) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// count reports the open streams.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

func (h *hub) broadcast(ev event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		c.post(ev)
	}
}

// close ends every stream and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for c := range h.clients {
		close(c.done)
	}
}

func (c *client) post(ev event) {
	c.mu.Lock()
	if c.pending != nil && c.pending.name == "reload" {
		c.pending.id = ev.id // the reload shows whatever is current
	} else {
		c.pending = &ev
	}
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *client) take() *event {
	c.mu.Lock()
	defer c.mu.Unlock()
	ev := c.pending
	c.pending = nil
	return ev
}

// events streams reload events to one open page. The page says which
// version it shows (?v=, then Last-Event-ID when the browser reconnects);
// if that is no longer current it is told at once.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	c, ok := s.hub.join()
	if !ok {
		w.Header().Set("Retry-After", "10")
		http.Error(w, "Too many pages are listening for reloads", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.leave(c)
	rc := http.NewResponseController(w)
	// The stream outlives the server's read and write timeouts: clear the
	// read deadline and move the write deadline on before each write.
	_ = rc.SetReadDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	send := func(text string) bool {
		if err := rc.SetWriteDeadline(time.Now().Add(writeWait)); err != nil {
			return false
		}
		if _, err := fmt.Fprint(w, text); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("retry: 1000\n: connected\n\n") {
		return
	}
	seen := r.Header.Get("Last-Event-ID")
	if seen == "" {
		seen = r.URL.Query().Get("v")
	}
	if st := s.state.Load(); st != nil && seen != st.version {
		if st.problems != nil {
			c.post(event{name: "problems", id: st.version, data: overlayEvent(st.overlay)})
		} else {
			c.post(event{name: "reload", id: st.version, data: "{}"})
		}
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-c.done:
			return
		case <-tick.C:
			if !send(": ping\n\n") {
				return
			}
		case <-c.wake:
			if ev := c.take(); ev != nil && !send(ev.encode()) {
				return
			}
		}
	}
}

// encode writes the event in the text/event-stream format.
func (ev *event) encode() string {
	var b strings.Builder
	fmt.Fprintf(&b, "event: %s\nid: %s\n", ev.name, ev.id)
	for _, line := range strings.Split(ev.data, "\n") {
		fmt.Fprintf(&b, "data: %s\n", line)
	}
	b.WriteString("\n")
	return b.String()
}

func overlayEvent(html []byte) string {
	b, _ := json.Marshal(map[string]string{"html": string(html)})
	return string(b)
}

func jsonList(list []string) string {
	b, _ := json.Marshal(list)
	return string(b)
}
