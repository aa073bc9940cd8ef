package render_test

import (
	"regexp"
	"strings"
	"testing"
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
