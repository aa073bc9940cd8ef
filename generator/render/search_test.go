package render_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/internal/testsite"
	"github.com/tscip/tscip/generator/render"
)

func query(t *testing.T, res *generator.Result, q string) ([]render.SearchHit, []string) {
	t.Helper()
	hits, fetched, err := render.SearchQuery(res.Files.Get, q)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return hits, fetched
}

// A provider's name, a service and a word in a framework chapter each find
// their page first.
func TestSearchFindsPages(t *testing.T) {
	res := reference(t, "")
	for _, c := range []struct{ q, first string }{
		{"Asist", "/organisations/asist/"},
		{"asist", "/organisations/asist/"},
		{"asi", "/organisations/asist/"}, // as the reader types
		{"Debt, Benefits and Consumer Advice", "/services/debt-advice/"},
		{"payroll", "/framework/full-cost-recovery/"},
		{"Stoke-on-Trent City Council", "/organisations/stoke-on-trent-city-council/"},
		{"advocacy opportunity", "/opportunities/advocacy/"},
	} {
		hits, _ := query(t, res, c.q)
		if len(hits) == 0 {
			t.Errorf("%q finds nothing, want %s first", c.q, c.first)
			continue
		}
		if hits[0].Path != c.first {
			var top []string
			for _, h := range hits[:min(5, len(hits))] {
				top = append(top, h.Path)
			}
			t.Errorf("%q finds %s first, want %s; top: %v", c.q, hits[0].Path, c.first, top)
		}
	}
	// The chapter is found by its body, not its title or summary.
	p := res.Site.Page("/framework/full-cost-recovery/")
	if p == nil || p.Content == nil || !strings.Contains(strings.ToLower(p.Content.Text), "payroll") ||
		strings.Contains(strings.ToLower(p.Title+p.Summary), "payroll") {
		t.Error("the reference chapter changed: pick a word that is only in /framework/full-cost-recovery/'s text")
	}
}

// Every Asist arrangement is found by the provider's name, and every
// result is a page that exists.
func TestSearchFindsEveryMatch(t *testing.T) {
	res := reference(t, "")
	hits, _ := query(t, res, "Asist")
	found := map[int]bool{}
	for _, h := range hits {
		found[h.ID] = true
	}
	entries := res.Site.SearchEntries()
	n := 0
	for id, e := range entries {
		if strings.HasPrefix(e.Path, "/arrangements/") && strings.Contains(e.Title, "Asist") {
			n++
			if !found[id] {
				t.Errorf("%q does not find %s", "Asist", e.Path)
			}
		}
	}
	if n != 17 {
		t.Errorf("%d Asist arrangement pages, the reference has 17", n)
	}
	for _, h := range hits[:min(len(hits), render.ResultsShown)] {
		if _, ok := res.Files.Get(render.OutputPath(h.Path)); !ok {
			t.Errorf("result %s is not a page of the site", h.Path)
		}
		if h.Title != entries[h.ID].Title {
			t.Errorf("result %d titled %q, the page %q", h.ID, h.Title, entries[h.ID].Title)
		}
	}
}

func TestSearchWithoutWords(t *testing.T) {
	res := reference(t, "")
	for _, q := range []string{"", "the and of", "a", "zzqx"} {
		if hits, _ := query(t, res, q); len(hits) != 0 {
			t.Errorf("%q finds %d pages, want none", q, len(hits))
		}
	}
}

// A reader downloads index.json, one shard per word and the records of the
// results shown, not the whole index.
func TestSearchDownloadsLittle(t *testing.T) {
	res := reference(t, "")
	total := 0
	for _, p := range res.Files.Paths() {
		if strings.HasPrefix(p, "search/") && strings.HasSuffix(p, ".json") {
			b, _ := res.Files.Get(p)
			total += len(b)
		}
	}
	_, fetched := query(t, res, "Debt, Benefits and Consumer Advice")
	got := 0
	for _, f := range fetched {
		b, _ := res.Files.Get(f)
		got += len(b)
	}
	t.Logf("reference site: search index %d bytes in all; the query %q downloads %d bytes in %d files", total, "Debt, Benefits and Consumer Advice", got, len(fetched))
	if len(fetched) > 1+4+render.ResultsShown {
		t.Errorf("a four-word query fetched %d files", len(fetched))
	}
	if got*2 > total {
		t.Errorf("a query downloads %d of the index's %d bytes", got, total)
	}
}

