// Package theme finds a site's templates and static files: the site's own
// layouts/ and static/ first, then themes/<name>/, then the default theme
// embedded in the binary.
package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/execute"
)

// Theme is a set of parsed page templates and static files.
type Theme struct {
	pages    map[string]*template.Template
	partials *template.Template // baseof.html and the partials, for ExecutePartial
	files    map[string]string  // a partial's template name -> its file
	Static   map[string][]byte  // path under the output folder -> bytes

	// Interpreted, when set, runs every template with html/template alone,
	// never through a compiled program (for comparing the two).
	Interpreted bool
	// Fast are forms of functions of the function map and of methods that
	// compiled programs call without reflection (execute.Direct); set
	// before the first execution.
	Fast execute.Fast
	// Generated is Go code generated from a set of templates (see
	// package gocode), by template key ("page:arrangement",
	// "partial:arrangement-row"). It runs in place of a template's
	// program when the theme's templates are exactly those it was
	// generated from; set before the first execution.
	Generated Generated
	funcs     template.FuncMap
	hash      string
	programs  sync.Map // template key -> *program
	stats     struct{ compiled, fallbacks, uncompiled, generated, generatedFallbacks atomic.Int64 }
}

// Generated is code generated from a theme's templates.
type Generated struct {
	From  string // the Hash of the templates it was generated from
	Funcs map[string]func(w *bytes.Buffer, data any) error
}

// program is a template found by key, how html/template runs it (std),
// and its compiled form, made the first time the template runs; p is nil
// when it cannot be compiled.
type program struct {
	tp   *template.Template
	std  func(io.Writer, any) error
	once sync.Once
	p    *execute.Program
}

// File gives the file a template came from, for messages: a partial is
// named partials/x in templates and errors, and comes from a layer's
// layouts/partials/x.html. Other names (the layouts, named by their files)
// are returned as they are.
func (t *Theme) File(name string) string {
	if f, ok := t.files[name]; ok {
		return f
	}
	return name
}

// Layers are the folders a theme is read from, highest priority first; each
// holds layouts/ and static/.
type Layer struct {
	Name string // for messages, e.g. "layouts/" or "themes/civic/"
	FS   fs.FS
}

// Layers returns the lookup order for a site folder, a theme name and the
// embedded default.
func Layers(site fs.FS, name string, embedded fs.FS) []Layer {
	ls := []Layer{{Name: "", FS: site}}
	if sub, err := fs.Sub(site, "themes/"+name); err == nil {
		if _, err := fs.Stat(sub, "."); err == nil {
			ls = append(ls, Layer{Name: "themes/" + name + "/", FS: sub})
		}
	}
	return append(ls, Layer{Name: "(embedded default theme)/", FS: embedded})
}

// Load parses every template of the layers. Page templates are
// layouts/*.html other than baseof.html; each is combined with baseof.html
// and layouts/partials/*.html. A file in a higher layer hides the same file
// in lower ones.
func Load(layers []Layer, funcs template.FuncMap, diags *diag.List) *Theme {
	t := &Theme{pages: map[string]*template.Template{}, files: map[string]string{}, Static: map[string][]byte{}, funcs: funcs}
	layouts := map[string]source{} // name -> file, highest layer wins
	for i := len(layers) - 1; i >= 0; i-- {
		l := layers[i]
		collect(l, "layouts", func(rel string, b []byte) {
			layouts[rel] = source{file: l.Name + "layouts/" + rel, text: string(b)}
		})
		collect(l, "static", func(rel string, b []byte) {
			t.Static[rel] = b
		})
	}
	t.hash = hashOf(layouts)
	base, ok := layouts["baseof.html"]
	if !ok {
		diags.Add(diag.Diagnostic{File: "layouts/baseof.html", Message: "no base template in any theme"})
		return t
	}
	root := template.New(base.file).Funcs(funcs).Option("missingkey=error")
	_, err := root.Parse(base.text)
	if err != nil {
		addErr(diags, base.file, err)
		return t
	}
	names := sortedKeys(layouts)
	for _, n := range names {
		if strings.HasPrefix(n, "partials/") {
			s := layouts[n]
			t.files[strings.TrimSuffix(n, ".html")] = s.file
			if _, err := root.New(strings.TrimSuffix(n, ".html")).Parse(s.text); err != nil {
				addErr(diags, s.file, err)
			}
		}
	}
	if t.partials, err = root.Clone(); err != nil {
		addErr(diags, base.file, err)
		return t
	}
	for _, n := range names {
		if n == "baseof.html" || strings.Contains(n, "/") || !strings.HasSuffix(n, ".html") {
			continue
		}
		s := layouts[n]
		c, err := root.Clone()
		if err == nil {
			_, err = c.New(s.file).Parse(s.text)
		}
		if err != nil {
			addErr(diags, s.file, err)
			continue
		}
		t.pages[strings.TrimSuffix(n, ".html")] = c
	}
	return t
}

