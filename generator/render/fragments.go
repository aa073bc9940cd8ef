package render

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tscip/tscip/generator/site"
	"github.com/tscip/tscip/generator/theme"
)

// fragments are the partials rendered by partialCached in one render: each
// once per name and key, then shared by every page that asks for the same
// one. The site header, navigation and footer of ten thousand pages are
// rendered a handful of times, and a row of a table once however many
// tables show it.
//
// A fragment is rendered with a marker in place of the way up to the site's
// root ("../../"), and each page puts its own way in, so one rendering
// serves pages at every depth. The marker is random for each render, so no
// text in the site's data can be taken for it.
type fragments struct {
	th     *theme.Theme
	marker string // stands for the way to the root: "../../"
	self   string // stands for a link to the root itself: "../../", or "./"
	mu     sync.Mutex
	m      map[fragKey]*fragment
	bufs   sync.Pool // *bytes.Buffer to render a fragment in, then copied out
}

// fragKey names a fragment: the partial, and the key partialCached made of
// its keys (or the one string it was given), or the row's CacheKey for
// partialCachedEach. Keys of different kinds never name the same fragment.
type fragKey struct {
	name, key string
	kind      keyKind
}

type keyKind uint8

const (
	keysJoined keyKind = iota // cacheKey's encoding of any list of keys
	oneString                 // a single string key, as it is
	rowKey                    // a row's CacheKey
)

type fragment struct {
	once sync.Once
	html template.HTML
	err  error
	// uses counts the pages given the fragment; one used on many pages
	// (the site header) keeps its text for each way to the root, so those
	// pages share it rather than each making its own.
	uses   atomic.Int32
	byRoot sync.Map // root -> reflect.Value of a template.HTML
}

// hot is how many uses make a fragment keep its text for each root: more
// than a table row ever has, fewer than the site header has by far.
const hot = 16

func newFragments(th *theme.Theme) *fragments {
	var b [8]byte
	rand.Read(b[:])
	// letters, digits and "_" pass every escaper unchanged
	id := hex.EncodeToString(b[:])
	return &fragments{th: th, marker: "_root" + id + "_/", self: "_root" + id + "_self_", m: map[fragKey]*fragment{}}
}

// url is Context.URL while a fragment renders: the link with a marker for
// the way to the root.
func (f *fragments) url(to string, fileURLs bool) string {
	rel := join("", to, fileURLs)
	if rest, ok := strings.CutPrefix(rel, "./"); ok {
		return f.self + rest // the root itself: "./" from the root folder
	}
	if rel == "" || rel[0] == '#' || rel[0] == '?' {
		return rel // this page's own fragment
	}
	return f.marker + rel
}

// writeRooted writes html to b with the page's way to the root where the
// markers stand: root for the marker, and root or "./" for a link to the
// root itself.
func (f *fragments) writeRooted(b stringWriter, html, root string) {
	self := root
	if self == "" {
		self = "./"
	}
	prefix := f.marker[:len(f.marker)-2] // common to marker and self
	for {
		i := strings.Index(html, prefix)
		if i < 0 {
			b.WriteString(html)
			return
		}
		b.WriteString(html[:i])
		html = html[i:]
		switch {
		case strings.HasPrefix(html, f.marker):
			b.WriteString(root)
			html = html[len(f.marker):]
		case strings.HasPrefix(html, f.self):
			b.WriteString(self)
			html = html[len(f.self):]
		default:
			b.WriteString(prefix)
			html = html[len(prefix):]
		}
	}
}

// placeRoot puts the page's way to the root where the markers stand.
func (f *fragments) placeRoot(html, root string) string {
	if !strings.Contains(html, f.marker[:len(f.marker)-2]) {
		return html
	}
	var b strings.Builder
	b.Grow(len(html))
	f.writeRooted(&b, html, root)
	return b.String()
}

// partialCached renders layouts/partials/NAME.html with the page's Context
// as its dot, once for each distinct list of keys, and gives each page the
// result with its own relative links. The partial may read the site and make
// links with .URL; anything it reads of the page must be among the keys,
// as in {{partialCached "site-header" $ .Page.Section}}.
func (c *Context) partialCached(name string, keys ...any) (template.HTML, error) {
	v, err := c.cached(name, keys)
	if err != nil {
		return "", err
	}
	return template.HTML(v.String()), nil
}

