package generator_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/corpus"
	"github.com/tscip/tscip/generator/internal/testsite"
)

// TestCompiledTemplatesMatchHTMLTemplate renders sites twice, through the
// templates' compiled programs (as every build does) and with html/template
// alone, and compares every file byte for byte: the reference site, a
// synthetic one and the hostile ones, whose every free-text cell holds an
// attack. The default theme's templates must all compile, and every page
// run compiled, or the programs would not be what builds run.
func TestCompiledTemplatesMatchHTMLTemplate(t *testing.T) {
	root, err := testsite.Root()
	if err != nil {
		t.Fatal(err)
	}
	synthetic := filepath.Join(t.TempDir(), "synthetic")
	if _, err := corpus.Write(synthetic, corpus.Options{Arrangements: 400, Docs: 20, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	sites := map[string]fs.FS{"reference": os.DirFS(root), "synthetic": os.DirFS(synthetic)}
	for i, p := range payloads {
		sites[fmt.Sprintf("hostile-%d", i)] = hostileSite(p)
	}
	for name, fsys := range sites {
		t.Run(name, func(t *testing.T) {
			compiled := renderBoth(t, generator.Options{FS: fsys, Now: benchNow})
			st := generator.Templates(compiled)
			if st.Fallbacks != 0 || st.Uncompiled != 0 || st.Compiled+st.Generated < int64(compiled.Pages) {
				t.Errorf("of %d pages, %d templates ran compiled and %d as generated code, %d executions were left to html/template and %d templates did not compile",
					compiled.Pages, st.Compiled, st.Generated, st.Fallbacks, st.Uncompiled)
			}
			// Every arrangement's page and table row runs as the Go code
			// generated from the default theme (render/theme_gen.go).
			arrangements := 0
			for _, p := range compiled.Site.Pages {
				if p.Layout == "arrangement" {
					arrangements++
				}
			}
			if arrangements == 0 || st.Generated <= int64(arrangements) || st.GeneratedFallbacks != 0 {
				t.Errorf("%d arrangement pages, %d executions of generated code, %d left to the programs", arrangements, st.Generated, st.GeneratedFallbacks)
			}
		})
	}
}

// renderBoth renders a site through the compiled templates and with
// html/template alone, reports each file that differs, and returns the
// compiled render.
func renderBoth(t *testing.T, opt generator.Options) *generator.Result {
	t.Helper()
	compiled, err := generator.Render(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	interpreted, err := generator.Render(context.Background(), generator.Interpreted(opt))
	if err != nil {
		t.Fatal(err)
	}
	paths := interpreted.Files.Paths()
	if got := compiled.Files.Paths(); len(got) != len(paths) {
		t.Fatalf("%d files compiled, %d interpreted", len(got), len(paths))
	}
	differ := 0
	for _, p := range paths {
		want, _ := interpreted.Files.Get(p)
		got, ok := compiled.Files.Get(p)
		if !ok || !bytes.Equal(got, want) {
			if differ++; differ <= 3 {
				t.Errorf("%s differs:\n%s", p, firstDifference(got, want))
			}
		}
	}
	if differ > 3 {
		t.Errorf("and %d other files differ", differ-3)
	}
	return compiled
}

// firstDifference shows where two files part.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf(" got …%q\nwant …%q", got[from:min(len(got), i+80)], want[from:min(len(want), i+80)])
}

// TestUncompilableTemplatesFallBack: a site's own layouts that the
// programs cannot run still render exactly as html/template renders them,
// through html/template: one the programs refuse to compile (a value in a
// script, which needs html/template's JavaScript escaper), and one they
// refuse on every page at run time (comparing a pointer with nil).
func TestUncompilableTemplatesFallBack(t *testing.T) {
	dir := t.TempDir()
	if err := testsite.CopyReference(dir); err != nil {
		t.Fatal(err)
	}
	testsite.WriteFile(t, dir, "layouts/chapter.html",
		`{{define "main"}}<h1>{{.Page.Title}}</h1><script>var title = {{.Page.Title}};</script>{{with .Page.Content}}{{.Body}}{{end}}{{end}}`)
	testsite.WriteFile(t, dir, "layouts/page.html",
		`{{define "main"}}<h1>{{.Page.Title}}</h1>{{if eq .Page.Content nil}}<p>No text.</p>{{end}}{{with .Page.Content}}{{.Body}}{{end}}{{end}}`)
	compiled := renderBoth(t, generator.Options{Source: dir, Now: benchNow})
	if st := generator.Templates(compiled); st.Uncompiled == 0 || st.Fallbacks == 0 || st.Compiled == 0 {
		t.Errorf("want the script layout uncompiled, the page layout left to html/template and the rest compiled: %+v", st)
	}
	scripts := 0
	for _, p := range compiled.Files.Paths() {
		if got, _ := compiled.Files.Get(p); bytes.Contains(got, []byte(`<script>var title = "`)) {
			scripts++
		}
	}
	if scripts == 0 {
		t.Error("no page rendered the script layout's title as JavaScript")
	}
}
