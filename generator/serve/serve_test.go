package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/internal/testsite"
)

// The tests wait at most this long for anything; a quiet period this short
// keeps them quick.
const (
	patience  = 5 * time.Second
	testQuiet = 40 * time.Millisecond
)

// preview is a running server on a copy of a site.
type preview struct {
	t      testing.TB
	dir    string
	url    string
	srv    *Server
	cancel context.CancelFunc
	done   chan error
	log    *syncBuffer
	once   sync.Once
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startReference serves a copy of the repository's reference site.
func startReference(t testing.TB, opt Options) *preview {
	t.Helper()
	dir := t.TempDir()
	if err := testsite.CopyReference(dir); err != nil {
		t.Fatal(err)
	}
	return start(t, dir, opt)
}

// start serves the site in dir on a free loopback port.
func start(t testing.TB, dir string, opt Options) *preview {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opt.Source = dir
	if opt.Quiet == 0 {
		opt.Quiet = testQuiet
	}
	log := &syncBuffer{}
	opt.Log = log
	ctx, cancel := context.WithCancel(context.Background())
	p := &preview{t: t, dir: dir, url: "http://" + ln.Addr().String(), srv: New(opt), cancel: cancel, done: make(chan error, 1), log: log}
	go func() { p.done <- p.srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	// Wait until it answers: the first build of a large site takes a while.
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(p.url + "/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusServiceUnavailable {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not answer within a minute: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (p *preview) stop() {
	p.once.Do(func() {
		p.cancel()
		select {
		case err := <-p.done:
			if err != nil {
				p.t.Errorf("Serve: %v", err)
			}
		case <-time.After(patience):
			p.t.Errorf("the server did not stop within %s", patience)
		}
	})
}

// get fetches a path and returns the status and body.
func (p *preview) get(path string) (int, string) {
	p.t.Helper()
	resp, err := http.Get(p.url + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func (p *preview) write(name, text string) {
	p.t.Helper()
	path := filepath.Join(p.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (p *preview) read(name string) string {
	p.t.Helper()
	b, err := os.ReadFile(filepath.Join(p.dir, filepath.FromSlash(name)))
	if err != nil {
		p.t.Fatal(err)
	}
	return string(b)
}

func (p *preview) replace(name, old, new string) {
	p.t.Helper()
	text := p.read(name)
	if !strings.Contains(text, old) {
		p.t.Fatalf("%s does not contain %q", name, old)
	}
	p.write(name, strings.Replace(text, old, new, 1))
}

var versionRE = regexp.MustCompile(`data-version="([^"]+)"`)

// version reads the version a page was served at.
func version(t testing.TB, page string) string {
	t.Helper()
	m := versionRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page has no live reload script:\n%s", tail(page))
	}
	return m[1]
}

func tail(s string) string {
	if len(s) > 600 {
		return "…" + s[len(s)-600:]
	}
	return s
}

// sse is a live reload client, as an open page would be.
type sse struct {
	events chan event
	resp   *http.Response
}

// listen opens an event stream for a page served at version v.
func (p *preview) listen(v string) *sse {
	p.t.Helper()
	resp, err := http.Get(p.url + eventsPath + "?v=" + v)
	if err != nil {
		p.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		p.t.Fatalf("event stream: status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		p.t.Fatalf("event stream: Content-Type %q", ct)
	}
	s := &sse{events: make(chan event, 64), resp: resp}
	go func() {
		defer close(s.events)
		r := bufio.NewReader(resp.Body)
		var ev event
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				if ev.name != "" {
					s.events <- ev
				}
				ev = event{}
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "id: "):
				ev.id = line[len("id: "):]
			case strings.HasPrefix(line, "data: "):
				if ev.data != "" {
					ev.data += "\n"
				}
				ev.data += line[len("data: "):]
			}
		}
	}()
	p.t.Cleanup(func() { resp.Body.Close() })
	// The server counts the stream once its first bytes are sent.
	p.waitFor("the stream to be registered", func() bool { return p.srv.hub.count() > 0 })
	return s
}

// next waits for the next event.
func (s *sse) next(t testing.TB) event {
	t.Helper()
	return s.within(t, patience)
}

// within waits for the next event at most d.
func (s *sse) within(t testing.TB, d time.Duration) event {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(d):
		t.Fatalf("no event within %s", d)
	}
	return event{}
}

// quiet checks that no event comes for a while.
func (s *sse) quiet(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if ok {
			t.Fatalf("unexpected event %s %s", ev.name, ev.data)
		}
	case <-time.After(d):
	}
}

func (p *preview) waitFor(what string, ok func() bool) {
	p.t.Helper()
	deadline := time.Now().Add(patience)
	for !ok() {
		if time.Now().After(deadline) {
			p.t.Fatalf("waited %s for %s", patience, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestEditMarkdownReloadsOpenPages(t *testing.T) {
	p := startReference(t, Options{})
	status, page := p.get("/about/")
	if status != 200 {
		t.Fatalf("/about/: status %d", status)
	}
	if !strings.Contains(page, `<script src="/__tscip/live.js"`) || strings.Index(page, "live.js") > strings.LastIndex(page, "</body>") {
		t.Fatalf("the live reload script is not just before </body>:\n%s", tail(page))
	}
	events := p.listen(version(t, page))
	p.replace("content/about.md", "\n+++\n", "\n+++\n\nA sentence added while previewing.\n")

	ev := events.next(t)
	if ev.name != "reload" {
		t.Fatalf("event %q, want reload", ev.name)
	}
	if _, page = p.get("/about/"); !strings.Contains(page, "A sentence added while previewing.") {
		t.Fatal("/about/ does not show the edit after the reload event")
	}
	if v := version(t, page); v != ev.id {
		t.Errorf("the page is at version %s, the event announced %s", v, ev.id)
	}

	// The script is the preview's: the built site never carries it.
	res, err := generator.Render(context.Background(), generator.Options{Source: p.dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range res.Files.Paths() {
		if b, _ := res.Files.Get(name); strings.Contains(string(b), "__tscip") {
			t.Errorf("the built file %s mentions the preview's live reload", name)
		}
	}
	if status, js := p.get(scriptPath); status != 200 || !strings.Contains(js, "EventSource") {
		t.Errorf("%s: status %d", scriptPath, status)
	}
}

func TestBrokenCSVShowsProblemsUntilFixed(t *testing.T) {
	p := startReference(t, Options{})
	_, home := p.get("/")
	events := p.listen(version(t, home))
	csv := p.read("data/arrangements.csv")
	lines := strings.Split(csv, "\n")
	line3 := lines[2]
	cells := strings.Split(line3, ",")
	broken := append([]string{}, cells...)
	broken[5] = "<b>12k</b>" // annual_value, column 6; markup must come out escaped
	p.replace("data/arrangements.csv", line3, strings.Join(broken, ","))

	ev := events.next(t)
	if ev.name != "problems" {
		t.Fatalf("event %q, want problems", ev.name)
	}
	for _, want := range []string{`role=\"alertdialog\"`, "data/arrangements.csv:3:6: annual_value", `\u0026lt;b\u0026gt;12k\u0026lt;/b\u0026gt;`} {
		if !strings.Contains(ev.data, want) {
			t.Errorf("the problems event lacks %s:\n%s", want, ev.data)
		}
	}
	// Every page, old or opened now, shows the last good version under the
	// problems, with the offending line's text.
	for _, path := range []string{"/", "/opportunities/", "/framework/compact/"} {
		status, page := p.get(path)
		if status != 200 {
			t.Fatalf("%s: status %d while the site has a problem", path, status)
		}
		for _, want := range []string{`id="tscip-overlay" role="alertdialog"`, `aria-labelledby="tscip-overlay-title"`,
			"data/arrangements.csv:3:6: annual_value", "&lt;b&gt;12k&lt;/b&gt;", "<main"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
		if strings.Contains(page, "<b>12k</b>") {
			t.Errorf("%s shows the cell's markup unescaped", path)
		}
		if !strings.Contains(page, `<pre class="tscip-source"`) || !strings.Contains(page, strings.SplitN(line3, ",", 2)[0]) {
			t.Errorf("%s does not quote the offending line", path)
		}
	}
	p.write("data/arrangements.csv", csv)
	if ev := events.next(t); ev.name != "reload" {
		t.Fatalf("after the fix: event %q, want reload", ev.name)
	}
	if _, page := p.get("/"); strings.Contains(page, "tscip-overlay") {
		t.Error("the overlay is still shown after the fix")
	}
}

func TestNeverBuiltShowsAnErrorPage(t *testing.T) {
	dir := t.TempDir()
	if err := testsite.CopyReference(dir); err != nil {
		t.Fatal(err)
	}
	toml, _ := os.ReadFile(filepath.Join(dir, "site.toml"))
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte("titel = \"x\"\n"+string(toml)), 0o644)
	p := start(t, dir, Options{})
	status, page := p.get("/any/page/")
	if status != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", status)
	}
	for _, want := range []string{"<h1>The site could not be built</h1>", "site.toml:1:1: unknown key", "titel = &#34;x&#34;", `role="alertdialog"`, "live.js"} {
		if !strings.Contains(page, want) {
			t.Errorf("the error page lacks %s:\n%s", want, tail(page))
		}
	}
	events := p.listen(version(t, page))
	p.write("site.toml", string(toml))
	if ev := events.next(t); ev.name != "reload" {
		t.Fatalf("event %q, want reload", ev.name)
	}
	if status, _ := p.get("/"); status != 200 {
		t.Fatalf("after the fix: status %d", status)
	}
}

func TestNewFolderAfterStart(t *testing.T) {
	p := startReference(t, Options{})
	_, home := p.get("/")
	events := p.listen(version(t, home))
	p.write("content/guides/_index.md", "+++\ntitle = \"Guides\"\n+++\nShort guides.\n")
	p.write("content/guides/first-steps.md", "+++\ntitle = \"First steps\"\n+++\nHow to begin.\n")
	if ev := events.next(t); ev.name != "reload" {
		t.Fatalf("event %q, want reload", ev.name)
	}
	p.waitFor("the new page", func() bool { s, _ := p.get("/guides/first-steps/"); return s == 200 })
	// The new folder is watched: a later edit in it is seen.
	p.replace("content/guides/first-steps.md", "How to begin.", "How to start.")
	if ev := events.next(t); ev.name != "reload" {
		t.Fatalf("event %q, want reload", ev.name)
	}
	if _, page := p.get("/guides/first-steps/"); !strings.Contains(page, "How to start.") {
		t.Error("the edit inside the new folder is not shown")
	}
}

func TestSaveByRenameIsOneRebuild(t *testing.T) {
	p := startReference(t, Options{Quiet: 100 * time.Millisecond})
	_, page := p.get("/framework/compact/")
	events := p.listen(version(t, page))
	before := p.srv.builds.Load()
	text := strings.Replace(p.read("content/framework/compact.md"), "The Compact is", "The Compact, renewed in 2010, is", 1)
	tmp := filepath.Join(p.dir, "content/framework/.compact.md.tmp-1234")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(p.dir, "content/framework/compact.md")); err != nil {
		t.Fatal(err)
	}
	if ev := events.next(t); ev.name != "reload" {
		t.Fatalf("event %q, want reload", ev.name)
	}
	events.quiet(t, 500*time.Millisecond)
	if n := p.srv.builds.Load() - before; n != 1 {
		t.Errorf("%d rebuilds, want 1", n)
	}
	if _, page := p.get("/framework/compact/"); !strings.Contains(page, "renewed in 2010") {
		t.Error("the page does not show the edit")
	}
}

func TestStylesheetOnlyChangeSwapsStyles(t *testing.T) {
	p := startReference(t, Options{})
	_, page := p.get("/")
	events := p.listen(version(t, page))
	p.write("static/assets/site.css", "body { color: #0b0c0c }\n")
	ev := events.next(t)
	if ev.name != "css" || !strings.Contains(ev.data, "assets/site.css") {
		t.Fatalf("event %s %s, want css naming assets/site.css", ev.name, ev.data)
	}
	if _, css := p.get("/assets/site.css"); css != "body { color: #0b0c0c }\n" {
		t.Errorf("the stylesheet served is not the new one: %q", css)
	}
	// A page change is a reload again.
	p.replace("content/about.md", "\n+++\n", "\n+++\n\nMore.\n")
	if ev := events.next(t); ev.name != "reload" {
		t.Fatalf("event %q, want reload", ev.name)
	}
}

func TestStaleStreamIsToldAtOnce(t *testing.T) {
	p := startReference(t, Options{})
	events := p.listen("an-old-version")
	if ev := events.next(t); ev.name != "reload" {
		t.Fatalf("event %q, want reload for a page of an earlier version", ev.name)
	}
}

// rawGet sends a request line as written, without a client's cleaning.
func (p *preview) rawGet(target string, host string) (int, string, http.Header) {
	p.t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
	if err != nil {
		p.t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(patience))
	if host == "" {
		host = strings.TrimPrefix(p.url, "http://")
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		p.t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestOnlyTheSitesFilesAreServed(t *testing.T) {
	p := startReference(t, Options{})
	for _, target := range []string{"/../site.toml", "/%2e%2e/", "/%2e%2e/site.toml", "/%2E%2E/%2E%2E/etc/passwd", "/data/../../x",
		"/data/..%2f..%2fsite.toml", "/..%5csite.toml", "/\\..\\site.toml", "/a%00b", "/framework/%2e%2e/%2e%2e/site.toml"} {
		status, body, _ := p.rawGet(target, "")
		if status == 200 || status/100 == 3 || strings.Contains(body, "identifier_prefix") {
			t.Errorf("GET %s: status %d; want it refused", target, status)
		}
	}
	// The inputs are not part of the built site.
	for _, path := range []string{"/site.toml", "/data/arrangements.csv.bak", "/content/about.md"} {
		if status, _ := p.get(path); status != 404 {
			t.Errorf("GET %s: status %d, want 404", path, status)
		}
	}
	// No listings: a folder without an index page is not found.
	if status, body := p.get("/assets/"); status != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("GET /assets/: status %d; want 404 and no listing", status)
	}
	// Another host name (DNS rebinding) is refused on a loopback server.
	if status, _, _ := p.rawGet("/", "evil.example:80"); status != http.StatusForbidden {
		t.Errorf("Host evil.example: status %d, want 403", status)
	}
	if status, _, _ := p.rawGet("/", "localhost:1313"); status != 200 {
		t.Errorf("Host localhost: status %d, want 200", status)
	}
	resp, err := http.Post(p.url+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", resp.StatusCode)
	}
}

func TestNotFoundAndFolders(t *testing.T) {
	p := startReference(t, Options{})
	status, body := p.get("/no/such/page/")
	if status != 404 || !strings.Contains(body, "Page not found") || !strings.Contains(body, `<base href="/">`) {
		t.Errorf("GET /no/such/page/: status %d; want 404 with the site's 404 page", status)
	}
	if !strings.Contains(body, "live.js") {
		t.Error("the 404 page does not reload by itself")
	}
	status, _, h := p.rawGet("/framework?x=1", "")
	if status != http.StatusMovedPermanently || h.Get("Location") != "/framework/?x=1" {
		t.Errorf("GET /framework: status %d Location %q; want 301 to /framework/?x=1", status, h.Get("Location"))
	}
	status, _, h = p.rawGet("/framework//compact/", "")
	if status != http.StatusMovedPermanently || h.Get("Location") != "/framework/compact/" {
		t.Errorf("GET /framework//compact/: status %d Location %q", status, h.Get("Location"))
	}
	resp, err := http.Get(p.url + "/data/summary.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("summary.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestLiveReloadClientsAreBounded(t *testing.T) {
	p := startReference(t, Options{MaxClients: 2})
	_, page := p.get("/")
	v := version(t, page)
	p.listen(v)
	p.listen(v)
	p.waitFor("two streams", func() bool { return p.srv.hub.count() == 2 })
	resp, err := http.Get(p.url + eventsPath + "?v=" + v)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a third stream: status %d, want 503", resp.StatusCode)
	}
}

func TestStreamsOutliveServerTimeouts(t *testing.T) {
	saved := [2]time.Duration{readTimeout, writeTimeout}
	readTimeout, writeTimeout = 150*time.Millisecond, 200*time.Millisecond
	t.Cleanup(func() { readTimeout, writeTimeout = saved[0], saved[1] })
	p := startReference(t, Options{})
	_, page := p.get("/about/")
	events := p.listen(version(t, page))
	time.Sleep(3 * writeTimeout)
	p.replace("content/about.md", "\n+++\n", "\n+++\n\nLater.\n")
	if ev := events.next(t); ev.name != "reload" {
		t.Fatalf("event %q, want reload", ev.name)
	}
}

func TestShutdownEndsStreams(t *testing.T) {
	p := startReference(t, Options{})
	_, page := p.get("/")
	events := p.listen(version(t, page))
	start := time.Now()
	p.stop()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutting down took %s", d)
	}
	select {
	case _, ok := <-events.events:
		if ok {
			t.Error("an event instead of the end of the stream")
		}
	case <-time.After(patience):
		t.Error("the stream did not end at shutdown")
	}
}

func TestOverlayListsAtMostSome(t *testing.T) {
	var items []diag.Diagnostic
	for i := 1; i <= maxListed+7; i++ {
		items = append(items, diag.Diagnostic{File: "data/risks.csv", Line: i + 1, Column: 4, Message: "likelihood must be a whole number from 1 to 5", Value: "<x>"})
	}
	html := string(overlayHTML(items, true))
	if n := strings.Count(html, "<li>"); n != maxListed {
		t.Errorf("%d problems listed, want %d", n, maxListed)
	}
	for _, want := range []string{fmt.Sprintf("%d problems in the site", maxListed+7), "And 7 more", "data/risks.csv:2:4: likelihood must be a whole number from 1 to 5 (&lt;x&gt;)", "Hide until the next change"} {
		if !strings.Contains(html, want) {
			t.Errorf("the overlay lacks %q", want)
		}
	}
}
