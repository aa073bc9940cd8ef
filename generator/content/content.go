// Package content holds the site's Markdown pages (content/**/*.md): their
// TOML front matter, and their bodies rendered to HTML with goldmark.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/textcheck"
)

// Page is one Markdown file.
type Page struct {
	File    string // path under the site, e.g. content/framework/compact.md
	Section string // first folder under content/, "" for single pages
	Slug    string // file name without .md; "_index" for a section's own page
	Title   string
	Summary string
	Weight  int
	Date    date.Date
	Draft   bool
	Body    template.HTML
	Text    string    // the body as plain text, for the search index
	TOC     []Heading // second-level headings, for contents lists
	Source  []byte    // the Markdown body (after the front matter)
}

// Heading is one entry of a page's contents.
type Heading struct {
	ID    string
	Title string
}

// URL returns the page's site-root path, e.g. /framework/compact/.
func (p *Page) URL() string {
	switch {
	case p.Section == "" && p.Slug == "_index":
		return "/"
	case p.Section == "":
		return "/" + p.Slug + "/"
	case p.Slug == "_index":
		return "/" + p.Section + "/"
	}
	return "/" + p.Section + "/" + p.Slug + "/"
}

// Options says how to read pages.
type Options struct {
	Drafts     bool // keep pages marked draft
	UnsafeHTML bool // pass raw HTML through (only when the site opts in)
	Limits     config.Limits
	// Link turns a site-root link such as /savings/ into the form the page
	// at from should carry (relative); nil leaves links as written.
	Link func(from, to string) string
}

// Set is every page, sorted by section, weight, title and file.
type Set struct {
	Pages []*Page
}

// Section returns the pages of a section other than its _index, in order.
func (s *Set) Section(name string) []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Section == name && p.Slug != "_index" {
			out = append(out, p)
		}
	}
	return out
}

