package render_test

import (
	"encoding/xml"
	"sort"
	"strings"
	"testing"
)

type urlsetT struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

// The sitemap lists every page of the site but the hidden ones, each once,
// at its absolute address.
func TestSitemapListsEveryPage(t *testing.T) {
	res := reference(t, testBase)
	var set urlsetT
	if err := xml.Unmarshal(file(t, res, "sitemap.xml"), &set); err != nil {
		t.Fatalf("sitemap.xml is not a sitemap: %v", err)
	}
	var got, want []string
	for _, u := range set.URLs {
		got = append(got, u.Loc)
	}
	hidden := 0
	for _, p := range res.Site.Pages {
		if p.Hidden {
			hidden++
			continue
		}
		want = append(want, testBase+strings.TrimPrefix(p.Path, "/"))
	}
	if hidden == 0 {
		t.Error("the reference site has no hidden page (404.html), so this test checks less than it should")
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sitemap has %d addresses, the site %d visible pages:\ngot  %v\nwant %v", len(got), len(want), got, want)
	}
	for _, l := range got {
		if strings.Contains(l, "404") {
			t.Errorf("the sitemap lists the not-found page: %s", l)
		}
	}
	robots := string(file(t, res, "robots.txt"))
	if !strings.Contains(robots, "\nSitemap: "+testBase+"sitemap.xml\n") || !strings.HasPrefix(robots, "User-agent: *\n") {
		t.Errorf("robots.txt should allow all and name the sitemap:\n%s", robots)
	}
}

// Without a base URL there are no absolute addresses to list: no sitemap,
// and robots.txt names none.
func TestNoSitemapWithoutBaseURL(t *testing.T) {
	res := reference(t, "")
	if _, ok := res.Files.Get("sitemap.xml"); ok {
		t.Error("sitemap.xml written without a base URL")
	}
	robots := string(file(t, res, "robots.txt"))
	if strings.Contains(robots, "Sitemap:") {
		t.Errorf("robots.txt names a sitemap without a base URL:\n%s", robots)
	}
}