// writeCached is partialCached writing the fragment straight into w, as
// the code generated from the theme calls it (streamCached).
func (c *Context) writeCached(w *bytes.Buffer, name string, keys []any) error {
	v, err := c.cached(name, keys)
	if err != nil {
		return err
	}
	w.WriteString(v.String())
	return nil
}

// cached gives partialCached's fragment of partial name for keys, with
// the page's way to the root put in.
func (c *Context) cached(name string, keys []any) (reflect.Value, error) {
	if c.frags == nil {
		return reflect.Value{}, fmt.Errorf("partialCached %q: no render is running", name)
	}
	return c.cachedValue(cachedKey(name, keys), c.Data)
}

// cachedKey names the fragment of partial name for keys: a single string
// (the section of the site header) as it is, any other list encoded.
func cachedKey(name string, keys []any) fragKey {
	if len(keys) == 1 {
		if s, ok := keys[0].(string); ok {
			return fragKey{name: name, key: s, kind: oneString}
		}
	}
	return fragKey{name: name, key: cacheKey(keys)}
}

// cacheKey encodes a partial's list of keys: two different lists never
// give the same key.
func cacheKey(keys []any) string {
	var key strings.Builder
	for _, k := range keys {
		key.WriteByte(0)
		if s, ok := k.(string); ok {
			key.WriteString(s)
		} else if links, ok := k.([]site.Link); ok {
			// breadcrumbs, on every page: each text with its length
			// first, without fmt's reflection
			key.WriteByte(2)
			for _, l := range links {
				for _, t := range [2]string{l.Title, l.URL} {
					key.WriteString(strconv.Itoa(len(t)))
					key.WriteByte(':')
					key.WriteString(t)
				}
			}
		} else {
			// Go syntax, strings quoted, so that two different values
			// (a list of links whose titles hold spaces or braces) never
			// print the same.
			key.WriteByte(1)
			fmt.Fprintf(&key, "%#v", k)
		}
	}
	return key.String()
}

// partialCachedEach renders layouts/partials/NAME.html for each element of
// rows, a slice, as {{range}} with partialCached would: each element is
// the Data of the page's Context, and its CacheKey() is the key. The rows
// come out one to a line. It saves a table of a thousand rows a thousand
// trips through the template engine:
// {{partialCachedEach "arrangement-row" $ .Rows}}.
func (c *Context) partialCachedEach(name string, rows any) (template.HTML, error) {
	var b strings.Builder
	if err := c.writeCachedEach(&b, name, rows); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// writeCachedEach writes what partialCachedEach returns to w: compiled
// templates write a table's rows straight into the page (execute.Stream).
func (c *Context) writeCachedEach(w stringWriter, name string, rows any) error {
	if c.frags == nil {
		return fmt.Errorf("partialCachedEach %q: no render is running", name)
	}
	v := reflect.ValueOf(rows)
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return fmt.Errorf("partialCachedEach %q: rows must be a list, not %T", name, rows)
	}
	// The rows' fragments are found a batch at a time under one lock: a
	// table has thousands, and both cores look theirs up at once. Then
	// the page's buffer is grown once for the whole table, rather than
	// doubled again and again as the rows go in (each time new memory),
	// and the rows go straight into w, each with the page's way to the
	// root put in as it is copied.
	var (
		keys [maxRowBatch]fragKey
		data [maxRowBatch]any
	)
	n := v.Len()
	frs := make([]*fragment, n)
	size := n
	for start := 0; start < n; start += rowBatch {
		m := min(rowBatch, n-start)
		for j := range m {
			row, ok := v.Index(start + j).Interface().(interface{ CacheKey() string })
			if !ok {
				return fmt.Errorf("partialCachedEach %q: a row of type %s has no CacheKey method", name, v.Index(start+j).Type())
			}
			data[j], keys[j] = row, fragKey{name, row.CacheKey(), rowKey}
		}
		batch := frs[start : start+m]
		c.frags.lookup(keys[:m], batch)
		for j, fr := range batch {
			if err := c.render(fr, keys[j], data[j]); err != nil {
				return err
			}
			size += len(fr.html)
		}
	}
	// (a row's way to the root is no longer than the marker it replaces)
	w.Grow(size)
	for j, fr := range frs {
		if j > 0 {
			w.WriteByte('\n')
		}
		c.frags.writeRooted(w, string(fr.html), c.root)
	}
	return nil
}

