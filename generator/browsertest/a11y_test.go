package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/tscip/tscip/generator/internal/testsite"
	"github.com/tscip/tscip/generator/site"
)

// axeRun checks the page against WCAG 2.2 A and AA. Targets are CSS selectors
// (a list of them through shadow roots, joined with " >>> "). resultTypes only
// spares axe collecting every passing node; the violations are the same.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}, resultTypes: ['violations']})
.then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
  nodes: v.nodes.map(n => ({target: n.target.map(s => [].concat(s).join(' >>> ')), html: n.html}))
})))`

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target []string `json:"target"`
	HTML   string   `json:"html"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n      %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		html := []rune(strings.Join(strings.Fields(n.HTML), " "))
		if len(html) > 140 {
			html = append(html[:140], '…')
		}
		fmt.Fprintf(&b, "\n      at %s  %s", strings.Join(n.Target, ", "), string(html))
	}
	return b.String()
}

// onePagePerLayout picks the first page of each layout, in the site's order,
// and the 404 page: every template is checked once.
func onePagePerLayout(s *site.Site) []*site.Page {
	var out []*site.Page
	seen := map[string]bool{}
	has404 := false
	for _, p := range s.Pages {
		if seen[p.Layout] {
			continue
		}
		seen[p.Layout] = true
		out = append(out, p)
		has404 = has404 || p.Path == "/404.html"
	}
	if !has404 {
		out = append(out, &site.Page{Path: "/404.html", Layout: "404", Hidden: true})
	}
	return out
}

// checkAxe injects axe-core into the loaded page and returns each violation
// with the elements to fix.
func checkAxe(t *testing.T, tab context.Context, axeJS string) []string {
	t.Helper()
	if !eval[bool](t, tab, `typeof axe === 'object'`) {
		eval[chromedp.Void](t, tab, axeJS)
	}
	var problems []string
	for _, v := range eval[[]axeViolation](t, tab, axeRun, chromedp.EvalAwaitPromise) {
		problems = append(problems, "axe: "+v.String())
	}
	return problems
}

type structure struct {
	Canonical string   `json:"canonical"`
	H1        []string `json:"h1"`
	Mains     int      `json:"mains"`
	Failed    []string `json:"failed"`
}

// checkStructure asks what a screen reader user relies on, one h1 naming the
// page and one main landmark, and whether the page's own stylesheets and
// scripts load: on an unstyled page axe's contrast and target checks mean
// nothing. When canonical is not empty the page must name it as its
// canonical address.
func checkStructure(t *testing.T, tab context.Context, canonical string) []string {
	t.Helper()
	s := eval[structure](t, tab, `Promise.all(
  [...document.querySelectorAll('link[rel~="stylesheet"][href], script[src]')].map(e => {
    const ref = e.getAttribute('href') || e.getAttribute('src'), u = e.href || e.src;
    return fetch(u, {method: 'HEAD', cache: 'no-store'}).then(
      r => r.ok ? '' : ref + ' (' + u + ') answers HTTP ' + r.status,
      err => ref + ' (' + u + '): ' + err.message);
  })
).then(failed => ({
  canonical: (document.querySelector('link[rel="canonical"]') || {}).href || '',
  h1: [...document.querySelectorAll('h1')].map(h => h.textContent.trim().replace(/\s+/g, ' ')),
  mains: document.querySelectorAll('main').length,
  failed: failed.filter(Boolean),
}))`, chromedp.EvalAwaitPromise)
	var problems []string
	if len(s.H1) != 1 {
		problems = append(problems, fmt.Sprintf("want exactly one h1, found %d: %q", len(s.H1), s.H1))
	}
	if s.Mains != 1 {
		problems = append(problems, fmt.Sprintf("want exactly one <main>, found %d", s.Mains))
	}
	for _, f := range s.Failed {
		problems = append(problems, "the page's own file does not load: "+f)
	}
	if canonical != "" && s.Canonical != canonical {
		problems = append(problems, fmt.Sprintf("canonical link is %q, want %q", s.Canonical, canonical))
	}
	return problems
}

type focused struct {
	Tag     string `json:"tag"`
	Href    string `json:"href"`
	Text    string `json:"text"`
	Visible bool   `json:"visible"`
	Target  string `json:"target"` // tag of the element the link points to
	InMain  bool   `json:"inMain"` // the target is <main>, in it or holds it
}

// checkSkipLink presses Tab once on a freshly loaded page, as a keyboard user
// does: the first stop must be a visible link to the main content.
func checkSkipLink(t *testing.T, tab context.Context) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatalf("pressing Tab: %v", err)
	}
	f := eval[focused](t, tab, `(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return {tag: ''};
  const r = a.getBoundingClientRect();
  const href = a.getAttribute('href') || '';
  let target = null;
  if (href.startsWith('#') && href.length > 1) target = document.getElementById(decodeURIComponent(href.slice(1)));
  return {
    tag: a.tagName.toLowerCase(), href, text: a.textContent.trim(),
    visible: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    target: target ? target.tagName.toLowerCase() : '',
    inMain: !!target && (!!target.closest('main') || !!target.querySelector('main')),
  };
})()`)
	var problems []string
	switch {
	case f.Tag == "":
		problems = append(problems, "skip link: pressing Tab focused nothing")
	case f.Tag != "a" || !strings.HasPrefix(f.Href, "#"):
		problems = append(problems, fmt.Sprintf("skip link: the first Tab stop is <%s href=%q> %q, not a link to a place on the page", f.Tag, f.Href, f.Text))
	case f.Target == "":
		problems = append(problems, fmt.Sprintf("skip link %q points to %s, which the page does not have", f.Text, f.Href))
	case !f.InMain:
		problems = append(problems, fmt.Sprintf("skip link %q points to <%s> %s, which is not the main content", f.Text, f.Target, f.Href))
	}
	if f.Tag != "" && !f.Visible {
		problems = append(problems, fmt.Sprintf("skip link: %q has focus but cannot be seen", f.Text))
	}
	return problems
}