// Get returns the page at a section and slug, or nil.
func (s *Set) Get(section, slug string) *Page {
	for _, p := range s.Pages {
		if p.Section == section && p.Slug == slug {
			return p
		}
	}
	return nil
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Load reads every content/**/*.md file of fsys.
func Load(fsys fs.FS, opt Options, diags *diag.List) *Set {
	set := &Set{}
	if opt.Limits.FrontMatterBytes == 0 {
		opt.Limits = config.DefaultLimits
	}
	var files []string
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == "content" {
				return fs.SkipDir
			}
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		diags.Add(diag.Diagnostic{File: "content", Message: "cannot read: " + err.Error()})
	}
	// The files are read and parsed on every core, each worker with its own
	// Markdown converter; pages and problems are gathered in file order.
	pages := make([]*Page, len(files))
	problems := make([]diag.List, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			md := newMarkdown(opt.UnsafeHTML)
			for i := range next {
				b, err := fs.ReadFile(fsys, files[i])
				if err != nil {
					problems[i].Add(diag.Diagnostic{File: files[i], Message: "cannot read: " + err.Error()})
					continue
				}
				pages[i] = Parse(files[i], b, md, opt, &problems[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, p := range pages {
		diags.Merge(&problems[i])
		if p != nil && (!p.Draft || opt.Drafts) {
			set.Pages = append(set.Pages, p)
		}
	}
	set.Sort()
	return set
}

// Sort puts the pages in their reading order: by section, weight, title
// and file.
func (s *Set) Sort() {
	sort.SliceStable(s.Pages, func(i, j int) bool {
		a, b := s.Pages[i], s.Pages[j]
		if a.Section != b.Section {
			return a.Section < b.Section
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.File < b.File
	})
}

type frontMatter struct {
	Title   string `toml:"title"`
	Summary string `toml:"summary"`
	Weight  int    `toml:"weight"`
	Date    any    `toml:"date"`
	Draft   bool   `toml:"draft"`
}

// Markdown renders page bodies; one is shared by every page of a build.
type Markdown struct {
	gm goldmark.Markdown
}

func newMarkdown(unsafe bool) *Markdown {
	var ropts []renderer.Option
	if unsafe {
		ropts = append(ropts, html.WithUnsafe())
	}
	return &Markdown{gm: goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(ropts...),
	)}
}

// Parse reads one page from its bytes. It returns nil when the page cannot
// be used; problems go to diags.
func Parse(file string, src []byte, md *Markdown, opt Options, diags *diag.List) *Page {
	if md == nil {
		md = newMarkdown(opt.UnsafeHTML)
	}
	if opt.Limits.FrontMatterBytes == 0 {
		opt.Limits = config.DefaultLimits
	}
	rel := strings.TrimPrefix(file, "content/")
	dir, name := path.Split(rel)
	p := &Page{File: file, Section: strings.TrimSuffix(dir, "/"), Slug: strings.TrimSuffix(name, ".md")}
	if strings.Contains(p.Section, "/") {
		diags.Add(diag.Diagnostic{File: file, Line: 1, Column: 1, Value: rel, Message: "pages may sit one folder deep at most (content/SECTION/PAGE.md)"})
		return nil
	}
	if p.Slug != "_index" && !slugRE.MatchString(p.Slug) || p.Section != "" && !slugRE.MatchString(p.Section) {
		diags.Add(diag.Diagnostic{File: file, Line: 1, Column: 1, Value: rel, Message: "file and folder names become addresses: use lower-case letters, digits and hyphens"})
		return nil
	}
	if int64(len(src)) > opt.Limits.FileBytes {
		diags.Add(diag.Diagnostic{File: file, Line: 1, Column: 1, Message: fmt.Sprintf("file is larger than the limit of %d bytes", opt.Limits.FileBytes)})
		return nil
	}
	if !utf8.Valid(src) {
		diags.Add(diag.Diagnostic{File: file, Line: 1, Column: 1, Message: "file is not valid UTF-8 text: save it as UTF-8"})
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if line, col, msg, found := textcheck.Find(string(src)); found {
		diags.Add(diag.Diagnostic{File: file, Line: line, Column: col, Message: msg})
		return nil
	}
	fm, body, ok := split(src)
	if !ok {
		diags.Add(diag.Diagnostic{File: file, Line: 1, Column: 1, Message: "missing front matter: the file must start with a line +++, then TOML such as title = \"...\", then a line +++"})
		return nil
	}
	if len(fm) > opt.Limits.FrontMatterBytes {
		diags.Add(diag.Diagnostic{File: file, Line: 2, Column: 1, Message: fmt.Sprintf("front matter is longer than the limit of %d bytes", opt.Limits.FrontMatterBytes)})
		return nil
	}
	var f frontMatter
	meta, err := toml.Decode(string(fm), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, col := config.ParseErrorAt(pe, string(fm))
			diags.Add(diag.Diagnostic{File: file, Line: line + 1, Column: col, Message: "invalid front matter: " + pe.Message})
		} else {
			// a value of the wrong type: its line is within the front matter
			line, col, msg := config.TypeErrorAt(err, strings.Split(string(fm), "\n"))
			diags.Add(diag.Diagnostic{File: file, Line: line + 1, Column: col, Message: "invalid front matter: " + msg})
		}
		return nil
	}
	fmLines := strings.Split(string(fm), "\n")
	// locate returns the file position of a key, dotted for keys in tables
	// (a table's own key is its [header] line); else the first line.
	locate := func(key string) (int, int) {
		table := ""
		for i, l := range fmLines {
			t := strings.TrimSpace(l)
			name := ""
			if strings.HasPrefix(t, "[") {
				table = strings.Trim(strings.SplitN(t, "#", 2)[0], "[] \t")
				name = table
			} else if k, _, ok := strings.Cut(t, "="); ok {
				name = strings.Trim(strings.TrimSpace(k), `"'`)
				if table != "" {
					name = table + "." + name
				}
			}
			if name == key {
				return i + 2, strings.Index(l, t) + 1
			}
		}
		return 2, 1
	}
	bad := false
	reported := map[string]bool{}
	for _, k := range meta.Undecoded() {
		key := strings.Join(k, ".")
		if reported[strings.Join(k[:len(k)-1], ".")] {
			continue // a key inside an unknown table: the table is reported
		}
		reported[key] = true
		line, col := locate(key)
		diags.Add(diag.Diagnostic{File: file, Line: line, Column: col, Value: k.String(),
			Message: "unknown front matter key: expected title, summary, weight, date or draft"})
		bad = true
	}
	if strings.TrimSpace(f.Title) == "" {
		line, col := locate("title")
		diags.Add(diag.Diagnostic{File: file, Line: line, Column: col, Message: "title is required in the front matter"})
		bad = true
	}
	switch v := f.Date.(type) {
	case nil:
	case time.Time:
		p.Date = date.Of(v.Year(), v.Month(), v.Day()) // as written, not shifted to UTC
	case string:
		d, err := date.Parse(v)
		if err != nil {
			line, col := locate("date")
			diags.Add(diag.Diagnostic{File: file, Line: line, Column: col, Value: v, Message: "date: " + err.Error()})
			bad = true
		}
		p.Date = d
	default:
		line, col := locate("date")
		diags.Add(diag.Diagnostic{File: file, Line: line, Column: col, Value: fmt.Sprint(v), Message: "date must be a date such as 2011-09-08"})
		bad = true
	}
	if bad {
		return nil
	}
	p.Title, p.Summary, p.Weight, p.Draft = strings.TrimSpace(f.Title), f.Summary, f.Weight, f.Draft
	p.Source = body
	md.render(p, opt.Link)
	return p
}

// split separates `+++` front matter from the body.
func split(src []byte) (fm, body []byte, ok bool) {
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	if !strings.HasPrefix(s, "+++\n") {
		return nil, nil, false
	}
	rest := s[4:]
	end := -1
	if strings.HasPrefix(rest, "+++\n") || rest == "+++" {
		end = 0
	} else if i := strings.Index(rest, "\n+++\n"); i >= 0 {
		end = i + 1
	} else if strings.HasSuffix(rest, "\n+++") {
		end = len(rest) - 3
	}
	if end < 0 {
		return nil, nil, false
	}
	fm = []byte(rest[:end])
	after := rest[end:]
	after = strings.TrimPrefix(strings.TrimPrefix(after, "+++"), "\n")
	return fm, []byte(after), true
}

// render turns the page's Markdown into HTML, rewriting site-root links
// through link and collecting the contents.
func (m *Markdown) render(p *Page, link func(from, to string) string) {
	reader := text.NewReader(p.Source)
	doc := m.gm.Parser().Parse(reader)
	var plain strings.Builder
	// room for the text, which is shorter than its Markdown
	plain.Grow(len(p.Source))
	from := "" // the page's address, worked out at its first link
	relink := func(dest []byte) []byte {
		if from == "" {
			from = p.URL()
		}
		return rewrite(from, dest, link)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock {
			plain.WriteByte(' ') // keep words of neighbouring blocks (headings, cells) apart
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = relink(n.Destination)
		case *ast.Image:
			n.Destination = relink(n.Destination)
		case *ast.Heading:
			if n.Level == 2 {
				id, _ := n.AttributeString("id")
				idb, _ := id.([]byte)
				p.TOC = append(p.TOC, Heading{ID: string(idb), Title: nodeText(n, p.Source)})
			}
		case *ast.Text:
			plain.Write(n.Segment.Value(p.Source))
			if n.SoftLineBreak() || n.HardLineBreak() {
				plain.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	// Written into a Builder, whose string is not copied again, with room
	// for the tags the HTML adds to the Markdown.
	var out strings.Builder
	out.Grow(len(p.Source) + len(p.Source)/4)
	if err := m.gm.Renderer().Render(&out, p.Source, doc); err != nil {
		out.Reset()
		out.WriteString(template.HTMLEscapeString(string(p.Source)))
	}
	p.Body = template.HTML(out.String()) // #nosec: goldmark escapes text and drops raw HTML unless the site opts in
	p.Text = collapseSpace(plain.String())
}

// collapseSpace is strings.Join(strings.Fields(s), " ") in one pass: the
// words of s, one space between each.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	word := -1 // where the word being read began
	for i := 0; i <= len(s); {
		space, size := true, 1 // the end of s ends a word
		if i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				space = asciiSpace[c]
			} else {
				var r rune
				r, size = utf8.DecodeRuneInString(s[i:])
				space = unicode.IsSpace(r)
			}
		}
		switch {
		case !space && word < 0:
			word = i
		case space && word >= 0:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[word:i])
			word = -1
		}
		i += size
	}
	return b.String()
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func rewrite(from string, dest []byte, link func(from, to string) string) []byte {
	d := string(dest)
	if link == nil || !strings.HasPrefix(d, "/") || strings.HasPrefix(d, "//") {
		return dest
	}
	return []byte(link(from, d))
}

func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
