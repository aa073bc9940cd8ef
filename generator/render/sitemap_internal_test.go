package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"testing"

	"github.com/tscip/tscip/generator/site"
)

// Past the protocol's limit of addresses per file, sitemap.xml becomes an
// index of several sitemaps that together list every page once.
func TestSitemapIndexBeyondLimit(t *testing.T) {
	defer func(n int) { sitemapMax = n }(sitemapMax)
	sitemapMax = 3
	s := &site.Site{}
	for i := 0; i < 7; i++ {
		s.Pages = append(s.Pages, &site.Page{Path: fmt.Sprintf("/p/%d/", i)})
	}
	s.Pages = append(s.Pages, &site.Page{Path: "/404.html", Hidden: true})
	files := Sitemap(s, "https://example.org/")
	var index struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &index); err != nil {
		t.Fatalf("sitemap.xml is not a sitemap index: %v", err)
	}
	if len(index.Sitemaps) != 3 {
		t.Fatalf("%d sitemaps for 7 pages at 3 a file, want 3", len(index.Sitemaps))
	}
	seen := map[string]int{}
	for i, sm := range index.Sitemaps {
		name := fmt.Sprintf("sitemaps/%d.xml", i+1)
		if sm.Loc != "https://example.org/"+name {
			t.Errorf("index entry %s, want %s", sm.Loc, name)
		}
		var set struct {
			URLs []struct {
				Loc string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
			} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
		}
		if err := xml.Unmarshal(files[name], &set); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(set.URLs) > 3 {
			t.Errorf("%s holds %d addresses, over the limit of 3", name, len(set.URLs))
		}
		for _, u := range set.URLs {
			seen[u.Loc]++
		}
	}
	if len(seen) != 7 {
		t.Errorf("the sitemaps list %d distinct pages, want 7", len(seen))
	}
	for l, n := range seen {
		if n != 1 {
			t.Errorf("%s listed %d times", l, n)
		}
	}
}

// TestPlainXMLIsWhatEscapeTextKeeps: a string plainXML passes is written
// unchanged by xml.EscapeText, for every byte and a mix of awkward text.
func TestPlainXMLIsWhatEscapeTextKeeps(t *testing.T) {
	var cases []string
	for c := 0; c < 256; c++ {
		cases = append(cases, "a"+string(rune(c))+"b", "x"+string([]byte{byte(c)}))
	}
	cases = append(cases, "", "https://example.org/arrangements/a-b_c.d/", "é", "\u2028", "\ufffd", "a\tb")
	for _, s := range cases {
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(s))
		if plainXML(s) && b.String() != s {
			t.Errorf("plainXML(%q) but EscapeText gives %q", s, b.String())
		}
	}
}