// rowBatch is how many rows writeCachedEach looks up at once, at most
// maxRowBatch; a variable for tests.
var rowBatch = maxRowBatch

const maxRowBatch = 128

// stringWriter is a strings.Builder or a bytes.Buffer.
type stringWriter interface {
	Grow(n int)
	WriteByte(c byte) error
	WriteString(s string) (int, error)
}

// cachedValue gives the fragment under key, rendering the partial
// key.name the first time with data as the Context's Data, with the page's
// way to the root put in. It gives the HTML as a reflect.Value, as the
// compiled templates take it: a fragment shown on many pages keeps one for
// each way to the root, so that those pages do not each box its text again.
func (c *Context) cachedValue(key fragKey, data any) (reflect.Value, error) {
	fr, err := c.fragment(key, data)
	if err != nil {
		return reflect.Value{}, err
	}
	f := c.frags
	if fr.uses.Add(1) > hot {
		if v, ok := fr.byRoot.Load(c.root); ok {
			return v.(reflect.Value), nil
		}
		v := reflect.ValueOf(template.HTML(f.placeRoot(string(fr.html), c.root)))
		fr.byRoot.Store(c.root, v)
		return v, nil
	}
	return reflect.ValueOf(template.HTML(f.placeRoot(string(fr.html), c.root))), nil
}

// partialCachedValue is partialCached with its keys as reflect.Values, as
// compiled templates call it: a single string key (the section of the site
// header), or none, is used without boxing it.
func (c *Context) partialCachedValue(name string, keys []reflect.Value) (reflect.Value, error) {
	if len(keys) == 1 && keys[0].IsValid() && keys[0].Type() == reflect.TypeFor[string]() && c.frags != nil {
		// without boxing the string
		return c.cachedValue(fragKey{name: name, key: keys[0].String(), kind: oneString}, c.Data)
	}
	ks := make([]any, len(keys))
	for i, k := range keys {
		if k.IsValid() { // else nil, as given
			ks[i] = k.Interface()
		}
	}
	return c.cached(name, ks)
}

// fragment gives the fragment under key, rendered with markers for the way
// to the root, rendering the partial key.name the first time with data as
// the Context's Data.
func (c *Context) fragment(key fragKey, data any) (*fragment, error) {
	var fr [1]*fragment
	c.frags.lookup([]fragKey{key}, fr[:])
	return fr[0], c.render(fr[0], key, data)
}

// lookup puts in frs the fragments under keys, making those not yet there.
func (f *fragments) lookup(keys []fragKey, frs []*fragment) {
	f.mu.Lock()
	for i, key := range keys {
		fr := f.m[key]
		if fr == nil {
			fr = &fragment{}
			f.m[key] = fr
		}
		frs[i] = fr
	}
	f.mu.Unlock()
}

// render renders fragment fr, the partial key.name with data as the
// Context's Data, the first time it is asked for.
func (c *Context) render(fr *fragment, key fragKey, data any) error {
	f := c.frags
	fr.once.Do(func() {
		buf, _ := f.bufs.Get().(*bytes.Buffer)
		if buf == nil {
			buf = new(bytes.Buffer)
		}
		defer f.bufs.Put(buf)
		buf.Reset()
		at := *c
		at.Data = data
		at.root = f.marker
		fr.err = f.th.ExecutePartial(buf, key.name, &at)
		// The partial's output was escaped as it was rendered, as the
		// page's own would have been. The newline that ends its file is
		// dropped, so the action stands in for the lines it replaces.
		fr.html = template.HTML(strings.TrimSuffix(buf.String(), "\n"))
	})
	return fr.err
}