// The search page lists every page without JavaScript.
func TestSearchPageListsEveryPage(t *testing.T) {
	res := reference(t, "")
	html := string(file(t, res, "search/index.html"))
	start := strings.Index(html, `id="all-pages"`)
	end := strings.Index(html, "</main>")
	if start < 0 || end < start {
		t.Fatal("search/index.html has no #all-pages list inside main")
	}
	linked := map[string]bool{}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(html[start:end], -1) {
		linked[resolve("/search/", m[1])] = true
	}
	for _, p := range res.Site.Pages {
		if p.Hidden == linked[p.Path] {
			t.Errorf("page %s (hidden %v) listed %v on the search page", p.Path, p.Hidden, linked[p.Path])
		}
	}
}

// resolve turns a relative link on the page at from into a site-root path.
func resolve(from, href string) string {
	parts := strings.Split(strings.TrimSuffix(from, "/"), "/")
	for _, seg := range strings.Split(href, "/") {
		switch seg {
		case "..":
			parts = parts[:len(parts)-1]
		case ".":
		default:
			parts = append(parts, seg)
		}
	}
	p := strings.Join(parts, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// site.js runs the same search as SearchQuery: the same tokens and the
// same pages in the same order, checked by running it under Node.
func TestSearchJavaScriptMatchesGo(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is not installed; CI must run this test")
		}
		t.Skip("node is not installed: cannot check that site.js searches as SearchQuery does")
	}
	root, err := testsite.Root()
	if err != nil {
		t.Fatal(err)
	}
	res := reference(t, "")
	dir := t.TempDir()
	for _, p := range res.Files.Paths() {
		if name, ok := strings.CutPrefix(p, "search/"); ok && strings.HasSuffix(p, ".json") {
			b, _ := res.Files.Get(p)
			if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	queries := []string{"Asist", "asi", "Debt, Benefits and Consumer Advice", "payroll", "the", "", "zzqx",
		"Stoke-on-Trent", "council 2010", "NHS trust", "constructor", "__proto__", "hasOwnProperty", "CAFÉ naïve",
		"advocacy service", "co", "x", "£4,500", "O'Brien's", "İstanbul straße", "ΟΔΟΣ Σίσυφος", "e\u0301te", "١٢٣ x²", "county council debt advice", "mental health asist", "volunteering tamworth grant"}
	const script = `
const [js, dir, qs] = process.argv.slice(-3);
const m = require(js), fs = require("fs"), path = require("path");
const read = p => JSON.parse(fs.readFileSync(path.join(dir, p), "utf8"));
const meta = read("index.json");
(async () => {
  const out = [];
  for (const q of JSON.parse(qs)) {
    const hits = await m.searchIndex(meta, p => Promise.resolve(read(p)), q);
    out.push({tokens: m.tokens(meta, q), ids: hits === null ? [] : hits.map(h => h.id)});
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });`
	qs, _ := json.Marshal(queries)
	cmd := exec.Command(node, "-e", script, filepath.Join(root, "themes/default/static/assets/site.js"), dir, string(qs))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, err.(*exec.ExitError).Stderr)
	}
	var js []struct {
		Tokens []string
		IDs    []int
	}
	if err := json.Unmarshal(out, &js); err != nil {
		t.Fatalf("node's output: %v\n%s", err, out)
	}
	stop := map[string]bool{}
	for _, w := range strings.Fields("a an and are as at be by for from has have in is it its of on or that the their this to was which will with") {
		stop[w] = true
	}
	for i, q := range queries {
		var goTokens []string
		seen := map[string]bool{}
		for _, tok := range render.Tokens(q) {
			if !stop[tok] && !seen[tok] {
				seen[tok] = true
				goTokens = append(goTokens, tok)
			}
		}
		if strings.Join(goTokens, "|") != strings.Join(js[i].Tokens, "|") {
			t.Errorf("%q: Go tokens %q, JavaScript %q", q, goTokens, js[i].Tokens)
		}
		hits, _ := query(t, res, q)
		var ids []int
		for _, h := range hits {
			ids = append(ids, h.ID)
		}
		if a, b := jsonString(ids), jsonString(js[i].IDs); a != b && !(len(ids) == 0 && len(js[i].IDs) == 0) {
			t.Errorf("%q: Go finds %s, JavaScript %s", q, a, b)
		}
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
