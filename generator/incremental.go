package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing/fstest"
	"text/template/parse"
	"time"
	"unsafe"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/content"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/render"
	"github.com/tscip/tscip/generator/savings"
	"github.com/tscip/tscip/generator/site"
	"github.com/tscip/tscip/generator/theme"
	"github.com/tscip/tscip/themes"
)

// Session renders one site again and again, as the preview server does
// after each edit. Each render reads every input file, compares it with the
// last render's, loads again only the stages whose inputs changed, and
// renders again only the pages a Markdown change can reach; every other page
// keeps its bytes from the last good render. The result is the same as
// Render's for the same inputs (TestSessionMatchesRender keeps the two in
// step: a check added to Render belongs here too).
//
// A Session is used by one goroutine at a time.
type Session struct {
	opt   Options
	fsys  fs.FS
	inner fs.FS // the inputs as last read, which every stage reads

	inputs map[string][]byte // every input file as last read
	// pending are the input groups changed since the last good render.
	pending map[group]bool

	cfg        *config.Site
	cfgDiags   []diag.Diagnostic
	data       *dataset.Set
	dataDiags  []diag.Diagnostic
	pages      map[string]*parsedPage // by content file
	th         *theme.Theme
	themeDiags []diag.Diagnostic
	reads      readers // what the theme's templates read of the site
	model      *savings.Model

	last *Result // the last good render

	cache     *render.Cache      // what one render hands the next
	pub       *publish.Publisher // for Publish
	published *Result            // the last render Publish wrote
}

// Stats says what one render of a session did.
type Stats struct {
	Unchanged bool     // no input changed: the last result was returned as it was
	Reloaded  []string // stages that read their inputs again: config, data, content, theme
	Rendered  int      // pages rendered
	Reused    int      // pages whose bytes were kept from the last good render
	// How long each part took: reading the inputs, loading the stages that
	// changed, building the page model, and rendering.
	Read, Load, Model, Render time.Duration
	// Publish is how long Publish took to write the files that changed.
	Publish time.Duration
}

type parsedPage struct {
	src   []byte
	page  *content.Page // nil when the file has problems
	diags []diag.Diagnostic
}

// group is a kind of input: each is read by one stage.
type group string

const (
	groupConfig  group = "config"  // site.toml
	groupData    group = "data"    // data/**
	groupContent group = "content" // content/**/*.md
	groupOther   group = "other"   // other files under content/
	groupLayouts group = "layouts" // layouts/**, themes/** but their static/
	groupStatic  group = "static"  // static/**, themes/*/static/**
)

// inputRoots are the files and folders a site is read from.
var inputRoots = []string{config.File, "data", "content", "layouts", "static", "themes"}

func groupOf(p string) group {
	switch {
	case p == config.File:
		return groupConfig
	case strings.HasPrefix(p, "data/"):
		return groupData
	case strings.HasPrefix(p, "content/"):
		if strings.HasSuffix(p, ".md") {
			return groupContent
		}
		return groupOther
	case strings.HasPrefix(p, "static/"):
		return groupStatic
	case strings.HasPrefix(p, "themes/"):
		if parts := strings.SplitN(p, "/", 4); len(parts) == 4 && parts[2] == "static" {
			return groupStatic
		}
	}
	return groupLayouts
}

// NewSession prepares renders of the site opt describes; nothing is read
// until the first Render.
func NewSession(opt Options) *Session {
	if opt.Source == "" {
		opt.Source = "."
	}
	return &Session{opt: opt, fsys: opt.FS}
}

