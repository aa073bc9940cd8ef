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
	BaseURL  string
	fileURLs bool
}

// URL returns a link from the current page to a site-root path, relative so
// that the site works at a domain's root, under a sub-path, or from disk.
//
// The 404 page is the exception: a server shows it at whatever address was
// missing, where relative links would point elsewhere, so with a base_url
// its links are absolute.
func (c *Context) URL(to string) string {
	if c.Page.Path == NotFoundPath && c.BaseURL != "" && !c.fileURLs {
		return c.Abs(to)
	}
	return Rel(c.Page.Path, to, c.fileURLs)
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

// IsSection reports whether the current page belongs to a navigation entry.
func (c *Context) IsSection(url string) bool { return c.Page.Section == url }

// Rel returns the relative link from the page at from to the site-root path
// to. Both are site-root paths; a path ending in "/" is a folder whose page
// is index.html. With fileURLs, folder links end in index.html so a copy of
// the site opens from disk.
func Rel(from, to string, fileURLs bool) string {
	frag := ""
	if i := strings.IndexAny(to, "#?"); i >= 0 {
		to, frag = to[:i], to[i:]
	}
	if to == "" {
		return frag
	}
	dir := from
	if !strings.HasSuffix(dir, "/") {
		dir = strings.TrimSuffix(path.Dir(dir), "/") + "/" // "/404.html" is in "/", not "//"
	}
	depth := strings.Count(dir, "/") - 1
	target := strings.TrimPrefix(to, "/")
	if fileURLs && (target == "" || strings.HasSuffix(target, "/")) {
		target += "index.html"
	}
	// Drop the folders the two paths share.
	fromParts := strings.Split(strings.Trim(dir, "/"), "/")
	if dir == "/" {
		fromParts = nil
	}
	toParts := strings.Split(target, "/")
	common := 0
	for common < len(fromParts) && common < len(toParts)-1 && fromParts[common] == toParts[common] {
		common++
	}
	up := depth - common
	rel := strings.Repeat("../", up) + strings.Join(toParts[common:], "/")
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