type source struct{ file, text string }

// hashOf names a set of layouts by their names and text: two themes with
// the same hash run the same templates.
func hashOf(layouts map[string]source) string {
	h := sha256.New()
	for _, name := range sortedKeys(layouts) {
		fmt.Fprintf(h, "%d:%s%d:%s", len(name), name, len(layouts[name].text), layouts[name].text)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Hash names the theme's templates: the layouts and partials in effect,
// whichever layer each came from.
func (t *Theme) Hash() string { return t.hash }

func collect(l Layer, dir string, fn func(rel string, b []byte)) {
	_ = fs.WalkDir(l.FS, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(l.FS, p)
		if err == nil {
			fn(strings.TrimPrefix(p, dir+"/"), b)
		}
		return nil
	})
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// addErr turns a template error ("template: NAME:LINE:COL: ...") into a
// positioned diagnostic.
func addErr(diags *diag.List, file string, err error) {
	msg := err.Error()
	line, col := 0, 0
	if rest, ok := strings.CutPrefix(msg, "template: "+file+":"); ok {
		var tail string
		if n, _ := fmt.Sscanf(rest, "%d:%d:", &line, &col); n < 2 {
			fmt.Sscanf(rest, "%d:", &line)
		}
		if i := strings.Index(rest, ": "); i >= 0 {
			tail = rest[i+2:]
		}
		msg = tail
	}
	diags.Add(diag.Diagnostic{File: file, Line: line, Column: col, Message: "template: " + msg})
}

// Has reports whether the theme has a page template of that name.
func (t *Theme) Has(name string) bool { _, ok := t.pages[name]; return ok }

// Layouts gives the names of the page templates, sorted.
func (t *Theme) Layouts() []string { return sortedKeys(t.pages) }

// ErrNoTemplate is returned for a page kind without a template.
var ErrNoTemplate = errors.New("no template")

// Execute renders the page template name (which runs baseof.html) with data.
func (t *Theme) Execute(w interface{ Write([]byte) (int, error) }, name string, data any) error {
	return t.execute(w, "page:"+name, data)
}

// ExecutePartial renders layouts/partials/NAME.html with data.
func (t *Theme) ExecutePartial(w interface{ Write([]byte) (int, error) }, name string, data any) error {
	return t.execute(w, "partial:"+name, data)
}

func (t *Theme) execute(w io.Writer, key string, data any) error {
	pr, ok := t.programs.Load(key)
	if !ok {
		tp, std, err := t.template(key)
		if err != nil {
			return err
		}
		pr, _ = t.programs.LoadOrStore(key, &program{tp: tp, std: std})
	}
	return t.run(w, key, pr.(*program), data)
}

// template gives the template under key ("page:NAME", a layout, or
// "partial:NAME") and how html/template runs it.
func (t *Theme) template(key string) (*template.Template, func(io.Writer, any) error, error) {
	kind, name, _ := strings.Cut(key, ":")
	switch kind {
	case "page":
		if tp, ok := t.pages[name]; ok {
			return tp, func(w io.Writer, data any) error { return tp.Execute(w, data) }, nil
		}
		return nil, nil, fmt.Errorf("%w %q in layouts/", ErrNoTemplate, path.Clean(name)+".html")
	case "partial":
		if t.partials != nil {
			if tp := t.partials.Lookup("partials/" + name); tp != nil {
				return tp, func(w io.Writer, data any) error { return t.partials.ExecuteTemplate(w, "partials/"+name, data) }, nil
			}
		}
		return nil, nil, fmt.Errorf("%w %q in layouts/", ErrNoTemplate, "partials/"+path.Clean(name)+".html")
	}
	return nil, nil, fmt.Errorf("%w %q", ErrNoTemplate, key)
}

// run executes a template through its compiled program, or with
// html/template (std) when it has none, or when the program leaves this
// execution to it: then html/template's output or error is the result.
func (t *Theme) run(w io.Writer, key string, pr *program, data any) error {
	std := pr.std
	if t.Interpreted {
		return std(w, data)
	}
	gen := t.Generated.Funcs[key]
	if t.Generated.From != t.hash {
		gen = nil
	}
	p := t.compiled(pr)
	if p == nil && gen == nil {
		return std(w, data)
	}
	buf, direct := w.(*bytes.Buffer)
	if !direct {
		buf = new(bytes.Buffer)
	}
	start := buf.Len()
	err := errNoCode
	if gen != nil {
		if err = gen(buf, data); err == nil {
			t.stats.generated.Add(1)
		} else {
			buf.Truncate(start)
			t.stats.generatedFallbacks.Add(1)
		}
	}
	if err != nil && p != nil {
		if err = p.Execute(buf, data); err == nil {
			t.stats.compiled.Add(1)
		}
	}
	if err != nil {
		buf.Truncate(start)
		t.stats.fallbacks.Add(1)
		return std(w, data)
	}
	if !direct {
		_, err := w.Write(buf.Bytes())
		return err
	}
	return nil
}

// compiled gives the template's compiled program, compiling it the first
// time; nil when it cannot be compiled.
//
// html/template escapes a template (and those it calls) when it first
// runs it, and the program is compiled from the escaped tree. So the
// template is run once first with no data and a writer that refuses
// everything: the run stops at its first output or its first use of the
// data, having done nothing, and only the escaping is wanted. A page's
// own first run is not used for it, because the heaviest templates (the
// home page, the list of every arrangement) run only once a build.
func (t *Theme) compiled(pr *program) *execute.Program {
	pr.once.Do(func() {
		if escapeError(pr.std) != nil {
			return // it does not escape, so it never runs; html/template says why
		}
		var err error
		if pr.p, err = execute.Compile(pr.tp, t.funcs, t.Fast); err != nil {
			t.stats.uncompiled.Add(1)
		}
	})
	return pr.p
}

var errNoCode = errors.New("no code for this template")

// Escaped gives the template under key ("page:NAME" or "partial:NAME")
// as html/template has escaped it, for generating code from it.
func (t *Theme) Escaped(key string) (*template.Template, error) {
	tp, std, err := t.template(key)
	if err != nil {
		return nil, err
	}
	if err := escapeError(std); err != nil {
		return nil, err
	}
	return tp, nil
}

// escapeError has html/template escape the template std runs, by running
// it with no data and a writer that refuses everything: the run stops at
// its first output or its first use of the data, having done nothing. It
// gives html/template's error when the template cannot be escaped.
func escapeError(std func(io.Writer, any) error) error {
	var escErr *template.Error
	if errors.As(std(refuse{}, nil), &escErr) {
		return escErr
	}
	return nil
}

// refuse is a writer that accepts nothing.
type refuse struct{}

func (refuse) Write([]byte) (int, error) { return 0, errRefused }

var errRefused = errors.New("writes refused")

// Stats count how the theme's templates ran.
type Stats struct {
	Generated          int64 // executions by generated Go code
	GeneratedFallbacks int64 // executions generated code left to the program
	Compiled           int64 // executions by a compiled program
	Fallbacks          int64 // executions a program left to html/template
	Uncompiled         int64 // templates that could not be compiled
}

// Stats gives the counts so far.
func (t *Theme) Stats() Stats {
	return Stats{t.stats.generated.Load(), t.stats.generatedFallbacks.Load(), t.stats.compiled.Load(), t.stats.fallbacks.Load(), t.stats.uncompiled.Load()}
}
