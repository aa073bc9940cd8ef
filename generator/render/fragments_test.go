package render_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/internal/testsite"
	"github.com/tscip/tscip/generator/render"
)

// TestCachedChromeFollowsPage checks that the site header and footer,
// rendered once a page depth and section (partialCached), still give each
// page its own working links and marks its own section in the navigation.
func TestCachedChromeFollowsPage(t *testing.T) {
	res := reference(t, "")
	current := regexp.MustCompile(`<a href="([^"]*)" aria-current="page">`)
	cases := []struct {
		file, root, section string
	}{
		{"index.html", "", ""},
		{"savings/index.html", "../", "savings/"},
		{"decisions/index.html", "../", "decisions/"},
		{"arrangements/index.html", "../", "arrangements/"},
		{"organisations/index.html", "../", "arrangements/"},
		{"about/index.html", "../", ""},
		{"framework/index.html", "../", "framework/"},
	}
	for _, a := range res.Site.Pages {
		if a.Layout == "arrangement" {
			cases = append(cases, struct{ file, root, section string }{strings.TrimPrefix(a.Path, "/") + "index.html", "../../", "arrangements/"})
			break
		}
	}
	for _, c := range cases {
		page := string(file(t, res, c.file))
		for _, link := range []string{"assets/site.css", "opportunities/", "data/", "about/"} {
			if !strings.Contains(page, `href="`+c.root+link+`"`) {
				t.Errorf("%s: no link to %s%s", c.file, c.root, link)
			}
		}
		m := current.FindAllStringSubmatch(page, -1)
		switch {
		case c.section == "" && len(m) > 0:
			t.Errorf("%s: navigation marks %s as the current section", c.file, m[0][1])
		case c.section != "" && (len(m) != 1 || m[0][1] != c.root+c.section):
			t.Errorf("%s: current section %v, want %s", c.file, m, c.root+c.section)
		}
	}
}

// A cached partial's links to the root itself, or with a #fragment, in any
// quoting, come out as the same partial rendered for the page would give.
func TestCachedPartialRootLinks(t *testing.T) {
	dir := editedReference(t)
	footer := `<footer><a id="home" href='{{.URL "/"}}'>Home</a> <a id="top" href={{.URL "/#main"}}>Top</a> <a id="sav" href="{{.URL "/savings/#roi"}}">ROI</a> <a id="own" href="{{.URL "#main"}}">Main</a></footer>` + "\n"
	if err := os.MkdirAll(filepath.Join(dir, "layouts", "partials"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "layouts", "partials", "site-footer.html"), []byte(footer), 0o644); err != nil {
		t.Fatal(err)
	}
	res := renderSite(t, dir, "")
	var arrangement string
	for _, p := range res.Site.Pages {
		if p.Layout == "arrangement" {
			arrangement = strings.TrimPrefix(p.Path, "/") + "index.html"
			break
		}
	}
	for name, root := range map[string]string{"index.html": "", "savings/index.html": "../", arrangement: "../../"} {
		page := string(file(t, res, name))
		self := root
		if self == "" {
			self = "./"
		}
		for _, want := range []string{`id="home" href='` + self + `'`, `id="top" href=` + self + `#main>`, `id="sav" href="` + root + `savings/#roi"`, `id="own" href="#main"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
	}
}

// TestPartialCachedEachMatchesRange renders the reference site with the
// table partial written as a {{range}} over partialCached, and checks that
// every page comes out as with partialCachedEach, but for the white space
// between rows. partialCachedEach looks its rows up seven at a time here,
// so that the reference site's tables cross its batches. A list that is
// not one, or rows without a CacheKey, fail the build with a message that
// says so.
func TestPartialCachedEachMatchesRange(t *testing.T) {
	defer render.SetRowBatch(7)()
	const table = "layouts/partials/arrangement-table.html"
	b, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", table))
	if err != nil {
		t.Fatal(err)
	}
	each := `{{partialCachedEach "arrangement-row" $ctx $t.Rows}}`
	if !strings.Contains(string(b), each) {
		t.Fatalf("%s no longer calls %s: update the test", table, each)
	}
	write := func(dir, text string) {
		t.Helper()
		testsite.WriteFile(t, dir, table, strings.Replace(string(b), each, text, 1))
	}
	dir := editedReference(t)
	write(dir, `{{- range $t.Rows}}{{partialCached "arrangement-row" ($ctx.With .) .A.ID}}{{end}}`)
	ranged := renderSite(t, dir, "")
	root, err := testsite.Root()
	if err != nil {
		t.Fatal(err)
	}
	want := renderSite(t, root, "") // not reference's, made with whole batches
	space := regexp.MustCompile(`>\s+<`)
	tables := 0
	for _, p := range want.Site.Pages {
		name := render.OutputPath(p.Path)
		got, w := file(t, ranged, name), file(t, want, name)
		if g, w := space.ReplaceAll(got, []byte("><")), space.ReplaceAll(w, []byte("><")); !bytes.Equal(g, w) {
			t.Errorf("%s differs from the same page rendered with a range", name)
		}
		if bytes.Contains(w, []byte(`class="arrangements`)) {
			tables++
		}
	}
	if tables < 10 {
		t.Fatalf("only %d pages have arrangement tables", tables)
	}

	for text, msg := range map[string]string{
		`{{partialCachedEach "arrangement-row" $ctx $t.Total}}`:      "rows must be a list",
		`{{partialCachedEach "arrangement-row" $ctx $ctx.Site.Nav}}`: "has no CacheKey method",
	} {
		dir := editedReference(t)
		write(dir, text)
		_, err := generator.Render(context.Background(), generator.Options{Source: dir, Now: buildNow})
		if err == nil || !strings.Contains(err.Error(), msg) || !strings.Contains(err.Error(), "layouts/partials/arrangement-table.html:12:") {
			t.Errorf("%s: error %v, want one naming the partial and saying %q", text, err, msg)
		}
	}
}

