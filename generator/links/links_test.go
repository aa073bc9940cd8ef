package links

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/starter"
)

func site(files map[string]string) *publish.Files {
	f := publish.NewFiles()
	for name, text := range files {
		f.Add(name, []byte(text))
	}
	return f
}

func TestCheck(t *testing.T) {
	files := site(map[string]string{
		"index.html": `<!DOCTYPE html><link rel="stylesheet" href="assets/site.css"><a href="#main">Skip</a><main id="main">
			<a href="framework/">Framework</a> <a href="framework">Framework, no slash</a> <a href="framework/#part-2">Part 2</a>
			<a href="https://example.org/">Elsewhere</a> <a href="mailto:a@example.org">Mail</a> <a href="//cdn.example.org/x.js">CDN</a>
			<a href="data/summary.json?x=1">Summary</a> <img src="img/logo.png" srcset="img/logo.png 1x, img/logo@2x.png 2x" alt="">
			<form action="search/"><input name="q"></form>
			<svg><use href="#icon"></use></svg><svg><symbol id="icon"></symbol></svg></main>`,
		"framework/index.html": `<h2 id="part-2">Part 2</h2><a href="../">Home</a><a href="..">Home too</a><a href="./">Self</a><a href="../index.html">Home file</a>`,
		"search/index.html":    `<p>Search</p>`,
		"data/summary.json":    `{}`,
		"img/logo.png":         "png",
		"img/logo@2x.png":      "png",
		"assets/site.css":      `body{background:url("../img/logo.png")} @import "print.css"; .a{background:url(data:image/png;base64,AAAA)}`,
		"assets/print.css":     `h1{}`,
	})
	if r := Check(files); len(r.Problems) > 0 {
		t.Fatalf("a sound site has problems: %v", r.Problems)
	} else if r.Pages != 3 {
		t.Errorf("%d pages read, want 3", r.Pages)
	}

	for _, c := range []struct {
		name, page, want string
	}{
		{"missing page", `<a href="nowhere/">x</a>`, "nowhere/: no such file in the site (nowhere/index.html)"},
		{"missing asset", `<img src="img/missing.png" alt="">`, "img/missing.png: no such file"},
		{"missing srcset candidate", `<img src="img/logo.png" srcset="img/logo@3x.png 3x" alt="">`, "img/logo@3x.png: no such file"},
		{"missing script", `<script src="assets/app.js"></script>`, "assets/app.js: no such file"},
		{"missing fragment", `<a href="framework/#part-9">x</a>`, `no element with id "part-9" in framework/index.html`},
		{"missing fragment on the page", `<a href="#top">x</a>`, `no element with id "top" in index.html`},
		{"root-relative", `<a href="/framework/">x</a>`, "root-relative link"},
		{"above the root", `<a href="../framework/">x</a>`, "climbs above the site's root folder"},
		{"empty", `<a href="">x</a>`, "empty link"},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := site(map[string]string{"index.html": c.page, "framework/index.html": `<h2 id="part-2">x</h2>`, "img/logo.png": "png"})
			r := Check(files)
			if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].String(), c.want) {
				t.Fatalf("problems %v, want one saying %q", r.Problems, c.want)
			}
			if r.Problems[0].File != "index.html" {
				t.Errorf("the problem names %s, want index.html", r.Problems[0].File)
			}
		})
	}
	r := Check(site(map[string]string{"assets/site.css": `a{background:url('gone.png')}`}))
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].String(), "assets/site.css: gone.png: no such file") {
		t.Errorf("a stylesheet's missing image: %v", r.Problems)
	}
}

// TestCheckFindsABrokenMarkdownLink builds a whole site whose page links
// to a page that does not exist.
func TestCheckFindsABrokenMarkdownLink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := starter.Write(dir); err != nil {
		t.Fatal(err)
	}
	page := "+++\ntitle = \"Guide\"\n+++\nSee [the plan](/plan/) and [the old plan](/old-plan/).\n"
	if err := os.WriteFile(filepath.Join(dir, "content/guide.md"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := generator.Render(context.Background(), generator.Options{Source: dir})
	if err != nil {
		t.Fatal(err)
	}
	r := Check(res.Files)
	if len(r.Problems) != 1 || r.Problems[0].File != "guide/index.html" || r.Problems[0].Link != "../old-plan/" {
		t.Fatalf("problems %v, want guide/index.html: ../old-plan/", r.Problems)
	}
}
