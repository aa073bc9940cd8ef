// Package render turns the page model into the files of the public site:
// HTML pages through the theme's templates, and the machine-readable files
// (summary, feeds, sitemap, downloads) beside them.
package render

import (
	"path"
	"strings"

	"github.com/tscip/tscip/generator/site"
)

// Context is what every template receives as its dot.
type Context struct {
	Site *site.Site
	Page *site.Page
	// BaseURL is the site's absolute address ending in "/", or "".
	BaseURL string
	// Data is a value handed to a partial with With.
	Data     any
	fileURLs bool
	// root leads from the page to the site's root: "../" for each folder
	// the page is in, or BaseURL on the 404 page (see URL).
	root  string
	frags *fragments // partialCached's fragments, shared by one render
}

func newContext(s *site.Site, p *site.Page, opt Options, frags *fragments) *Context {
	c := &Context{Site: s, Page: p, BaseURL: opt.BaseURL, fileURLs: opt.FileURLs, frags: frags}
	c.root = rootOf(p.Path)
	if p.Path == NotFoundPath && c.BaseURL != "" && !c.fileURLs {
		c.root = c.BaseURL
	}
	return c
}

// URL returns a link from the current page to a site-root path, relative so
// that the site works at a domain's root, under a sub-path, or from disk.
// Every link climbs to the root and down again ("../../savings/" from
// "/arrangements/x/"), so the links of a page depend only on how deep it
// is, and fragments such as the site header can be rendered once a depth.
//
// The 404 page is the exception: a server shows it at whatever address was
// missing, where relative links would point elsewhere, so with a base_url
// its links are absolute.
func (c *Context) URL(to string) string {
	if c.frags != nil && c.root == c.frags.marker { // rendering a cached partial
		return c.frags.url(to, c.fileURLs)
	}
	return join(c.root, to, c.fileURLs)
}

// NotFoundPath is where the 404 page is written.
const NotFoundPath = "/404.html"

// Abs returns the absolute address of a site-root path, or "" when the site
// has no base_url.
func (c *Context) Abs(to string) string {
	if c.BaseURL == "" {
		return ""
	}
	return c.BaseURL + strings.TrimPrefix(to, "/")
}

// With returns a copy of the context whose Data is d, for a partial that
// needs both a value and links: partialCached "arrangement-row" ($.With .) .A.ID.
func (c *Context) With(d any) *Context {
	cp := *c
	cp.Data = d
	return &cp
}

// IsSection reports whether the current page belongs to a navigation entry.
func (c *Context) IsSection(url string) bool { return c.Page.Section == url }

// Rel returns the relative link from the page at from to the site-root path
// to. Both are site-root paths; a path ending in "/" is a folder whose page
// is index.html. With fileURLs, folder links end in index.html so a copy of
// the site opens from disk.
func Rel(from, to string, fileURLs bool) string { return join(rootOf(from), to, fileURLs) }

// rootOf gives the way from the page at p up to the site's root: "" for a
// page in the root folder, "../" for each folder below it.
func rootOf(p string) string {
	dir := p
	if !strings.HasSuffix(dir, "/") {
		dir = path.Dir(dir)
		if dir != "/" {
			dir += "/"
		}
	}
	return strings.Repeat("../", strings.Count(dir, "/")-1)
}

// join appends the site-root path to (with any #fragment or ?query) to
// root.
func join(root, to string, fileURLs bool) string {
	frag := ""
	if i := strings.IndexAny(to, "#?"); i >= 0 {
		to, frag = to[:i], to[i:]
	}
	if to == "" {
		return frag
	}
	target := strings.TrimPrefix(to, "/")
	if fileURLs && (target == "" || strings.HasSuffix(target, "/")) {
		target += "index.html"
	}
	rel := root + target
	if rel == "" {
		rel = "./"
	}
	return rel + frag
}

// OutputPath gives the file a page is written to: /a/b/ is a/b/index.html.
func OutputPath(p string) string {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}