type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	Wide        []string `json:"wide"`
}

// checkReflow asks whether the page fits the viewport's width without
// scrolling sideways (WCAG 1.4.10). When it does not, it names the outermost
// elements that stick out of the page rather than out of a scrolling box such
// as a table's wrapper; an absolutely positioned element escapes a scrolling
// box that is not its containing block.
func checkReflow(t *testing.T, tab context.Context, width int) []string {
	t.Helper()
	o := eval[overflow](t, tab, `(() => {
  const scrollWidth = document.documentElement.scrollWidth, w = document.documentElement.clientWidth;
  if (scrollWidth <= w) return {scrollWidth, wide: []};
  const sticksOut = e => e.getBoundingClientRect().right > w + 0.5;
  const position = e => getComputedStyle(e).position;
  const clipped = e => {
    let cb = null;
    if (position(e) === 'absolute') {
      for (let a = e.parentElement; a && !cb; a = a.parentElement) if (position(a) !== 'static') cb = a;
      if (!cb) return false;
    }
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible' && (!cb || a.contains(cb)) && !sticksOut(a)) return true;
    return false;
  };
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('');
  const path = e => { const p = []; for (; e && e !== document.body; e = e.parentElement) p.unshift(name(e)); return p.join(' > '); };
  const escaping = new Set([...document.body.querySelectorAll('*')]
    .filter(e => sticksOut(e) && position(e) !== 'fixed' && !clipped(e)));
  const seen = new Map(); // the same path in many rows is one finding
  for (const e of escaping) {
    if (escaping.has(e.parentElement)) continue;
    const k = path(e) + ' (position: ' + position(e) + ')', r = e.getBoundingClientRect().right;
    const v = seen.get(k) || {n: 0, right: 0};
    seen.set(k, {n: v.n + 1, right: Math.max(v.right, r)});
  }
  const wide = [...seen].slice(0, 8).map(([k, v]) =>
    k + (v.n > 1 ? ' ×' + v.n : '') + ', right edge at ' + Math.round(v.right) + ' px');
  return {scrollWidth, wide};
})()`)
	if o.ScrollWidth <= width {
		return nil
	}
	return []string{fmt.Sprintf("at %d px wide the page is %d px wide and scrolls sideways; sticking out:\n      %s",
		width, o.ScrollWidth, strings.Join(o.Wide, "\n      "))}
}

// report fails the test with each problem found on a page.
func report(t *testing.T, where string, problems []string) {
	t.Helper()
	for _, p := range problems {
		t.Errorf("%s: %s", where, p)
	}
}

// TestAccessibility opens one page of every layout at desktop width and
// checks it with axe-core (WCAG 2.2 AA), for one h1, a <main> and a skip link.
// Then it narrows the same page to 320 px, the width WCAG 1.4.10 asks text to
// reflow at (a 1280 px screen zoomed to 400 %), checks that nothing scrolls
// sideways, and runs axe-core on the home page again at that width.
func TestAccessibility(t *testing.T) {
	axeJS := axeSource(t)
	tab := newTab(t)
	s := serveReferenceSite(t)
	pages := onePagePerLayout(s.Site)
	// The reference site's tables fit on one page; a copy with short pages
	// gives the numbered pages of a long table (layout arrangement-list)
	// and the pager on the first.
	dir := t.TempDir()
	if err := testsite.CopyReference(dir); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "site.toml")
	b, err := os.ReadFile(cfg)
	if err == nil {
		err = os.WriteFile(cfg, append(b, "\n[scale]\ntable_rows = 30\n"...), 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	paged := serveSite(t, dir)
	for _, p := range []*site.Page{paged.Site.Page("/arrangements/"), paged.Site.Page("/arrangements/all/2/")} {
		if p == nil {
			t.Fatal("the copy with table_rows = 30 has no second page of arrangements")
		}
		pages = append(pages, &site.Page{Path: p.Path, Layout: p.Layout + " (paged)", Hidden: p.Hidden})
	}
	for _, p := range pages {
		s := s
		if strings.HasSuffix(p.Layout, " (paged)") {
			s = paged
		}
		t.Run(p.Layout, func(t *testing.T) {
			u := s.pageURL(p.Path)
			where := p.Path + " (layout " + p.Layout + ")"
			load(t, tab, u, 1280, 900)
			report(t, where, checkSkipLink(t, tab))
			canonical := u
			if p.Hidden {
				canonical = "" // the 404 page stands for any address
			}
			report(t, where, checkStructure(t, tab, canonical))
			report(t, where, checkAxe(t, tab, axeJS))

			where = p.Path + " (layout " + p.Layout + ", 320 px)"
			resize(t, tab, 320, 640)
			report(t, where, checkReflow(t, tab, 320))
			if p.Path == "/" {
				report(t, where, checkAxe(t, tab, axeJS))
			}
		})
	}
}
