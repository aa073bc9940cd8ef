package generator_test

// Benchmarks of every stage of a build and of whole builds, at three sizes:
//
//	ref   the reference site (the repository root, read only)
//	10k   a synthetic site of 10,000 arrangements and 500 documents
//	100k  100,000 arrangements and 2,000 documents (skipped with -short)
//
// The synthetic sites come from cmd/tscip-corpus with seed 1, written once
// per run into a temporary folder. Run them with
//
//	go test -run '^$' -bench . -benchtime 3x ./generator/
//
// Each reports ns/op, allocations and ns/page (the time of one operation
// divided by the pages the site has).

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/content"
	"github.com/tscip/tscip/generator/corpus"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/render"
	"github.com/tscip/tscip/generator/savings"
	"github.com/tscip/tscip/generator/site"
	"github.com/tscip/tscip/generator/theme"
	"github.com/tscip/tscip/themes"
)

// benchNow fixes the build date, so every build writes the same bytes.
var benchNow = time.Date(2011, 9, 8, 12, 0, 0, 0, time.UTC)

type benchSize struct {
	name    string
	n, docs int
	long    bool // skipped under -short
	once    sync.Once
	dir     string
	err     error
}

var sizes = []*benchSize{
	{name: "ref"},
	{name: "10k", n: 10_000, docs: 500},
	{name: "100k", n: 100_000, docs: 2_000, long: true},
}

var corpusRoot string

func TestMain(m *testing.M) {
	code := m.Run()
	if corpusRoot != "" {
		os.RemoveAll(corpusRoot)
	}
	os.Exit(code)
}

// source returns the site's folder, writing the corpus on first use.
func (s *benchSize) source(b *testing.B) string {
	b.Helper()
	if s.long && testing.Short() {
		b.Skip("the 100,000-arrangement site is skipped with -short")
	}
	s.once.Do(func() {
		if s.n == 0 {
			s.dir, s.err = filepath.Abs("..")
			return
		}
		if corpusRoot == "" {
			if corpusRoot, s.err = os.MkdirTemp("", "tscip-bench-"); s.err != nil {
				return
			}
		}
		s.dir = filepath.Join(corpusRoot, s.name)
		_, s.err = corpus.Write(s.dir, corpus.Options{Arrangements: s.n, Docs: s.docs, Seed: 1})
	})
	if s.err != nil {
		b.Fatal(s.err)
	}
	return s.dir
}

// stages holds every stage's output for one site, so each stage can be
// measured on its own.
type stages struct {
	cfg   *config.Site
	data  *dataset.Set
	pages *content.Set
	th    *theme.Theme
	model *savings.Model
	site  *site.Site
	files *publish.Files
}

func load(b *testing.B, fsys fs.FS) *stages {
	var diags diag.List
	src, err := fs.ReadFile(fsys, config.File)
	if err != nil {
		b.Fatal(err)
	}
	st := &stages{cfg: config.Parse(src, &diags)}
	st.data = dataset.Load(fsys, st.cfg.Limits, &diags)
	st.pages = content.Load(fsys, content.Options{Limits: st.cfg.Limits, UnsafeHTML: st.cfg.UnsafeHTML,
		Link: func(from, to string) string { return render.Rel(from, to, false) }}, &diags)
	st.th = theme.Load(theme.Layers(fsys, st.cfg.Theme, themes.Default()), render.Funcs(), &diags)
	render.Prepare(st.th) // as generator.Render does
	if diags.Len() > 0 {
		b.Fatal(diags.Err())
	}
	return st
}

func (st *stages) compute() {
	st.model = savings.Compute(st.data, st.cfg)
	st.site = site.Build(site.Input{Config: st.cfg, Data: st.data, Content: st.pages, Model: st.model, BuildDate: date.FromTime(benchNow)})
}

func (st *stages) render(b *testing.B) {
	var diags diag.List
	st.files = render.Render(st.site, st.th, render.Options{BaseURL: st.cfg.BaseURL}, &diags)
	if diags.Len() > 0 {
		b.Fatal(diags.Err())
	}
}

// perPage reports the time of one operation per page of the site.
func perPage(b *testing.B, pages int) {
	if pages > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(pages), "ns/page")
	}
}

func eachSize(b *testing.B, fn func(b *testing.B, s *benchSize, src string)) {
	for _, s := range sizes {
		b.Run(s.name, func(b *testing.B) {
			src := s.source(b)
			fn(b, s, src)
		})
	}
}

// BenchmarkLoad reads and validates site.toml, data/*.csv, content/**/*.md
// and the theme.
func BenchmarkLoad(b *testing.B) {
	eachSize(b, func(b *testing.B, s *benchSize, src string) {
		fsys := os.DirFS(src)
		var st *stages
		b.ReportAllocs()
		for b.Loop() {
			st = load(b, fsys)
		}
		st.compute()
		perPage(b, len(st.site.Pages))
	})
}

// BenchmarkCompute works out the business case and the page model.
func BenchmarkCompute(b *testing.B) {
	eachSize(b, func(b *testing.B, s *benchSize, src string) {
		st := load(b, os.DirFS(src))
		b.ReportAllocs()
		for b.Loop() {
			st.compute()
		}
		perPage(b, len(st.site.Pages))
	})
}

// BenchmarkRender renders every page and extra file into memory.
func BenchmarkRender(b *testing.B) {
	eachSize(b, func(b *testing.B, s *benchSize, src string) {
		st := load(b, os.DirFS(src))
		st.compute()
		b.ReportAllocs()
		for b.Loop() {
			st.render(b)
		}
		b.ReportMetric(float64(st.files.Bytes())/1e6, "MB-out")
		perPage(b, len(st.site.Pages))
	})
}

