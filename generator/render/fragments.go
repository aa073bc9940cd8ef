package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/tscip/tscip/generator/site"
	"github.com/tscip/tscip/generator/theme"
)

// fragments are the partials rendered by partialCached in one render: each
// once per name, page depth and key, then shared by every page that asks
// for the same one. The site header, navigation and footer of ten
// thousand pages are rendered a handful of times.
type fragments struct {
	th *theme.Theme
	mu sync.Mutex
	m  map[string]*fragment
}

type fragment struct {
	once sync.Once
	html template.HTML
	err  error
}

func newFragments(th *theme.Theme) *fragments {
	return &fragments{th: th, m: map[string]*fragment{}}
}

// partialCached renders layouts/partials/NAME.html with the page's Context
// as its dot, once for each depth of page (which fixes its relative links)
// and each distinct list of keys. The partial may read the site and make
// links with .URL; anything it reads of the page must be among the keys,
// as in {{partialCached "site-header" $ .Page.Section}}.
func (c *Context) partialCached(name string, keys ...any) (template.HTML, error) {
	if c.frags == nil {
		return "", fmt.Errorf("partialCached %q: no render is running", name)
	}
	var key strings.Builder
	key.WriteString(name)
	key.WriteByte(0)
	key.WriteString(c.root)
	for _, k := range keys {
		key.WriteByte(0)
		fmt.Fprint(&key, k)
	}
	f := c.frags
	f.mu.Lock()
	fr := f.m[key.String()]
	if fr == nil {
		fr = &fragment{}
		f.m[key.String()] = fr
	}
	f.mu.Unlock()
	fr.once.Do(func() {
		var buf bytes.Buffer
		fr.err = f.th.ExecutePartial(&buf, name, c)
		// The partial's output was escaped as it was rendered, as the
		// page's own would have been. The newline that ends its file is
		// dropped, so the action stands in for the lines it replaces.
		fr.html = template.HTML(strings.TrimSuffix(buf.String(), "\n"))
	})
	return fr.html, fr.err
}

// NewContext returns the Context a page is rendered with, for tests and
// tools that execute templates themselves; contexts from one call of
// NewFragments share their cached partials.
func NewContext(s *site.Site, p *site.Page, opt Options, frags *Fragments) *Context {
	return newContext(s, p, opt, (*fragments)(frags))
}

// Fragments holds the partials cached in one render.
type Fragments fragments

// NewFragments returns an empty cache of th's partials.
func NewFragments(th *theme.Theme) *Fragments { return (*Fragments)(newFragments(th)) }