// Render renders the site as its files are now. Input problems are returned
// together as a *diag.Error, as Render returns them; the session keeps its
// last good result for the next render to build on.
func (s *Session) Render(ctx context.Context) (*Result, Stats, error) {
	start := time.Now()
	var st Stats
	if s.fsys == nil {
		if fi, err := os.Stat(s.opt.Source); err != nil || !fi.IsDir() {
			return nil, st, fmt.Errorf("site folder %s not found", s.opt.Source)
		}
		s.fsys = os.DirFS(s.opt.Source)
	}
	inputs, err := readInputs(s.fsys)
	if err != nil {
		return nil, st, err
	}
	lap := time.Now()
	st.Read = lap.Sub(start)
	changed := diffInputs(s.inputs, inputs)
	if s.inputs != nil && len(changed) == 0 && s.last != nil && s.pending == nil {
		st.Unchanged = true
		return s.last, st, nil
	}
	first := s.inputs == nil
	s.inputs = inputs
	mfs := fstest.MapFS{}
	for p, b := range inputs {
		mfs[p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	s.inner = mfs
	if s.pending == nil {
		s.pending = map[group]bool{}
	}
	groups := map[group]bool{}
	for p := range changed {
		groups[groupOf(p)] = true
	}
	for g := range groups {
		s.pending[g] = true
	}

	src, ok := inputs[config.File]
	if !ok {
		var diags diag.List
		diags.Add(diag.Diagnostic{File: config.File, Message: "missing: every site needs a site.toml (run tscip init to make a new site)"})
		s.inputs, s.cfg = nil, nil // read everything again once it is back
		return nil, st, diags.Err()
	}
	all := first || s.cfg == nil || groups[groupConfig] || groups[groupOther]
	if all {
		var l diag.List
		s.cfg = config.Parse(src, &l)
		if s.opt.BaseURL != "" {
			s.cfg.BaseURL = strings.TrimSuffix(s.opt.BaseURL, "/") + "/"
		}
		s.cfgDiags = l.Items()
		s.pages = nil
		st.Reloaded = append(st.Reloaded, "config")
	}
	if all || groups[groupData] {
		var l diag.List
		s.data = dataset.Load(s.inner, s.cfg.Limits, &l)
		s.dataDiags = l.Items()
		s.model = nil
		st.Reloaded = append(st.Reloaded, "data")
	}
	if all || groups[groupContent] {
		s.loadContent(changed)
		st.Reloaded = append(st.Reloaded, "content")
	}
	if all || groups[groupLayouts] || groups[groupStatic] {
		var l diag.List
		layers := theme.Layers(s.inner, s.cfg.Theme, themes.Default())
		s.th = theme.Load(layers, render.Funcs(), &l)
		render.Prepare(s.th)
		s.themeDiags = l.Items()
		s.reads = scanLayouts(layers)
		st.Reloaded = append(st.Reloaded, "theme")
	}
	if err := ctx.Err(); err != nil {
		return nil, st, err
	}
	st.Load, lap = time.Since(lap), time.Now()

	var diags diag.List
	for _, ds := range [][]diag.Diagnostic{s.cfgDiags, s.dataDiags, s.themeDiags} {
		for _, d := range ds {
			diags.Add(d)
		}
	}
	pages := s.contentSet(&diags)
	checkScenarios(s.cfg, s.data, &diags)
	checkOpportunityPages(pages, s.data, &diags)
	if diags.Len() > 0 {
		return nil, st, withSources(diags.Err(), s.inner)
	}

	if s.model == nil {
		s.model = savings.Compute(s.data, s.cfg)
	}
	in := site.Input{Config: s.cfg, Data: s.data, Content: pages, Model: s.model, BuildDate: buildDate(s.opt.Now), KeepDownloads: true, Defer: true}
	if s.last != nil {
		in.Previous = s.last.Site // site.Build takes from it only what the same inputs made
	}
	var next *site.Site
	if s.last != nil && onlyStatic(s.pending) && s.last.Site.BuildDate == in.BuildDate {
		next = s.last.Site // nothing a page shows has changed
	} else {
		next = site.Build(in)
	}
	reuse := s.reusable(next)
	st.Model, lap = time.Since(lap), time.Now()
	if s.cache == nil {
		s.cache = render.NewCache()
	}
	ropt := render.Options{BaseURL: s.cfg.BaseURL, FileURLs: s.opt.FileURLs, Cache: s.cache}
	if reuse != nil {
		ropt.Reuse = func(p *site.Page) ([]byte, *site.Page) { k := reuse[p]; return k.b, k.was }
	}
	files := render.Render(next, s.th, ropt, &diags)
	if diags.Len() > 0 {
		return nil, st, diags.Err()
	}
	st.Render = time.Since(lap)
	st.Reused = len(reuse)
	st.Rendered = len(next.Pages) - len(reuse)
	res := &Result{Pages: len(next.Pages), Files: files, Site: next}
	if s.cfg.BaseURL == "" {
		res.Warnings = append(res.Warnings, "base_url is not set: canonical links, the sitemap, feeds and export URIs are left out (set base_url in site.toml or pass --base-url)")
	}
	res.Elapsed = time.Since(start)
	s.last, s.pending = res, nil
	return res, st, nil
}

// Publish renders the site again, as Render does, and publishes it to the
// session's destination (Options.Dest, else Source/public) all or nothing.
// Only files that changed since the last Publish are hashed and written:
// the rest are handed over as the same bytes as before (publish.Publisher),
// so after a small edit a rebuild costs little more than the render. This
// is tscip build --watch.
func (s *Session) Publish(ctx context.Context) (*Result, Stats, error) {
	res, st, err := s.Render(ctx)
	if err != nil {
		return nil, st, err
	}
	if res == s.published {
		return res, st, nil
	}
	if s.pub == nil {
		dest := s.opt.Dest
		if dest == "" {
			dest = filepath.Join(s.opt.Source, "public")
		}
		if err := checkDest(s.opt.Source, dest); err != nil {
			return nil, st, err
		}
		s.pub = publish.NewPublisher(dest)
	}
	start := time.Now()
	if err := s.pub.Write(res.Files); err != nil {
		return nil, st, err
	}
	st.Publish = time.Since(start)
	s.published = res
	return res, st, nil
}

// Prepare readies the session's destination for quick rebuilds after a
// Publish: it publishes the same files again as files of their own
// (publish.Publisher.Copy), which leaves a second tree beside the
// destination for the next Publish to change in place, then verifies it
// (see Verify). Without it the first rebuild makes that tree, which takes
// about as long as copying the site. The published site's bytes do not
// change. tscip build --watch calls it while nobody is waiting.
func (s *Session) Prepare() error {
	if s.pub == nil || s.published == nil {
		return nil
	}
	if err := s.pub.Copy(s.published.Files); err != nil {
		return err
	}
	return s.pub.Verify()
}

// Verify looks once at each file of the tree the last Publish replaced,
// which the next Publish brings up to date, so that the next Publish need
// not (publish.Publisher.Verify). tscip build --watch calls it after each
// rebuild, while waiting for the next change.
func (s *Session) Verify() error {
	if s.pub == nil {
		return nil
	}
	return s.pub.Verify()
}

// readInputs reads every file under the input roots, on every core.
func readInputs(fsys fs.FS) (map[string][]byte, error) {
	var paths []string
	for _, root := range inputRoots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil // a root that does not exist, or a file gone while walking
				}
				return err
			}
			if !d.IsDir() {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading the site: %w", err)
		}
	}
	bodies := make([][]byte, len(paths))
	errs := make([]error, len(paths))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(paths); i = int(next.Add(1)) - 1 {
				bodies[i], errs[i] = fs.ReadFile(fsys, paths[i])
			}
		}()
	}
	wg.Wait()
	out := make(map[string][]byte, len(paths))
	for i, p := range paths {
		if errors.Is(errs[i], fs.ErrNotExist) {
			continue // gone while walking
		}
		if errs[i] != nil {
			return nil, fmt.Errorf("reading the site: %w", errs[i])
		}
		out[p] = bodies[i]
	}
	return out, nil
}

