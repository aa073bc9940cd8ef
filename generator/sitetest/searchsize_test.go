package sitetest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/content"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/internal/testsite"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/render"
	"github.com/tscip/tscip/generator/savings"
	"github.com/tscip/tscip/generator/site"
)

// pagefindMark is what a reader may download for one search of a
// 10,000-page site (SITE.md).
const pagefindMark = 300 << 10

// TestSearchIndexSize builds sites of over 10,000 pages and measures what a
// reader downloads for a search: index.json, one shard per word and the
// records of the results shown. Run it with -v to see the figures.
func TestSearchIndexSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two sites of 10,000 arrangements")
	}
	t.Run("generated", func(t *testing.T) {
		dir := t.TempDir()
		if err := testsite.Write(dir, testsite.Size{Arrangements: 10_000, Documents: 500}); err != nil {
			t.Fatal(err)
		}
		measure(t, dir, []string{"provider 123", "partner", "council", "service 04", "grant", "chapter", "volunteers advice", "co", "pa", "se"})
	})
	t.Run("reference×100", func(t *testing.T) {
		dir := t.TempDir()
		if err := testsite.CopyReference(dir); err != nil {
			t.Fatal(err)
		}
		scaleArrangements(t, dir, 100)
		measure(t, dir, []string{"Asist", "Debt, Benefits and Consumer Advice", "staffordshire county council", "citizens advice",
			"payroll", "advocacy", "rolling", "co", "st", "ad"})
	})
}

// scaleArrangements repeats every arrangement n times under new ids, so a
// site keeps its real names at n times the size.
func scaleArrangements(t *testing.T, dir string, n int) {
	p := filepath.Join(dir, "data", "arrangements.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\r\n"), "\n")
	var out strings.Builder
	out.WriteString(lines[0] + "\n")
	for i := 0; i < n; i++ {
		for _, l := range lines[1:] {
			id, rest, _ := strings.Cut(strings.TrimRight(l, "\r"), ",")
			fmt.Fprintf(&out, "%s-x%03d,%s\n", id, i, rest)
		}
	}
	if err := os.WriteFile(p, []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func measure(t *testing.T, dir string, queries []string) {
	res := model(t, dir)
	if res.Pages < 10_000 {
		t.Fatalf("only %d pages", res.Pages)
	}
	var total, files, shardMax int
	var shards []int
	for _, p := range res.Files.Paths() {
		if !strings.HasPrefix(p, "search/") {
			continue
		}
		b, _ := res.Files.Get(p)
		total += len(b)
		files++
		if strings.HasPrefix(p, "search/t/") {
			shards = append(shards, len(b))
			shardMax = max(shardMax, len(b))
		}
	}
	meta, _ := res.Files.Get("search/index.json")
	t.Logf("%d pages: search index %d bytes in %d files; index.json %d bytes; %d term shards, the largest %d bytes",
		res.Pages, total, files, len(meta), len(shards), shardMax)
	download := func(q string) (int, int) {
		hits, fetched, err := render.SearchQuery(res.Files.Get, q)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range fetched {
			b, _ := res.Files.Get(f)
			n += len(b)
		}
		return n, len(hits)
	}
	for _, q := range queries {
		n, hits := download(q)
		t.Logf("  %-40q %6d results, downloads %7d bytes", q, hits, n)
		if n > pagefindMark {
			t.Errorf("%q downloads %d bytes, over %d", q, n, pagefindMark)
		}
	}
	// The worst single word: a query of each shard's two letters matches
	// every term in the shard.
	var meta2 struct{ Shards []string }
	if err := jsonUnmarshal(meta, &meta2); err != nil {
		t.Fatal(err)
	}
	worst, worstQ := 0, ""
	for _, k := range meta2.Shards {
		if n, _ := download(k); n > worst {
			worst, worstQ = n, k
		}
	}
	t.Logf("  worst one-word query %q downloads %d bytes", worstQ, worst)
	if worst > pagefindMark {
		t.Errorf("the query %q downloads %d bytes, over %d", worstQ, worst, pagefindMark)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(shards)))
	if len(shards) >= 3 {
		t.Logf("  bound for a three-word query: index.json + the three largest shards + %d record files = at most %d bytes",
			render.ResultsShown, len(meta)+shards[0]+shards[1]+shards[2]+render.ResultsShown*recordMax(res))
	}
}

// model loads a site and builds its page model and search index only, as
// generator.Render does but without rendering every page (the index does
// not depend on the HTML).
func model(t *testing.T, dir string) *generator.Result {
	fsys := os.DirFS(dir)
	var diags diag.List
	src, err := fs.ReadFile(fsys, config.File)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Parse(src, &diags)
	data := dataset.Load(fsys, cfg.Limits, &diags)
	pages := content.Load(fsys, content.Options{Limits: cfg.Limits, Link: func(from, to string) string { return render.Rel(from, to, false) }}, &diags)
	if diags.Len() > 0 {
		t.Fatal(diags.Err())
	}
	s := site.Build(site.Input{Config: cfg, Data: data, Content: pages, Model: savings.Compute(data, cfg), BuildDate: date.FromTime(buildNow)})
	files := publish.NewFiles()
	for name, b := range render.SearchIndex(s.SearchEntries()) {
		files.Add(name, b)
	}
	return &generator.Result{Pages: len(s.Pages), Files: files, Site: s}
}

func recordMax(res *generator.Result) int {
	m := 0
	for _, p := range res.Files.Paths() {
		if strings.HasPrefix(p, "search/p/") {
			b, _ := res.Files.Get(p)
			m = max(m, len(b))
		}
	}
	return m
}