// BenchmarkPublish writes the rendered files: "fresh" into a new folder
// each time, "unchanged" over the previous output of the same files (where
// publish can reuse what is already there).
func BenchmarkPublish(b *testing.B) {
	eachSize(b, func(b *testing.B, s *benchSize, src string) {
		st := load(b, os.DirFS(src))
		st.compute()
		st.render(b)
		out := b.TempDir()
		b.Run("fresh", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				dest := filepath.Join(out, fmt.Sprint("fresh", i))
				b.StartTimer()
				if err := publish.Write(dest, st.files); err != nil {
					b.Fatal(err)
				}
			}
			perPage(b, len(st.site.Pages))
		})
		b.Run("unchanged", func(b *testing.B) {
			dest := filepath.Join(out, "site")
			if err := publish.Write(dest, st.files); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := publish.Write(dest, st.files); err != nil {
					b.Fatal(err)
				}
			}
			perPage(b, len(st.site.Pages))
		})
	})
}

// BenchmarkBuild is a whole build, as tscip build runs it, into a new
// destination each time. The outputs are removed only at the end: a file
// system hands out the names of thousands of files deleted a moment before
// slowly (ext4 skips inodes freed in the last few seconds), which would
// slow the next build by several times and measure the deletion instead.
func BenchmarkBuild(b *testing.B) {
	eachSize(b, func(b *testing.B, s *benchSize, src string) {
		out := b.TempDir()
		var res *generator.Result
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			dest := filepath.Join(out, fmt.Sprint("public", i))
			b.StartTimer()
			var err error
			res, err = generator.Build(context.Background(), generator.Options{Source: src, Dest: dest, Now: benchNow})
			if err != nil {
				b.Fatal(err)
			}
		}
		perPage(b, res.Pages)
	})
}

// editor returns a function that appends edit number i to the site's
// content/about.md (a copy of the site when it is the reference), and the
// site's folder. The page is put back when the benchmark ends.
func editor(b *testing.B, s *benchSize, src string) (string, func(i int)) {
	b.Helper()
	if s.n == 0 {
		src = copyTree(b, src)
	}
	doc := filepath.Join(src, "content", "about.md")
	orig, err := os.ReadFile(doc)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.WriteFile(doc, orig, 0o644) })
	return src, func(i int) {
		b.Helper()
		edited := append([]byte(nil), orig...)
		edited = append(edited, fmt.Sprintf("\nEdit number %d of this page.\n", i)...)
		if err := os.WriteFile(doc, edited, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuild is a build over the previous output after one Markdown
// document changed, as the preview server and an edit-build cycle run it.
// The reference site is read only, so it is measured on a copy.
func BenchmarkRebuild(b *testing.B) {
	eachSize(b, func(b *testing.B, s *benchSize, src string) {
		src, edit := editor(b, s, src)
		dest := filepath.Join(b.TempDir(), "public")
		opt := generator.Options{Source: src, Dest: dest, Now: benchNow}
		res, err := generator.Build(context.Background(), opt)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			edit(i)
			b.StartTimer()
			if res, err = generator.Build(context.Background(), opt); err != nil {
				b.Fatal(err)
			}
		}
		perPage(b, res.Pages)
	})
}

// BenchmarkWatchRebuild is tscip build --watch publishing again after one
// Markdown document changed: the session keeps what it loaded and rendered,
// and the Publisher writes only the files that changed. Compare it with
// BenchmarkBuild of the same size.
func BenchmarkWatchRebuild(b *testing.B) {
	eachSize(b, func(b *testing.B, s *benchSize, src string) {
		src, edit := editor(b, s, src)
		sess := generator.NewSession(generator.Options{Source: src, Dest: filepath.Join(b.TempDir(), "public"), Now: benchNow})
		res, _, err := sess.Publish(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		// as tscip build --watch does before the first edit
		start := time.Now()
		if err := sess.Prepare(); err != nil {
			b.Fatal(err)
		}
		b.Logf("preparing the kept tree: %s", time.Since(start).Round(time.Millisecond))
		var sum generator.Stats // each phase's time, over all rebuilds
		n := 0
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			// as tscip build --watch does while waiting for the next change
			if err := sess.Verify(); err != nil {
				b.Fatal(err)
			}
			edit(i)
			b.StartTimer()
			var st generator.Stats
			if res, st, err = sess.Publish(context.Background()); err != nil {
				b.Fatal(err)
			}
			if st.Rendered > 20 {
				b.Fatalf("one edit rendered %d pages", st.Rendered)
			}
			sum.Read += st.Read
			sum.Model += st.Model
			sum.Render += st.Render
			sum.Publish += st.Publish
			n++
		}
		mean := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(n) }
		b.ReportMetric(mean(sum.Read), "ms-read")
		b.ReportMetric(mean(sum.Model), "ms-model")
		b.ReportMetric(mean(sum.Render), "ms-render")
		b.ReportMetric(mean(sum.Publish), "ms-publish")
		perPage(b, res.Pages)
	})
}

// copyTree copies a site's inputs (site.toml, data, content) to a
// temporary folder.
func copyTree(b *testing.B, src string) string {
	dst := b.TempDir()
	for _, top := range []string{"site.toml", "data", "content"} {
		err := filepath.WalkDir(filepath.Join(src, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return dst
}
