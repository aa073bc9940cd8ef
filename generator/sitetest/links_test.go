package sitetest

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

// A link found in a file: what it is in and what it points to.
type link struct {
	tag, attr, value string
}

var (
	tagRE  = regexp.MustCompile(`(?is)<(a|link|script|img|source|iframe|form|area|use|image)\b[^>]*>`)
	attrRE = regexp.MustCompile(`(?is)\s(href|src|action|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)')`)
	srcset = regexp.MustCompile(`(?is)\ssrcset\s*=\s*"([^"]*)"`)
	idRE   = regexp.MustCompile(`(?is)\s(?:id|name)\s*=\s*"([^"]*)"`)
	cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)
	locRE  = regexp.MustCompile(`<loc>([^<]*)</loc>`)
	hrefRE = regexp.MustCompile(`\shref="([^"]*)"`)
)

// htmlLinks returns every address an HTML page refers to: anchors,
// stylesheets and other links, scripts, images and form actions.
func htmlLinks(page string) []link {
	var out []link
	for _, m := range tagRE.FindAllStringSubmatch(page, -1) {
		tag := strings.ToLower(m[1])
		for _, a := range attrRE.FindAllStringSubmatch(m[0], -1) {
			v := a[2]
			if v == "" {
				v = a[3]
			}
			out = append(out, link{tag, strings.ToLower(a[1]), html.UnescapeString(v)})
		}
		if s := srcset.FindStringSubmatch(m[0]); s != nil {
			for _, cand := range strings.Split(html.UnescapeString(s[1]), ",") {
				if f := strings.Fields(cand); len(f) > 0 {
					out = append(out, link{tag, "srcset", f[0]})
				}
			}
		}
	}
	return out
}

// anchors returns the ids and names a page defines, for checking fragments.
func anchors(page string) map[string]bool {
	out := map[string]bool{}
	for _, m := range idRE.FindAllStringSubmatch(page, -1) {
		out[html.UnescapeString(m[1])] = true
	}
	return out
}

// xmlLinks returns the addresses in a sitemap or a feed.
func xmlLinks(doc string) []string {
	var out []string
	for _, m := range locRE.FindAllStringSubmatch(doc, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	for _, m := range hrefRE.FindAllStringSubmatch(doc, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func cssLinks(css string) []string {
	var out []string
	for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
		if !strings.HasPrefix(m[1], "data:") {
			out = append(out, m[1])
		}
	}
	return out
}

// skip reports links a crawl of the site does not follow: other schemes,
// and pure fragments (checked separately).
func skip(v string) bool {
	if v == "" {
		return false
	}
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "", "http", "https", "file":
		return false
	}
	return true // mailto:, tel:, data:, javascript: ...
}
