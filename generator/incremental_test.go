package generator

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tscip/tscip/generator/content"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/internal/testsite"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/site"
)

var sessionNow = time.Date(2011, 9, 8, 12, 0, 0, 0, time.UTC)

// TestSessionMatchesRender edits a copy of the reference site step by step,
// as a person previewing it would, and checks after each step that the
// session's incremental render is byte for byte what a fresh Render gives,
// and that a Markdown edit renders only a few pages.
func TestSessionMatchesRender(t *testing.T) {
	dir := t.TempDir()
	if err := testsite.CopyReference(dir); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) { testsite.WriteFile(t, dir, name, text) }
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	replace := func(name, old, new string) {
		t.Helper()
		text := read(name)
		if !strings.Contains(text, old) {
			t.Fatalf("%s does not contain %q", name, old)
		}
		write(name, strings.Replace(text, old, new, 1))
	}
	chapter := "content/framework/compact.md"
	firstLine := func(name string) string { return strings.SplitN(read(name), "\n", 3)[1] }

	steps := []struct {
		name string
		edit func()
		// most pages rendered, or -1 for any number
		maxRendered int
		wantErr     string
	}{
		{name: "first render", maxRendered: -1},
		{name: "nothing changed", maxRendered: 0},
		{name: "edit a chapter's text", edit: func() { replace(chapter, "The Compact is", "The Compact, renewed in 2010, is") }, maxRendered: 20},
		{name: "retitle a chapter", edit: func() { replace(chapter, firstLine(chapter), `title = "The Compact, locally"`) }, maxRendered: 20},
		{name: "move a chapter to the end", edit: func() { replace(chapter, "weight = 20", "weight = 990") }, maxRendered: 20},
		{name: "add a section with a page", edit: func() {
			write("content/guides/_index.md", "+++\ntitle = \"Guides\"\n+++\nShort guides.\n")
			write("content/guides/first-steps.md", "+++\ntitle = \"First steps\"\nweight = 1\n+++\nRead the [framework](/framework/).\n")
		}, maxRendered: 20},
		{name: "make a page a draft", edit: func() { replace("content/guides/first-steps.md", "weight = 1", "weight = 1\ndraft = true") }, maxRendered: 20},
		{name: "remove a chapter", edit: func() {
			if err := os.Remove(filepath.Join(dir, "content/framework/glossary.md")); err != nil {
				t.Fatal(err)
			}
		}, maxRendered: 25},
		{name: "edit an opportunity's text", edit: func() { replace("content/opportunities/advocacy.md", "## Who is involved", "## Who takes part") }, maxRendered: 20},
		{name: "break a page's front matter", edit: func() { replace("content/about.md", "+++\n", "+++\ntitel = \"x\"\n") }, wantErr: "content/about.md:2:1: unknown front matter key"},
		{name: "edit another page while broken", edit: func() { replace(chapter, "## The national Compact", "## The Compact") }, wantErr: "content/about.md:2:1"},
		{name: "fix the front matter", edit: func() { replace("content/about.md", "titel = \"x\"\n", "") }, maxRendered: 20},
		{name: "override the stylesheet", edit: func() { write("static/assets/site.css", "body { color: black }\n") }, maxRendered: 0},
		{name: "a layout that lists every page", edit: func() {
			write("layouts/page.html", `{{define "main"}}<h1>{{.Page.Title}}</h1><ul>{{range .Site.Content.Pages}}<li>{{.Title}}</li>{{end}}</ul>{{end}}`)
		}, maxRendered: -1},
		{name: "retitle a chapter that page lists", edit: func() { replace(chapter, `title = "The Compact, locally"`, `title = "Compact"`) }, maxRendered: 30},
		// A layout that reads the data beyond its page's model (the first
		// arrangement's value, which the next step changes): its pages must
		// be rendered again after a data edit though their models are equal.
		{name: "a layout that shows a figure", edit: func() {
			write("layouts/page.html", `{{define "main"}}<h1>{{.Page.Title}}</h1><p>{{with index .Site.Data.Arrangements 0}}{{money .AnnualValue}}{{end}}</p>{{end}}`)
		}, maxRendered: -1},
		// A data edit re-renders the pages whose models changed: one
		// arrangement's figure reaches its own page, its organisations',
		// service's and the summaries, not the other 99 arrangements'.
		{name: "change a figure", edit: func() { replace("data/arrangements.csv", ",82300,", ",82400,") }, maxRendered: 30},
		{name: "break a CSV cell", edit: func() { replace("data/arrangements.csv", ",82400,", ",82x00,") }, wantErr: "data/arrangements.csv:2:6: annual_value"},
		{name: "fix the CSV", edit: func() { replace("data/arrangements.csv", ",82x00,", ",82300,") }, maxRendered: 30},
		// These reach many arrangements' pages through their rows' names and
		// the partner's rate; each step still checks every file.
		{name: "rename a provider", edit: func() {
			replace("data/organisations.csv", "Burton and District Citizens Advice Bureau", "Burton Citizens Advice")
		}, maxRendered: -1},
		{name: "change a partner's hourly rate", edit: func() {
			replace("data/organisations.csv", "GB-LAE-STS,27.40,", "GB-LAE-STS,28.10,")
		}, maxRendered: -1},
		{name: "change a setting", edit: func() { replace("site.toml", `accent = "#1d4f91"`, `accent = "#005ea5"`) }, maxRendered: -1},
	}
	// The session publishes each render (tscip build --watch), and the
	// published folder must hold exactly the files of a fresh Render.
	dest := filepath.Join(t.TempDir(), "public")
	s := NewSession(Options{Source: dir, Dest: dest, Now: sessionNow})
	ctx := context.Background()
	for _, step := range steps {
		if step.edit != nil {
			step.edit()
		}
		got, st, err := s.Publish(ctx)
		want, werr := Render(ctx, Options{Source: dir, Now: sessionNow})
		if step.wantErr != "" {
			var de *diag.Error
			if !errors.As(err, &de) || !strings.Contains(err.Error(), step.wantErr) {
				t.Fatalf("%s: error %v, want one naming %q", step.name, err, step.wantErr)
			}
			if werr == nil || werr.Error() != err.Error() {
				t.Fatalf("%s: session error\n%v\nRender error\n%v", step.name, err, werr)
			}
			if de.Items[0].Source == "" {
				t.Errorf("%s: the diagnostic lacks the offending line's text", step.name)
			}
			continue
		}
		if err != nil || werr != nil {
			t.Fatalf("%s: session error %v; Render error %v", step.name, err, werr)
		}
		if d := firstDifference(got.Files, want.Files); d != "" {
			t.Fatalf("%s: the session's render differs from Render's: %s", step.name, d)
		}
		if step.name == "first render" {
			// as tscip build --watch does before the first edit
			if err := s.Prepare(); err != nil {
				t.Fatal(err)
			}
		}
		if d := firstDifference(published(t, dest), want.Files); d != "" {
			t.Fatalf("%s: the published folder differs from Render's files: %s", step.name, d)
		}
		if step.maxRendered >= 0 && st.Rendered > step.maxRendered {
			t.Errorf("%s: rendered %d pages, want at most %d (reused %d)", step.name, st.Rendered, step.maxRendered, st.Reused)
		}
		if step.name == "nothing changed" && !st.Unchanged {
			t.Errorf("%s: stats %+v, want Unchanged", step.name, st)
		}
		t.Logf("%s: rendered %d, reused %d, reloaded %v", step.name, st.Rendered, st.Reused, st.Reloaded)
	}
}

