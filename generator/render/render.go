package render

import (
	"bytes"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/site"
	"github.com/tscip/tscip/generator/theme"
)

// Options says how to render.
type Options struct {
	BaseURL  string // absolute, ending in "/"; "" leaves absolute links out
	FileURLs bool   // link to index.html files, for a copy opened from disk
	// Reuse, when set, may give a page's bytes from an earlier render of
	// the same inputs, and the page of that render it is equal to; the page
	// is then not rendered again, and what the Cache worked out from the
	// earlier page (its search terms) serves again (the sessions'
	// incremental rebuilds). was is nil when the page must be rendered.
	Reuse func(p *site.Page) (b []byte, was *site.Page)
	// Cache, when set, keeps what this render can give the next render of
	// the same site.
	Cache *Cache
	// Files, when set, receives the files as they are rendered (a set from
	// publish.Stage streams them to disk, so a large site need not be held
	// in memory); nil renders into a new set in memory.
	Files *publish.Files
}

// Render produces every file of the site. Pages are rendered in parallel;
// the result does not depend on the order they finish in.
func Render(s *site.Site, th *theme.Theme, opt Options, diags *diag.List) *publish.Files {
	files := opt.Files
	if files == nil {
		files = publish.NewFiles()
	}
	out := make([][]byte, len(s.Pages))
	streamed := make([]bool, len(s.Pages))
	var outPaths []string // of the pages streamed to opt.Files
	errs := make([]error, len(s.Pages))
	// The other files (feeds, search index, downloads) depend only on the
	// page model, which rendering does not change: make them alongside the
	// pages. Each writes its own paths, so the result does not depend on
	// which finishes first.
	var extrasDone sync.WaitGroup
	for _, extra := range extras {
		extrasDone.Add(1)
		go func() {
			defer extrasDone.Done()
			extra(s, opt, files)
		}()
	}
	frags := newFragments(th)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	next := make(chan int)
	// A page streamed to a staged set is rendered into a buffer that the
	// set gives back once the page is on disk, so that ten thousand pages
	// reuse a few hundred buffers rather than each taking new memory. (A
	// sync.Pool would drop them at each garbage collection.)
	var bufs buffers
	// Each page is rendered into room for the last page of its layout, so
	// that its buffer mostly does not grow by doubling as it fills (pages
	// of a layout are much alike; a larger one grows from there).
	sizes := map[string]*atomic.Int64{}
	for _, p := range s.Pages {
		if sizes[p.Layout] == nil {
			sizes[p.Layout] = new(atomic.Int64)
		}
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var own bytes.Buffer
			for i := range next {
				buf := &own
				if opt.Files != nil {
					buf = bytes.NewBuffer(bufs.get())
				}
				buf.Reset()
				size := sizes[s.Pages[i].Layout]
				buf.Grow(int(size.Load()))
				s.Pages[i].Ready()
				ctx := newContext(s, s.Pages[i], opt, frags)
				if err := th.Execute(buf, s.Pages[i].Layout, ctx); err != nil {
					errs[i] = err
					continue
				}
				size.Store(int64(buf.Len()))
				if opt.Files != nil {
					files.AddLent(outPaths[i], buf.Bytes(), bufs.put)
					streamed[i] = true
					continue
				}
				out[i] = bytes.Clone(buf.Bytes())
			}
		}()
	}
	// Pages that wait on slow work (the data page, on the downloads) go
	// last, so the others are rendered meanwhile.
	order := make([]int, 0, len(s.Pages))
	for _, late := range []bool{false, true} {
		for i, p := range s.Pages {
			if p.Waits() == late {
				order = append(order, i)
			}
		}
	}
	if opt.Files != nil {
		outPaths = make([]string, len(s.Pages))
		paths := make([]string, len(order))
		for k, i := range order {
			outPaths[i] = OutputPath(s.Pages[i].Path)
			paths[k] = outPaths[i]
		}
		files.Expect(paths)
	}
	for _, i := range order {
		if opt.Reuse != nil {
			if b, was := opt.Reuse(s.Pages[i]); was != nil {
				out[i] = b
				continue
			}
		}
		next <- i
	}
	close(next)
	wg.Wait()
	failures := templateFailures{file: th.File}
	for i, p := range s.Pages {
		if errs[i] != nil {
			failures.add(p, errs[i])
			continue
		}
		if !streamed[i] {
			files.Add(OutputPath(p.Path), out[i])
		}
	}
	failures.report(diags)
	for name, b := range th.Static {
		files.Add(name, b)
	}
	files.Add("data/summary.json", madeOfData(s, opt, func(c *Cache) *dataFile { return &c.summary },
		func() []byte { return site.Summary(s) }))
	extrasDone.Wait()
	return files
}

// buffers are page buffers given back, for pages still to render.
type buffers struct {
	mu   sync.Mutex
	free [][]byte
}

func (p *buffers) get() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.free)
	if n == 0 {
		return nil
	}
	b := p.free[n-1]
	p.free[n-1] = nil
	p.free = p.free[:n-1]
	return b[:0]
}

func (p *buffers) put(b []byte) {
	p.mu.Lock()
	p.free = append(p.free, b)
	p.mu.Unlock()
}

// extras write the site's other files (feeds, sitemap, downloads); each
// lives in its own file of this package and registers itself here.
var extras []func(*site.Site, Options, *publish.Files)

// templateFailures gathers the errors of executing templates: one mistake
// in a template fails every page it renders, so each is reported once, at
// its file, line and column, with the first page and how many others.
type templateFailures struct {
	file  func(template string) string // the file a template came from
	order []string
	byKey map[string]*templateFailure
}

type templateFailure struct {
	d     diag.Diagnostic
	pages int
}

// templateErrRE finds the places text/template names in an error: the
// page's template, and for an error inside a partial called through a
// function (partialCached), the partial's own.
var templateErrRE = regexp.MustCompile(`template: ([^:\n]+):(\d+):(\d+): `)

// add notes a page's failure at the innermost template place its error
// names, which is where the mistake is: a partial's file rather than the
// line of the layout that called it.
func (f *templateFailures) add(p *site.Page, err error) {
	msg := err.Error()
	d := diag.Diagnostic{File: "layouts/" + p.Layout + ".html", Message: msg}
	if all := templateErrRE.FindAllStringSubmatchIndex(msg, -1); all != nil {
		m := all[len(all)-1]
		name := msg[m[2]:m[3]]
		d.File, d.Message = name, msg[m[1]:]
		if f.file != nil {
			d.File = f.file(name)
		}
		d.Line, _ = strconv.Atoi(msg[m[4]:m[5]])
		d.Column, _ = strconv.Atoi(msg[m[6]:m[7]])
	}
	key := d.String()
	if f.byKey == nil {
		f.byKey = map[string]*templateFailure{}
	}
	if tf, ok := f.byKey[key]; ok {
		tf.pages++
		return
	}
	d.Message = "rendering " + p.Path + ": " + d.Message
	f.byKey[key] = &templateFailure{d: d, pages: 1}
	f.order = append(f.order, key)
}

func (f *templateFailures) report(diags *diag.List) {
	for _, k := range f.order {
		tf := f.byKey[k]
		if tf.pages > 1 {
			tf.d.Message += fmt.Sprintf(" (and %d other pages)", tf.pages-1)
		}
		diags.Add(tf.d)
	}
}