// diffInputs lists the files added, removed or changed.
func diffInputs(old, cur map[string][]byte) map[string]bool {
	out := map[string]bool{}
	for p, b := range cur {
		if ob, ok := old[p]; !ok || !bytes.Equal(ob, b) {
			out[p] = true
		}
	}
	for p := range old {
		if _, ok := cur[p]; !ok {
			out[p] = true
		}
	}
	return out
}

func onlyStatic(pending map[group]bool) bool {
	for g := range pending {
		if g != groupStatic {
			return false
		}
	}
	return true
}

// loadContent parses the Markdown files that changed (every file after a
// settings change) and forgets those removed.
func (s *Session) loadContent(changed map[string]bool) {
	opt := content.Options{Drafts: s.opt.Drafts, UnsafeHTML: s.cfg.UnsafeHTML, Limits: s.cfg.Limits,
		Link: func(from, to string) string { return render.Rel(from, to, s.opt.FileURLs) }}
	if s.pages == nil {
		s.pages = map[string]*parsedPage{}
	}
	for f, pp := range s.pages {
		if _, ok := s.inputs[f]; !ok {
			delete(s.pages, f)
		} else if changed[f] {
			pp.src = nil
		}
	}
	for f, b := range s.inputs {
		if groupOf(f) != groupContent {
			continue
		}
		if pp, ok := s.pages[f]; ok && pp.src != nil {
			continue
		}
		var l diag.List
		p := content.Parse(f, b, nil, opt, &l)
		s.pages[f] = &parsedPage{src: b, page: p, diags: l.Items()}
	}
}

