package serve

import (
	"context"
	"fmt"
	"iter"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// inCI reports whether the tests run in CI, where a missing browser is a
// failure rather than a reason to skip.
func inCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "false" && v != "0"
}

// chromePath is the real Chromium binary (Debian's /usr/bin/chromium is a
// wrapper script that adds flags and prints warnings).
func chromePath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	return "/usr/lib/chromium/chromium"
}

// newTab starts a headless Chromium for the test and opens a tab.
func newTab(t *testing.T) context.Context {
	t.Helper()
	exe := chromePath()
	if fi, err := os.Stat(exe); err != nil || fi.IsDir() {
		msg := fmt.Sprintf("Chromium not found at %s: install it (apt-get install -y chromium) or set CHROME_PATH", exe)
		if inCI() {
			t.Fatal(msg + " (CI is set, so this fails instead of skipping)")
		}
		t.Skip(msg)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox, // tests may run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// Without these Chromium keeps trying hosts it cannot reach.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); allocCancel() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// awaitLoad waits for the tab's next load event, subscribed by events.
func awaitLoad(t *testing.T, loads iter.Seq2[page.EventLoadEventFired, error]) {
	t.Helper()
	for _, err := range loads {
		if err != nil {
			t.Fatalf("waiting for the page to reload: %v", err)
		}
		return
	}
	t.Fatal("the page did not reload")
}

// eval runs a JavaScript expression in the tab, with a bounded wait.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, patience)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// poll waits until a JavaScript condition holds in the page.
func poll(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !eval[bool](t, ctx, js) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", patience, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestBrowserReloadsByItself opens a page in headless Chromium, edits its
// Markdown, and sees the page reload by itself; then breaks a CSV file and
// sees the problems appear over the page without a reload, fixes it and sees
// the page come back; then changes only the stylesheet and sees it swapped
// without a reload.
func TestBrowserReloadsByItself(t *testing.T) {
	tab := newTab(t)
	p := startReference(t, Options{})
	const path = "/framework/compact/"
	if err := chromedp.Do(tab, chromedp.Navigate(p.url+path)); err != nil {
		t.Fatal(err)
	}
	// Only edit once the page listens: else the edit could land before it.
	p.waitFor("the page's EventSource connection", func() bool { return p.srv.hub.count() == 1 })
	// A mark that a real reload wipes out.
	eval[any](t, tab, `window.tscipMark = "before"`)

	wait, cancel := context.WithTimeout(tab, 2*patience)
	defer cancel()
	loads := chromedp.Events(wait, page.LoadEventFired)
	p.replace("content/framework/compact.md", "The Compact is", "The Compact, reloaded by itself, is")
	awaitLoad(t, loads)
	poll(t, tab, "the edited text", `document.body.innerText.includes("reloaded by itself")`)
	if mark := eval[string](t, tab, `String(window.tscipMark)`); mark != "undefined" {
		t.Errorf("the page was not reloaded (mark %q)", mark)
	}

	// Break a CSV: the problems appear over the page, which does not reload.
	p.waitFor("the reloaded page's connection", func() bool { return p.srv.hub.count() == 1 })
	eval[any](t, tab, `window.tscipMark = "kept"`)
	csv := p.read("data/arrangements.csv")
	p.replace("data/arrangements.csv", ",82300,", ",82300.123,")
	poll(t, tab, "the problems overlay", `!!document.getElementById("tscip-overlay")`)
	text := eval[string](t, tab, `document.getElementById("tscip-overlay").innerText`)
	if !strings.Contains(text, "data/arrangements.csv:2:") || !strings.Contains(text, "scc-cab-burton-2010") {
		t.Errorf("the overlay does not name the file, line and offending row:\n%s", text)
	}
	if role := eval[string](t, tab, `document.getElementById("tscip-overlay").getAttribute("role")`); role != "alertdialog" {
		t.Errorf("the overlay's role is %q", role)
	}
	if focus := eval[string](t, tab, `document.activeElement && document.activeElement.id`); focus != "tscip-overlay" {
		t.Errorf("the overlay does not take focus (focus on %q)", focus)
	}
	if mark := eval[string](t, tab, `String(window.tscipMark)`); mark != "kept" {
		t.Errorf("the page reloaded to show the problems (mark %q)", mark)
	}

	// Fix it: the page reloads without the overlay.
	loads = chromedp.Events(wait, page.LoadEventFired)
	p.write("data/arrangements.csv", csv)
	awaitLoad(t, loads)
	poll(t, tab, "the overlay to go", `document.readyState === "complete" && !document.getElementById("tscip-overlay")`)

	// Only the stylesheet changes: it is swapped in place.
	p.waitFor("the reloaded page's connection", func() bool { return p.srv.hub.count() == 1 })
	eval[any](t, tab, `window.tscipMark = "styles"`)
	p.write("static/assets/site.css", "body { background: rgb(1, 2, 3) }\n")
	poll(t, tab, "the new stylesheet", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	if mark := eval[string](t, tab, `String(window.tscipMark)`); mark != "styles" {
		t.Errorf("the page reloaded for a stylesheet change (mark %q)", mark)
	}
	if !eval[bool](t, tab, `[...document.querySelectorAll('link[rel~="stylesheet"]')].some(l => l.href.includes("tscip="))`) {
		t.Error("the stylesheet link has no cache-busting query")
	}
}
