package sitetest

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tscip/tscip/generator"
)

// The enhancements of site.js, used as a reader would in headless Chromium:
// sorting and filtering the arrangements, filtering the opportunities,
// searching from the header and the search page, and the same pages with
// JavaScript off.

var (
	chromeOnce sync.Once
	chromeCtx  context.Context
	chromeErr  error
)

func inCI() bool { v := os.Getenv("CI"); return v != "" && v != "false" && v != "0" }

// tab opens a tab in a headless Chromium shared by the package's tests,
// skipping (failing in CI) where Chromium is not installed.
func tab(t *testing.T) context.Context {
	t.Helper()
	exe := os.Getenv("CHROME_PATH")
	if exe == "" {
		exe = "/usr/lib/chromium/chromium"
	}
	if _, err := os.Stat(exe); err != nil {
		if inCI() {
			t.Fatalf("Chromium not found at %s (CI is set, so this fails)", exe)
		}
		t.Skipf("Chromium not found at %s: install it or set CHROME_PATH", exe)
	}
	chromeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tscip-sitetest-chromium-")
		if err != nil {
			chromeErr = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.UserDataDir(dir),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-dev-shm-usage", true))
		alloc, _ := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, _ := chromedp.NewContext(alloc)
		// The browser lives as long as the test binary; the OS reaps it.
		chromeCtx, chromeErr = ctx, chromedp.Do(ctx)
	})
	if chromeErr != nil {
		t.Fatalf("starting Chromium: %v", chromeErr)
	}
	ctx, cancel := chromedp.NewContext(chromeCtx)
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelT)
	return ctx
}

// servedReference builds the reference site and serves it under subPath,
// returning the site's address.
func servedReference(t *testing.T, opt generator.Options) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dir := build(t, opt)
	serve(t, ln, dir)
	return "http://" + ln.Addr().String() + subPath
}

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	must(t, err, js)
	return v
}

// wait polls a JavaScript condition for up to ten seconds.
func wait(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	var err error
	for range 5 {
		_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(10*time.Second)))
		// A page still settling after a navigation can drop the context a
		// poll runs in; poll again in the new one.
		if err == nil || !strings.Contains(err.Error(), "Cannot find context") {
			break
		}
	}
	must(t, err, "waiting for "+cond)
}

const visibleRows = `Array.from(document.querySelectorAll("#arrangement-table tbody tr")).filter(r => !r.hidden)`