// contentSet gathers the parsed pages in content.Load's order, adding the
// files' problems to diags.
func (s *Session) contentSet(diags *diag.List) *content.Set {
	files := make([]string, 0, len(s.pages))
	for f := range s.pages {
		files = append(files, f)
	}
	sort.Strings(files) // content.Load walks the folder in lexical order
	set := &content.Set{}
	for _, f := range files {
		pp := s.pages[f]
		for _, d := range pp.diags {
			diags.Add(d)
		}
		if pp.page != nil && (!pp.page.Draft || s.opt.Drafts) {
			set.Pages = append(set.Pages, pp.page)
		}
	}
	set.Sort()
	return set
}

// reusable returns, for the pages of the new site that show exactly what
// they showed in the last good render, their bytes from that render and
// the page they were; nil when every page must be rendered. Markdown, data
// and static changes allow reuse; settings and templates reach every page. After a data change, a
// page is reused when its model is equal, value for value, to the last
// one's and its templates read nothing of the data beyond its model
// (dataFreeFields): an edit to one arrangement leaves the pages of the
// others as they were.
func (s *Session) reusable(next *site.Site) map[*site.Page]kept {
	prev := s.last
	if prev == nil || prev.Files == nil {
		return nil
	}
	for g := range s.pending {
		if g != groupContent && g != groupStatic && g != groupData {
			return nil
		}
	}
	data := s.pending[groupData]
	old := prev.Site
	if s.reads.all || data && s.reads.dataAll || old.Config != next.Config ||
		!data && (old.Data != next.Data || old.Model != next.Model) ||
		old.AsAt != next.AsAt || old.BuildDate != next.BuildDate || !reflect.DeepEqual(old.Nav, next.Nav) {
		return nil
	}
	out := map[*site.Page]kept{}
	if old == next {
		for _, p := range next.Pages {
			if b, ok := prev.Files.Get(render.OutputPath(p.Path)); ok {
				out[p] = kept{b, p}
			}
		}
		return out
	}
	c := &comparer{memo: map[visit]int8{}, plain: map[reflect.Type]bool{}}
	for _, p := range next.Pages {
		// A page still waiting on slow work (the data page, on the
		// downloads) is rendered again: its model is not complete yet.
		if p.Waits() || s.reads.layouts[p.Layout] || data && s.reads.dataLayouts[p.Layout] {
			continue
		}
		op := old.Page(p.Path)
		if op == nil || !c.equal(reflect.ValueOf(op), reflect.ValueOf(p)) {
			continue
		}
		if b, ok := prev.Files.Get(render.OutputPath(p.Path)); ok {
			out[p] = kept{b, op}
		}
	}
	return out
}

// kept is a page's bytes from the last good render, and the page it was.
type kept struct {
	b   []byte
	was *site.Page
}

// comparer tells whether two page models show the same thing. It compares
// values deeply, like reflect.DeepEqual, with these differences: pointers
// to the same object are equal (inputs are not changed once loaded); a
// Markdown page is equal only to itself (a changed file is parsed into a
// new page); the whole site, functions and cycles count as different, since
// what they lead to cannot be compared cheaply.
type comparer struct {
	memo  map[visit]int8 // 1 comparing, 2 equal, 3 different
	plain map[reflect.Type]bool
}