// TestCachedBreadcrumbs checks that breadcrumbs, cached by the page's
// crumbs, give each page its own trail, titles with spaces and braces
// included, with links that climb from the page's depth.
func TestCachedBreadcrumbs(t *testing.T) {
	dir := editedReference(t)
	write := func(name, text string) { testsite.WriteFile(t, dir, name, text) }
	write("content/alpha/_index.md", "+++\ntitle = \"A} {B\"\n+++\nOne.\n")
	write("content/alpha/one.md", "+++\ntitle = \"One\"\n+++\nText.\n")
	write("content/beta/_index.md", "+++\ntitle = \"A B\"\n+++\nTwo.\n")
	write("content/beta/two.md", "+++\ntitle = \"Two\"\n+++\nText.\n")
	res := renderSite(t, dir, "")
	crumbs := regexp.MustCompile(`(?s)<nav class="breadcrumbs".*?</nav>`)
	for name, want := range map[string]string{
		"alpha/one/index.html": `<a href="../../alpha/">A} {B</a>`,
		"beta/two/index.html":  `<a href="../../beta/">A B</a>`,
	} {
		got := crumbs.FindString(string(file(t, res, name)))
		if !strings.Contains(got, want) || !strings.Contains(got, `<a href="../../">Home</a>`) {
			t.Errorf("%s: breadcrumbs %s, want a link %s", name, got, want)
		}
	}
}

// TestTemplateErrorsNameTheFile breaks a layout and partials of a site and
// checks that each problem names the file, line and column of the mistake,
// a partial's own file even when a layout calls it through partialCached,
// once for all the pages it fails.
func TestTemplateErrorsNameTheFile(t *testing.T) {
	for _, c := range []struct {
		file, text, want string
	}{
		{"layouts/arrangement.html", `{{define "main"}}<h1>{{.Page.Nope}}</h1>{{end}}`,
			"layouts/arrangement.html:1:28: rendering /arrangements/"},
		{"layouts/partials/site-footer.html", "{{- /* broken */ -}}\n<p>{{.Nope}}</p>\n",
			"layouts/partials/site-footer.html:2:5: rendering /: "},
		{"layouts/partials/pager.html", "{{.Nope}}\n",
			"layouts/partials/pager.html:1:2: "},
	} {
		dir := editedReference(t)
		if c.file == "layouts/partials/pager.html" {
			// the pager appears only on tables split into pages
			b, err := os.ReadFile(filepath.Join(dir, "site.toml"))
			if err != nil {
				t.Fatal(err)
			}
			testsite.WriteFile(t, dir, "site.toml", string(b)+"\n[scale]\ntable_rows = 30\n")
		}
		testsite.WriteFile(t, dir, c.file, c.text)
		_, err := generator.Render(context.Background(), generator.Options{Source: dir, Now: buildNow})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "other pages)") {
			t.Errorf("%s: error\n%v\nwant one starting %q, counting the other pages", c.file, err, c.want)
		}
		if err != nil && strings.Count(err.Error(), c.file) != 1 {
			t.Errorf("%s: the mistake is reported more than once:\n%v", c.file, err)
		}
	}
}
