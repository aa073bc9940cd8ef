package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/site"
)

// sitemap.xml and robots.txt.
//
// A sitemap's <loc> must be an absolute URL, so sitemap.xml is written only
// when base_url is set (DATA.md: without it, absolute addresses are left
// out, and the build says so). robots.txt is always written, allowing
// everything; it names the sitemap only when there is one. Crawlers read
// robots.txt only at a host's root, so under a sub-path it is harmless.
//
// A sitemap holds at most 50,000 addresses; a larger site gets
// sitemap.xml as a sitemap index pointing to sitemaps/N.xml.
func init() { extras = append(extras, writeSitemap) }

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// sitemapMax is the protocol's limit of addresses in one file.
var sitemapMax = 50000

func writeSitemap(s *site.Site, opt Options, files *publish.Files) {
	robots := "User-agent: *\nDisallow:\n"
	if opt.BaseURL != "" {
		var out map[string][]byte
		if c := opt.Cache; c != nil && c.sitemap.of(s, opt.BaseURL) {
			out = c.sitemap.files
		} else {
			out = Sitemap(s, opt.BaseURL)
			if c != nil {
				c.sitemap.keep(s, opt.BaseURL, out)
			}
		}
		for name, b := range out {
			files.Add(name, b)
		}
		robots += "\nSitemap: " + opt.BaseURL + "sitemap.xml\n"
	}
	files.Add("robots.txt", []byte(robots))
}

// sitemapCache keeps the sitemap of the last render and the addresses it
// lists: after an edit that adds, removes or hides no page, they are the
// same.
type sitemapCache struct {
	baseURL string
	paths   []string // the pages not hidden, in order
	files   map[string][]byte
}

// of reports whether the cache holds the sitemap of s at baseURL.
func (c *sitemapCache) of(s *site.Site, baseURL string) bool {
	if c.files == nil || c.baseURL != baseURL {
		return false
	}
	i := 0
	for _, p := range s.Pages {
		if p.Hidden {
			continue
		}
		if i == len(c.paths) || c.paths[i] != p.Path {
			return false
		}
		i++
	}
	return i == len(c.paths)
}

func (c *sitemapCache) keep(s *site.Site, baseURL string, files map[string][]byte) {
	c.baseURL, c.files, c.paths = baseURL, files, c.paths[:0]
	for _, p := range s.Pages {
		if !p.Hidden {
			c.paths = append(c.paths, p.Path)
		}
	}
}

// Sitemap returns the sitemap files for a site at baseURL (absolute, ending
// in "/"): every page that is not hidden, in path order.
func Sitemap(s *site.Site, baseURL string) map[string][]byte {
	var locs []string
	for _, p := range s.Pages {
		if !p.Hidden {
			locs = append(locs, baseURL+strings.TrimPrefix(p.Path, "/"))
		}
	}
	if len(locs) <= sitemapMax {
		return map[string][]byte{"sitemap.xml": sitemapXML("urlset", "url", locs)}
	}
	out := map[string][]byte{}
	var parts []string
	for i := 0; i*sitemapMax < len(locs); i++ {
		name := fmt.Sprintf("sitemaps/%d.xml", i+1)
		out[name] = sitemapXML("urlset", "url", locs[i*sitemapMax:min((i+1)*sitemapMax, len(locs))])
		parts = append(parts, baseURL+name)
	}
	out["sitemap.xml"] = sitemapXML("sitemapindex", "sitemap", parts)
	return out
}

func sitemapXML(root, item string, locs []string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, "<%s xmlns=%q>\n", root, sitemapNS)
	open, end := "  <"+item+"><loc>", "</loc></"+item+">\n"
	for _, l := range locs {
		b.WriteString(open)
		if plainXML(l) {
			b.WriteString(l)
		} else {
			xml.EscapeText(&b, []byte(l))
		}
		b.WriteString(end)
	}
	fmt.Fprintf(&b, "</%s>\n", root)
	return b.Bytes()
}

// plainXML reports whether xml.EscapeText would write s unchanged: printable
// ASCII without the five characters it escapes.
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
			return false
		}
	}
	return true
}