// isPlain caches plainType.
func (c *comparer) isPlain(t reflect.Type) bool {
	p, ok := c.plain[t]
	if !ok {
		p = plainType(t)
		c.plain[t] = p
	}
	return p
}

type visit struct {
	a, b uintptr
	n    int
	t    reflect.Type
}

var (
	contentPageType = reflect.TypeFor[*content.Page]()
	siteType        = reflect.TypeFor[*site.Site]()
)

func (c *comparer) equal(a, b reflect.Value) bool {
	if !a.IsValid() || !b.IsValid() {
		return a.IsValid() == b.IsValid()
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.Pointer() == b.Pointer() {
			return true
		}
		if a.IsNil() || b.IsNil() || a.Type() == contentPageType || a.Type() == siteType {
			return false
		}
		return c.remember(visit{a.Pointer(), b.Pointer(), 0, a.Type()}, func() bool { return c.equal(a.Elem(), b.Elem()) })
	case reflect.Struct:
		if c.isPlain(a.Type()) && a.CanAddr() && b.CanAddr() {
			return sameMemory(unsafe.Pointer(a.UnsafeAddr()), unsafe.Pointer(b.UnsafeAddr()), a.Type().Size())
		}
		for i := 0; i < a.NumField(); i++ {
			if !c.equal(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		if a.Len() == 0 || a.Pointer() == b.Pointer() {
			return true
		}
		if et := a.Type().Elem(); c.isPlain(et) {
			return sameMemory(a.UnsafePointer(), b.UnsafePointer(), uintptr(a.Len())*et.Size())
		}
		return c.remember(visit{a.Pointer(), b.Pointer(), a.Len(), a.Type()}, func() bool { return c.elements(a, b) })
	case reflect.Array:
		if c.isPlain(a.Type()) && a.CanAddr() && b.CanAddr() {
			return sameMemory(unsafe.Pointer(a.UnsafeAddr()), unsafe.Pointer(b.UnsafeAddr()), a.Type().Size())
		}
		return c.elements(a, b)
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		if a.Pointer() == b.Pointer() {
			return true
		}
		return c.remember(visit{a.Pointer(), b.Pointer(), 0, a.Type()}, func() bool {
			it := a.MapRange()
			for it.Next() {
				bv := b.MapIndex(it.Key())
				if !bv.IsValid() || !c.equal(it.Value(), bv) {
					return false
				}
			}
			return true
		})
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return c.equal(a.Elem(), b.Elem())
	case reflect.Func:
		return a.IsNil() && b.IsNil()
	case reflect.Chan, reflect.UnsafePointer:
		return a.Pointer() == b.Pointer()
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.Complex64, reflect.Complex128:
		return a.Complex() == b.Complex()
	}
	return false
}

// plainType reports whether a type holds only numbers and booleans (no
// pointers, strings or interfaces), so that equal memory means equal values
// (or, for floats and padding, at worst reports a difference).
func plainType(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return plainType(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if !plainType(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}

func sameMemory(a, b unsafe.Pointer, n uintptr) bool {
	if n == 0 || a == b {
		return true
	}
	return bytes.Equal(unsafe.Slice((*byte)(a), n), unsafe.Slice((*byte)(b), n))
}

func (c *comparer) elements(a, b reflect.Value) bool {
	for i := 0; i < a.Len(); i++ {
		if !c.equal(a.Index(i), b.Index(i)) {
			return false
		}
	}
	return true
}

// remember compares once per pair of objects; a pair met again while it is
// being compared (a cycle) counts as different.
func (c *comparer) remember(k visit, compare func() bool) bool {
	switch c.memo[k] {
	case 1, 3:
		return false
	case 2:
		return true
	}
	c.memo[k] = 1
	eq := compare()
	c.memo[k] = 3
	if eq {
		c.memo[k] = 2
	}
	return eq
}

// readers says which templates read more of the site than their page: those
// pages are rendered again after any Markdown change (all, layouts), or
// after any change to the data (dataAll, dataLayouts).
type readers struct {
	all         bool            // the base template or a partial does: every page
	layouts     map[string]bool // page layouts that do
	dataAll     bool            // the same for reading the data beyond dataFreeFields
	dataLayouts map[string]bool
}

// siteFields are the parts of the site a template may read without
// depending on the Markdown pages (the rest, such as .Site.Content, may).
var siteFields = map[string]bool{"Config": true, "Data": true, "Model": true, "AsAt": true, "BuildDate": true,
	"Nav": true, "Org": true, "OrgName": true, "ServiceName": true}

// dataFreeFields are the parts of the site that do not depend on the data
// files: a template that reads the site beyond them (.Site.Data, .Site.Model,
// .Site.OrgName ...) must be rendered again when the data change.
var dataFreeFields = map[string]bool{"Config": true, "AsAt": true, "BuildDate": true, "Nav": true}

// contextFields are what a template's $ offers (render.Context).
var contextFields = map[string]bool{"Site": true, "Page": true, "BaseURL": true, "URL": true, "Abs": true, "IsSection": true}

// scanLayouts reads every template of every layer (hidden ones too, which
// can only make the answer more cautious) and notes those that read the
// site beyond siteFields, and those that read it beyond dataFreeFields.
func scanLayouts(layers []theme.Layer) readers {
	r := readers{layouts: map[string]bool{}, dataLayouts: map[string]bool{}}
	for _, l := range layers {
		_ = fs.WalkDir(l.FS, "layouts", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return nil
			}
			b, err := fs.ReadFile(l.FS, p)
			name := strings.TrimPrefix(p, "layouts/")
			every := name == "baseof.html" || strings.Contains(name, "/")
			note := func(all *bool, layouts map[string]bool, safe map[string]bool) {
				if err == nil && !readsSite(name, string(b), safe) {
					return
				}
				if every {
					*all = true
				} else {
					layouts[strings.TrimSuffix(name, ".html")] = true
				}
			}
			note(&r.all, r.layouts, siteFields)
			note(&r.dataAll, r.dataLayouts, dataFreeFields)
			return nil
		})
	}
	return r
}

// readsSite reports whether a template reads the site beyond the fields
// safe names, or cannot be parsed (and so may).
func readsSite(name, text string, safe map[string]bool) bool {
	t := parse.New(name)
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(text, "", "", trees); err != nil {
		return true
	}
	for _, tr := range trees {
		if tr.Root != nil && nodeReadsSite(tr.Root, safe) {
			return true
		}
	}
	return false
}

func nodeReadsSite(n parse.Node, safe map[string]bool) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if nodeReadsSite(c, safe) {
				return true
			}
		}
	case *parse.ActionNode:
		return nodeReadsSite(n.Pipe, safe)
	case *parse.IfNode:
		return branchReadsSite(&n.BranchNode, safe)
	case *parse.RangeNode:
		return branchReadsSite(&n.BranchNode, safe)
	case *parse.WithNode:
		return branchReadsSite(&n.BranchNode, safe)
	case *parse.TemplateNode:
		return n.Pipe != nil && nodeReadsSite(n.Pipe, safe)
	case *parse.PipeNode:
		if n == nil {
			return false
		}
		for _, c := range n.Cmds {
			if nodeReadsSite(c, safe) {
				return true
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			if nodeReadsSite(a, safe) {
				return true
			}
		}
	case *parse.ChainNode:
		return nodeReadsSite(n.Node, safe) || identsReadSite(n.Field, safe)
	case *parse.FieldNode:
		return identsReadSite(n.Ident, safe)
	case *parse.VariableNode:
		if len(n.Ident) > 1 && n.Ident[0] == "$" && !contextFields[n.Ident[1]] {
			return true
		}
		return identsReadSite(n.Ident, safe)
	}
	return false
}

func branchReadsSite(b *parse.BranchNode, safe map[string]bool) bool {
	return nodeReadsSite(b.Pipe, safe) || nodeReadsSite(b.List, safe) || b.ElseList != nil && nodeReadsSite(b.ElseList, safe)
}

// identsReadSite reports whether a chain such as .Site.Content reads the
// site beyond the safe fields; a chain ending in Site hands the whole site
// on.
func identsReadSite(idents []string, safe map[string]bool) bool {
	for i, id := range idents {
		if id == "Site" && (i+1 == len(idents) || !safe[idents[i+1]]) {
			return true
		}
	}
	return false
}
