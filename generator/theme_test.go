package generator_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestThemeLookup checks the order in which templates and static files are
// found: the site's own layouts/ and static/, then themes/<theme>/, then
// the embedded default theme, file by file.
func TestThemeLookup(t *testing.T) {
	files := smallSite()
	files["site.toml"] = strings.Replace(files["site.toml"], "title = \"Small Partnership\"", "title = \"Small Partnership\"\ntheme = \"civic\"", 1)
	files["themes/civic/layouts/page.html"] = `{{define "main"}}<p>civic page: {{.Page.Title}}</p>{{end}}`
	files["themes/civic/layouts/chapter.html"] = `{{define "main"}}<p>civic chapter</p>{{end}}`
	files["themes/civic/static/assets/print.css"] = "/* civic print */"
	files["layouts/chapter.html"] = `{{define "main"}}<p>site chapter: {{.Page.Title}}</p>{{end}}`
	files["static/assets/site.css"] = "/* the council's own */"
	src := writeSite(t, files)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, src, dest); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"about/index.html":         "civic page: About",         // the theme's layout
		"framework/one/index.html": "site chapter: Chapter one", // the site's layout wins over the theme's
		"arrangements/index.html":  "Every arrangement",         // the embedded default fills the rest
		"assets/site.css":          "/* the council's own */",   // the site's static file
		"assets/print.css":         "/* civic print */",         // the theme's static file
		"assets/site.js":           "",                          // the default's, untouched
	} {
		got := read(t, filepath.Join(dest, path))
		if !strings.Contains(got, want) || (want == "" && len(got) == 0) {
			t.Errorf("%s: want %q in:\n%.300s", path, want, got)
		}
	}
	// A template error names the template file and its line.
	files["layouts/page.html"] = "{{define \"main\"}}\n{{.Page.Nope}}\n{{end}}"
	src = writeSite(t, files)
	_, err := build(t, src, filepath.Join(t.TempDir(), "public"))
	if err == nil || !strings.Contains(err.Error(), "layouts/page.html") {
		t.Errorf("a broken template: %v", err)
	}
}

// TestEditedLayoutWinsOverGeneratedCode: the default theme's arrangement
// page and table row run as Go code generated from them (render's
// theme_gen.go), and a site that changes either file, or any other, gets
// its own version on every page all the same.
func TestEditedLayoutWinsOverGeneratedCode(t *testing.T) {
	files := smallSite()
	files["layouts/arrangement.html"] = `{{define "main"}}{{with .Page.Data}}<h1>Our own: {{.A.ID}}</h1>{{end}}{{end}}`
	files["layouts/partials/arrangement-row.html"] = `{{with .Data}}<tr><td>our row {{.A.ID}}</td></tr>{{end}}`
	src := writeSite(t, files)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, src, dest); err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(dest, "arrangements", "*", "index.html"))
	if len(pages) == 0 {
		t.Fatal("no arrangement pages")
	}
	for _, p := range pages {
		id := filepath.Base(filepath.Dir(p))
		if got := read(t, p); !strings.Contains(got, "<h1>Our own: "+id+"</h1>") {
			t.Errorf("%s: the site's own layout is not used:\n%.400s", p, got)
		}
	}
	if got := read(t, filepath.Join(dest, "arrangements", "index.html")); !strings.Contains(got, "our row ") {
		t.Errorf("the list of arrangements does not use the site's own row:\n%.400s", got)
	}
}
