package browsertest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/site"
)

// subPath is where the test server puts the site: a council's site usually
// lives in a folder of its web server, not at the root, and relative links
// must survive that.
const subPath = "/council/tscip/"

// One Chromium for the whole package: starting it costs about 1.5 s, a tab
// almost nothing.
var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserStop func()
	browserErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if browserStop != nil {
		browserStop()
	}
	os.Exit(code)
}

// inCI reports whether the tests run in CI, where a missing tool is a failure.
func inCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "false" && v != "0"
}

// missing skips the test on a developer's machine, and fails it in CI so that
// a broken install cannot pass silently.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if inCI() {
		t.Fatalf("%s (CI is set, so this fails instead of skipping)", msg)
	}
	t.Skip(msg)
}

// chromePath is the real Chromium binary, not Debian's /usr/bin/chromium
// wrapper script, which adds flags and prints warnings.
func chromePath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	return "/usr/lib/chromium/chromium"
}

// repoRoot walks up from the test's working directory to the folder holding
// go.mod: the reference site and node_modules live there.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
}

// axeSource returns axe-core's script, installed by npm from package.json.
func axeSource(t *testing.T) string {
	t.Helper()
	p := filepath.Join(repoRoot(t), "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		missing(t, "axe-core not installed (%v): run `npm ci --ignore-scripts` at the repository root", err)
	}
	return string(b)
}

// newTab opens a tab in the package's headless Chromium, starting the browser
// on first use. The tab closes when the test ends.
func newTab(t *testing.T) context.Context {
	t.Helper()
	exe := chromePath()
	if fi, err := os.Stat(exe); err != nil || fi.IsDir() {
		missing(t, "Chromium not found at %s: install it (apt-get install chromium) or set CHROME_PATH", exe)
	}
	browserOnce.Do(func() { browserErr = startBrowser(exe) })
	if browserErr != nil {
		t.Fatalf("starting Chromium %s: %v", exe, browserErr)
	}
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return ctx
}

func startBrowser(exe string) error {
	dir, err := os.MkdirTemp("", "tscip-chromium-")
	if err != nil {
		return err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dir),
		chromedp.Headless,
		chromedp.NoSandbox, // we run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// Chromium keeps trying hosts it cannot reach without these.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Scrollbars would take width from a 320 px viewport and show in
		// screenshots; phones overlay theirs.
		chromedp.Flag("hide-scrollbars", true),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	stop := func() {
		cancel()
		allocCancel()
		os.RemoveAll(dir)
	}
	// The first Do starts the browser and binds its life to the context it
	// is given, so it gets no timeout of its own.
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return err
	}
	browserCtx, browserStop = ctx, stop
	return nil
}

// servedSite is the reference site, built and served over HTTP on loopback.
type servedSite struct {
	URL  string // the site's root, ending in "/"
	Site *site.Site
}

// pageURL is the address of a page given by its site-root path.
func (s *servedSite) pageURL(path string) string {
	return s.URL + strings.TrimPrefix(path, "/")
}

// serveReferenceSite builds the repository's own site into a temporary
// folder and serves it under subPath until the test ends. The base URL is
// the server's own, so canonical links are there and point somewhere real.
func serveReferenceSite(t *testing.T) *servedSite {
	t.Helper()
	return serveSite(t, repoRoot(t))
}

// serveSite builds the site in src and serves it as serveReferenceSite does.
func serveSite(t *testing.T, src string) *servedSite {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + subPath
	dest := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(context.Background(), generator.Options{Source: src, Dest: dest, BaseURL: base})
	if err != nil {
		ln.Close()
		t.Fatalf("building the reference site: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle(subPath, http.StripPrefix(strings.TrimSuffix(subPath, "/"), http.FileServer(http.Dir(dest))))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("test server: %v", err)
		}
	}()
	t.Cleanup(func() { srv.Close() })
	return &servedSite{URL: base, Site: res.Site}
}

// load sets the viewport and opens url in the tab, failing the test unless
// the server answers 200.
func load(t *testing.T, tab context.Context, url string, width, height int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatalf("setting the viewport to %d×%d: %v", width, height, err)
	}
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("opening %s: HTTP %d", url, resp.Status)
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatalf("waiting for %s: %v", url, err)
	}
}

// resize changes the viewport of the page already loaded, as zooming in does,
// after moving focus off whatever an earlier check focused.
func resize(t *testing.T, tab context.Context, width, height int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`),
		chromedp.EmulateViewport(width, height),
	); err != nil {
		t.Fatalf("setting the viewport to %d×%d: %v", width, height, err)
	}
}

// eval runs a JavaScript expression in the tab's page and decodes its value.
func eval[T any](t *testing.T, tab context.Context, js string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		t.Fatalf("evaluating %.60q…: %v", js, err)
	}
	return v
}