func TestArrangementsTable(t *testing.T) {
	site := servedReference(t, generator.Options{})
	ctx := tab(t)
	must(t, chromedp.Do(ctx, chromedp.Navigate(site+"arrangements/")), "open /arrangements/")
	wait(t, ctx, `!document.getElementById("arrangement-filters").hidden`)

	labels := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#arrangement-filters label")).map(l => l.textContent)`)
	if strings.Join(labels, ",") != "Partner,Service,Type" {
		t.Errorf("filters labelled %v, want Partner, Service, Type", labels)
	}
	// Filter by a partner: only its rows remain, and the count is said.
	total := eval[int](t, ctx, `document.querySelectorAll("#arrangement-table tbody tr").length`)
	want := eval[int](t, ctx, `document.querySelectorAll('#arrangement-table tbody tr[data-partner="staffordshire-county-council"]').length`)
	eval[bool](t, ctx, `(() => { const s = document.getElementById("filter-partner"); s.value = "staffordshire-county-council"; s.dispatchEvent(new Event("change")); return true })()`)
	shown := eval[[]string](t, ctx, visibleRows+`.map(r => r.dataset.partner)`)
	if len(shown) != want || want == 0 {
		t.Errorf("filtered by partner: %d rows shown, want %d", len(shown), want)
	}
	for _, p := range shown {
		if p != "staffordshire-county-council" {
			t.Errorf("a row of %s is shown under the County's filter", p)
		}
	}
	status := eval[string](t, ctx, `document.querySelector("#arrangement-filters [role=status]").textContent`)
	if status != fmt.Sprintf("Showing %d of %d arrangements.", want, total) {
		t.Errorf("status %q", status)
	}
	// Add the type: both filters apply.
	eval[bool](t, ctx, `(() => { const s = document.getElementById("filter-type"); s.value = "grant"; s.dispatchEvent(new Event("change")); return true })()`)
	for _, r := range eval[[][]string](t, ctx, visibleRows+`.map(r => [r.dataset.partner, r.dataset.type])`) {
		if r[0] != "staffordshire-county-council" || r[1] != "grant" {
			t.Errorf("row %v shown under County + grant", r)
		}
	}
	eval[bool](t, ctx, `(() => { for (const id of ["filter-partner", "filter-type"]) { const s = document.getElementById(id); s.value = ""; s.dispatchEvent(new Event("change")); } return true })()`)
	if n := eval[int](t, ctx, visibleRows+`.length`); n != total {
		t.Errorf("with no filter %d rows shown, want %d", n, total)
	}

	// Sort by annual value: a button in the heading; twice reverses.
	button := `Array.from(document.querySelectorAll("#arrangement-table th button")).find(b => b.textContent.trim() == "Annual value")`
	for _, dir := range []string{"ascending", "descending"} {
		eval[bool](t, ctx, `(() => { `+button+`.click(); return true })()`)
		if got := eval[string](t, ctx, button+`.parentElement.getAttribute("aria-sort")`); got != dir {
			t.Errorf("aria-sort %q, want %q", got, dir)
		}
		vals := eval[[]float64](t, ctx, visibleRows+`.map(r => parseFloat(r.cells[4].dataset.value))`)
		for i := 1; i < len(vals); i++ {
			if (dir == "ascending" && vals[i] < vals[i-1]) || (dir == "descending" && vals[i] > vals[i-1]) {
				t.Errorf("sorted %s, yet %v comes after %v", dir, vals[i], vals[i-1])
				break
			}
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#arrangement-table th[aria-sort]").length`); n != 1 {
		t.Errorf("%d headings carry aria-sort, want 1", n)
	}
}

func TestOpportunityFilters(t *testing.T) {
	site := servedReference(t, generator.Options{})
	ctx := tab(t)
	must(t, chromedp.Do(ctx, chromedp.Navigate(site+"opportunities/")), "open /opportunities/")
	wait(t, ctx, `!document.getElementById("opportunity-filters").hidden`)
	options := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#filter-service option")).map(o => o.textContent)`)
	if len(options) < 2 || options[0] != "All services" {
		t.Errorf("service options %v", options)
	}
	eval[bool](t, ctx, `(() => { const s = document.getElementById("filter-status"); s.value = "open"; s.dispatchEvent(new Event("change")); return true })()`)
	shown := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("[data-filterable] > [data-service]")).filter(c => !c.hidden).map(c => c.dataset.status)`)
	open := eval[int](t, ctx, `document.querySelectorAll('[data-filterable] > [data-status="open"]').length`)
	if len(shown) != open || open == 0 {
		t.Errorf("%d cards shown for open, want %d", len(shown), open)
	}
	for _, s := range shown {
		if s != "open" {
			t.Errorf("a %s card shown under Open", s)
		}
	}
	if s := eval[string](t, ctx, `document.querySelector("#opportunity-filters [role=status]").textContent`); !strings.HasPrefix(s, fmt.Sprintf("Showing %d of ", open)) {
		t.Errorf("status %q", s)
	}
}

func TestSearch(t *testing.T) {
	site := servedReference(t, generator.Options{})
	ctx := tab(t)
	// From the header of any page.
	must(t, chromedp.Do(ctx, chromedp.Navigate(site+"framework/"),
		chromedp.SendKeys(chromedp.CSS("#search-q"), "Asist")), "type in the header")
	_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Submit(chromedp.CSS("#search-q"))))
	must(t, err, "search from the header")
	wait(t, ctx, `location.pathname.endsWith("/search/") && document.querySelector("#search-results li a")`)
	if first := eval[string](t, ctx, `document.querySelector("#search-results li a").textContent`); first != "Asist" {
		t.Errorf("first result %q, want Asist", first)
	}
	if m := eval[string](t, ctx, `(document.querySelector("#search-results li a mark") || {}).textContent || ""`); m != "Asist" {
		t.Errorf("the matched word is marked %q, want Asist", m)
	}
	if s := eval[string](t, ctx, `document.getElementById("search-status").textContent`); !strings.Contains(s, "pages match “Asist”") {
		t.Errorf("status %q", s)
	}
	if !eval[bool](t, ctx, `document.getElementById("all-pages").hidden`) {
		t.Error("the list of every page still shows beside the results")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#search-results li").length`); n != 10 {
		t.Errorf("%d results shown at first, want 10", n)
	}
	eval[bool](t, ctx, `(() => { document.querySelector("#search-results button.more").click(); return true })()`)
	wait(t, ctx, `document.querySelectorAll("#search-results li").length > 10`)

	// Typing on the search page searches as you type; a result is a link
	// that works.
	eval[bool](t, ctx, `(() => { document.getElementById("search-page-q").value = ""; return true })()`)
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#search-page-q"), "payroll")), "type")
	wait(t, ctx, `(document.querySelector("#search-results li a") || {}).textContent == "Full cost recovery"`)
	_, err = chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS("#search-results li a"))))
	must(t, err, "follow the result")
	if p := eval[string](t, ctx, `location.pathname`); p != "/council/tscip/framework/full-cost-recovery/" {
		t.Errorf("the result led to %s", p)
	}

	// Nothing found is said.
	must(t, chromedp.Do(ctx, chromedp.Navigate(site+"search/?q=zzqx")), "search zzqx")
	wait(t, ctx, `document.getElementById("search-status").textContent.startsWith("No pages match")`)
}

// With JavaScript off the pages still work: the search page lists every
// page, filters stay hidden, headings are plain text.
func TestWithoutJavaScript(t *testing.T) {
	site := servedReference(t, generator.Options{})
	ctx := tab(t)
	noJS := chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	})
	must(t, chromedp.Do(ctx, chromedp.Navigate("about:blank"), noJS, chromedp.Navigate(site+"search/?q=asist")), "open the search page without JavaScript")
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main")))
	must(t, err, "read main")
	if !strings.Contains(html, `id="all-pages"`) || strings.Contains(html, `id="all-pages" hidden`) || strings.Contains(html, "search-results\"><ol") {
		t.Error("without JavaScript the search page should show the list of every page and no results")
	}
	if n := strings.Count(html, "<li><a "); n < 150 {
		t.Errorf("the search page lists %d pages without JavaScript", n)
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(site+"arrangements/")), "open /arrangements/")
	html, err = chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main")))
	must(t, err, "read main")
	if strings.Contains(html, "<th scope=\"col\"><button") || !strings.Contains(html, `id="arrangement-filters" class="filters" hidden`) {
		t.Error("without JavaScript the table should have plain headings and the filters stay hidden")
	}
}
