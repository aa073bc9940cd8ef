// Package serve is the preview server: it renders a site into memory,
// serves it on a local address, renders it again whenever an input file
// changes, and tells open pages to reload (or to swap their stylesheets, or
// to show the problems that stop the site from building) over Server-Sent
// Events. Nothing is written to disk.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/watch"
)

// Options configure a preview server.
type Options struct {
	Source string // the site's folder
	Drafts bool   // show pages marked draft
	// Quiet is how long the files must be unchanged before a rebuild
	// (default watch.DefaultQuiet).
	Quiet time.Duration
	// MaxClients bounds the open pages listening for reloads (default 256);
	// more are answered 503.
	MaxClients int
	// Log receives one line per build and each problem; nil discards.
	Log io.Writer
	// Now fixes the build date (tests); zero uses the clock.
	Now time.Time
}

// Server is one preview of one site.
type Server struct {
	opt     Options
	session *generator.Session
	state   atomic.Pointer[state]
	hub     *hub
	boot    string // tells this run's versions from an earlier run's
	seq     int
	logMu   sync.Mutex

	// builds counts finished builds, good or not, and lastElapsed is how
	// long the last one took (tests and benchmarks).
	builds      atomic.Int64
	lastElapsed atomic.Int64
	// loopback is set when the server listens only on a loopback address:
	// requests must then name a loopback host, which stops other web sites
	// from reading the preview through DNS rebinding.
	loopback atomic.Bool
}

// state is what the server serves: the last good site and, while the
// inputs have problems, those problems.
type state struct {
	version  string
	files    *publish.Files    // the last good render; nil before the first
	problems []diag.Diagnostic // nil when the last build succeeded
	overlay  []byte            // the problems as HTML, ready to insert
}

// Limits of the HTTP server. Live reload streams clear their read deadline
// and extend their write deadline at each write.
const (
	idleTimeout     = 2 * time.Minute
	maxHeaderBytes  = 64 << 10
	shutdownTimeout = 5 * time.Second
)

// Variables so that a test can shorten them.
var (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 30 * time.Second
)

// New prepares a server; nothing is read until Serve or Build.
func New(opt Options) *Server {
	if opt.Source == "" {
		opt.Source = "."
	}
	if opt.MaxClients <= 0 {
		opt.MaxClients = 256
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	s := &Server{opt: opt, hub: newHub(opt.MaxClients), boot: strconv.FormatInt(time.Now().UnixNano(), 36)}
	s.session = generator.NewSession(generator.Options{Source: opt.Source, Drafts: opt.Drafts, Now: opt.Now})
	return s
}

// Serve watches the site, builds it, and serves it on ln until ctx ends;
// then it closes the live reload streams and shuts the server down.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// Watch before the first build, so that no edit falls between the two.
	w, err := watch.New(s.opt.Source, watch.Options{Quiet: s.opt.Quiet})
	if err != nil {
		ln.Close()
		return fmt.Errorf("watching %s: %w", s.opt.Source, err)
	}
	defer w.Close()
	if s.state.Load() == nil {
		s.Build(ctx, nil)
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		s.loopback.Store(true)
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	srv.RegisterOnShutdown(s.hub.close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.logf("Serving %s at %s (press Ctrl-C to stop)", s.opt.Source, URL(ln.Addr()))

	for {
		select {
		case <-ctx.Done():
			s.hub.close()
			sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
			err := srv.Shutdown(sctx)
			cancel()
			<-served
			return err
		case err := <-served:
			s.hub.close()
			return err
		case batch, ok := <-w.Changes:
			if !ok {
				return errors.New("watching stopped")
			}
			s.Build(ctx, batch)
		case err := <-w.Errors:
			s.logf("watching: %v", err)
		}
	}
}

// URL gives the address to open for a listener's address.
func URL(a net.Addr) string {
	host := a.String()
	if tcp, ok := a.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		host = net.JoinHostPort("localhost", strconv.Itoa(tcp.Port))
	}
	return "http://" + host + "/"
}

// Build renders the site once and tells open pages what changed. changed
// names the files that caused it, for the log.
func (s *Server) Build(ctx context.Context, changed []string) {
	began := time.Now()
	res, st, err := s.session.Render(ctx)
	s.lastElapsed.Store(int64(time.Since(began)))
	defer s.builds.Add(1)
	if ctx.Err() != nil {
		return
	}
	prev := s.state.Load()
	var last *publish.Files
	if prev != nil {
		last = prev.files
	}
	why := ""
	if len(changed) > 0 {
		why = " (" + strings.Join(shorten(changed, 3), ", ") + ")"
	}
	if err != nil {
		var de *diag.Error
		var problems []diag.Diagnostic
		if errors.As(err, &de) {
			problems = de.Items
		} else {
			problems = []diag.Diagnostic{{File: s.opt.Source, Message: err.Error()}}
		}
		next := s.store(last, problems)
		for _, d := range problems {
			s.logf("%s", d.String())
		}
		s.logf("%d %s%s: the preview shows the last good version with the problems over it", len(problems), plural(len(problems), "problem", "problems"), why)
		s.hub.broadcast(event{name: "problems", id: next.version, data: overlayEvent(next.overlay)})
		return
	}
	if st.Unchanged && prev != nil && prev.problems == nil {
		return
	}
	changedFiles := diffFiles(last, res.Files)
	if prev != nil && prev.problems == nil && len(changedFiles) == 0 {
		s.logf("rebuilt in %s, nothing to show changed%s", ms(res.Elapsed), why)
		return
	}
	next := s.store(res.Files, nil)
	if prev == nil {
		s.logf("built %d pages in %s", res.Pages, ms(res.Elapsed))
		return
	}
	s.logf("rebuilt %d pages in %s: %d rendered, %d kept%s", res.Pages, ms(res.Elapsed), st.Rendered, st.Reused, why)
	if prev.problems == nil && allCSS(changedFiles) {
		s.hub.broadcast(event{name: "css", id: next.version, data: jsonList(changedFiles)})
		return
	}
	s.hub.broadcast(event{name: "reload", id: next.version, data: "{}"})
}

// store publishes a new state under a new version.
func (s *Server) store(files *publish.Files, problems []diag.Diagnostic) *state {
	s.seq++
	st := &state{version: s.boot + "-" + strconv.Itoa(s.seq), files: files, problems: problems}
	if problems != nil {
		st.overlay = overlayHTML(problems, files != nil)
	}
	s.state.Store(st)
	return st
}

func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opt.Log, format+"\n", args...)
}

// diffFiles lists the paths added, removed or changed between two renders.
func diffFiles(old, cur *publish.Files) []string {
	var out []string
	if old == nil {
		return cur.Paths()
	}
	for _, p := range cur.Paths() {
		b, _ := cur.Get(p)
		ob, ok := old.Get(p)
		if !ok || !sameBytes(ob, b) {
			out = append(out, p)
		}
	}
	for _, p := range old.Paths() {
		if _, ok := cur.Get(p); !ok {
			out = append(out, p)
		}
	}
	return out
}

func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true // kept from the last render
	}
	return bytes.Equal(a, b)
}

func allCSS(paths []string) bool {
	for _, p := range paths {
		if !strings.HasSuffix(p, ".css") {
			return false
		}
	}
	return len(paths) > 0
}

func shorten(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	return append(append([]string{}, list[:n]...), fmt.Sprintf("and %d more", len(list)-n))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func ms(d time.Duration) string { return d.Round(time.Millisecond).String() }