// published reads a published folder back as a set of files.
func published(t *testing.T, dest string) *publish.Files {
	t.Helper()
	files := publish.NewFiles()
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dest, p)
		files.Add(filepath.ToSlash(rel), b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// firstDifference describes the first file that differs between two
// renders, or returns "".
func firstDifference(got, want *publish.Files) string {
	for _, p := range want.Paths() {
		w, _ := want.Get(p)
		g, ok := got.Get(p)
		if !ok {
			return p + " is missing"
		}
		if !bytes.Equal(g, w) {
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			lo := max(0, i-80)
			return p + " differs near …" + string(g[lo:min(len(g), i+80)]) + "… want …" + string(w[lo:min(len(w), i+80)]) + "…"
		}
	}
	for _, p := range got.Paths() {
		if _, ok := want.Get(p); !ok {
			return p + " should not be there"
		}
	}
	return ""
}

func TestReadsSite(t *testing.T) {
	for _, c := range []struct {
		tmpl       string
		want, data bool // reads beyond siteFields; beyond dataFreeFields
	}{
		{`{{.Page.Title}} {{.Site.Config.Title}} {{range .Site.Nav}}{{.URL}}{{end}}`, false, false},
		{`{{with .Page.Data}}{{$.Site.OrgName .ID}}{{$.URL "/x/"}}{{end}}`, false, true},
		{`{{.Site.Model.Total}}`, false, true},
		{`{{range .Site.Data.Arrangements}}{{.ID}}{{end}}`, false, true},
		{`{{with .Page.Data}}{{.ProviderName}} {{money .Cost}}{{end}} {{.Site.BuildDate}}`, false, false},
		{`{{range .Site.Content.Pages}}{{.Title}}{{end}}`, true, true},
		{`{{with .Site}}{{.Content}}{{end}}`, true, true},
		{`{{$s := .Site}}{{$s.Config.Title}}`, true, true},
		{`{{template "x" dict "ctx" $}}`, false, false},
		{`{{define "x"}}{{range .ctx.Site.Pages}}{{end}}{{end}}`, true, true},
		{`{{$.Pages}}`, true, true},
		{`{{if .Site.Page "/about/"}}{{end}}`, true, true},
		{`{{.Page.Title`, true, true},
	} {
		if got := readsSite("t.html", c.tmpl, siteFields); got != c.want {
			t.Errorf("readsSite(%s, siteFields) = %v, want %v", c.tmpl, got, c.want)
		}
		if got := readsSite("t.html", c.tmpl, dataFreeFields); got != c.data {
			t.Errorf("readsSite(%s, dataFreeFields) = %v, want %v", c.tmpl, got, c.data)
		}
	}
}

// BenchmarkSessionMarkdownEdit measures a rebuild after one Markdown page's
// text changes, on the reference site and on a generated site of 10,000
// arrangements and 500 documents.
func BenchmarkSessionMarkdownEdit(b *testing.B) {
	for _, c := range []struct {
		name string
		make func(dir string) error
		page string
	}{
		{"reference", testsite.CopyReference, "content/framework/compact.md"},
		{"large", func(dir string) error {
			return testsite.Write(dir, testsite.Size{Arrangements: 10000, Documents: 500})
		}, testsite.EditPage},
	} {
		b.Run(c.name, func(b *testing.B) {
			dir := b.TempDir()
			if err := c.make(dir); err != nil {
				b.Fatal(err)
			}
			s := NewSession(Options{Source: dir, Now: sessionNow})
			if _, _, err := s.Render(context.Background()); err != nil {
				b.Fatal(err)
			}
			p := filepath.Join(dir, filepath.FromSlash(c.page))
			orig, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			rendered := 0
			var parts [4]time.Duration
			cpu := testsite.CPUTime()
			for i := 0; b.Loop(); i++ {
				text := append(bytes.Clone(orig), []byte("\nEdit number "+strings.Repeat("i", i%7+1)+".\n")...)
				if err := os.WriteFile(p, text, 0o644); err != nil {
					b.Fatal(err)
				}
				_, st, err := s.Render(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				rendered = st.Rendered
				for j, d := range []time.Duration{st.Read, st.Load, st.Model, st.Render} {
					parts[j] += d
				}
			}
			b.ReportMetric(float64((testsite.CPUTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(rendered), "pages/op")
			for j, name := range []string{"read", "load", "model", "render"} {
				b.ReportMetric(float64(parts[j].Microseconds())/1000/float64(b.N), name+"-ms/op")
			}
		})
	}
}

func TestComparer(t *testing.T) {
	type row struct {
		Title string
		Hours [3]int64
	}
	type view struct {
		Rows  []*row
		Names []string
		Bytes []byte
		Any   any
		Fn    func()
		Next  *view
	}
	page := &content.Page{Title: "A"}
	same := func() *view {
		return &view{Rows: []*row{{"x", [3]int64{1, 2, 3}}}, Names: []string{"a"}, Bytes: []byte("abc"), Any: page}
	}
	for _, c := range []struct {
		name string
		edit func(v *view)
		want bool
	}{
		{"equal values in new objects", func(v *view) {}, true},
		{"a title copied by value changed", func(v *view) { v.Rows[0].Title = "y" }, false},
		{"a number in an array changed", func(v *view) { v.Rows[0].Hours[2] = 4 }, false},
		{"bytes changed", func(v *view) { v.Bytes[1] = 'B' }, false},
		{"a string in a slice changed", func(v *view) { v.Names[0] = "b" }, false},
		{"another Markdown page", func(v *view) { v.Any = &content.Page{Title: "A"} }, false},
		{"a function", func(v *view) { v.Fn = func() {} }, false},
		{"the whole site", func(v *view) { v.Any = &site.Site{} }, false},
		{"a cycle", func(v *view) { v.Next = v }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, b := same(), same()
			c.edit(b)
			if c.name == "a cycle" || c.name == "the whole site" {
				c.edit(a)
			}
			cmp := &comparer{memo: map[visit]int8{}, plain: map[reflect.Type]bool{}}
			if got := cmp.equal(reflect.ValueOf(a), reflect.ValueOf(b)); got != c.want {
				t.Errorf("equal = %v, want %v", got, c.want)
			}
		})
	}
}
