// Package generator builds a tscip site: it loads site.toml, the data tables
// and the Markdown pages, validates them, computes the business case, renders
// the pages through the theme and publishes them all or nothing.
//
// Data flows one way: load → validate → compute → render → write.
package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/content"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/render"
	"github.com/tscip/tscip/generator/savings"
	"github.com/tscip/tscip/generator/site"
	"github.com/tscip/tscip/generator/theme"
	"github.com/tscip/tscip/themes"
)

// Options are the inputs of a build.
type Options struct {
	Source   string // the site's folder; "." when empty
	Dest     string // where to publish; Source/public when empty
	BaseURL  string // overrides site.toml's base_url
	Drafts   bool   // include pages marked draft
	FileURLs bool   // link to index.html files, for a copy opened from disk
	// Now is the build date's source; zero means SOURCE_DATE_EPOCH when set,
	// else the clock.
	Now time.Time
	// FS reads the site instead of the Source folder, when set (tests, the
	// preview server).
	FS fs.FS

	files *publish.Files // Build's staged output, which Render fills
	// interpreted runs the templates with html/template alone, not
	// through compiled programs (tests compare the two)
	interpreted bool
}

// Result describes a finished build.
type Result struct {
	Pages    int
	Files    *publish.Files
	Site     *site.Site
	Elapsed  time.Duration
	Warnings []string

	templates theme.Stats // how the templates ran
}

// Summary is the one line a successful build prints.
func (r *Result) Summary() string {
	return fmt.Sprintf("built %d pages, %d files in %s", r.Pages, r.Files.Len(), r.Elapsed.Round(time.Millisecond))
}

// Render loads, validates, computes and renders a site into memory, writing
// nothing. Input problems are returned together as a *diag.Error.
func Render(ctx context.Context, opt Options) (*Result, error) {
	start := time.Now()
	if opt.Source == "" {
		opt.Source = "."
	}
	fsys := opt.FS
	if fsys == nil {
		if fi, err := os.Stat(opt.Source); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("site folder %s not found", opt.Source)
		}
		fsys = os.DirFS(opt.Source)
	}
	var diags diag.List
	src, err := fs.ReadFile(fsys, config.File)
	if err != nil {
		diags.Add(diag.Diagnostic{File: config.File, Message: "missing: every site needs a site.toml (run tscip init to make a new site)"})
		return nil, diags.Err()
	}
	cfg := config.Parse(src, &diags)
	if opt.BaseURL != "" {
		cfg.BaseURL = strings.TrimSuffix(opt.BaseURL, "/") + "/"
	}
	// The tables, the Markdown pages and the theme are read at once, each
	// into its own list of problems; the lists are sorted when reported, so
	// the order they finish in does not show.
	var (
		data                 *dataset.Set
		model                *savings.Model
		pages                *content.Set
		th                   *theme.Theme
		dataDiags, pageDiags diag.List
		loaded               sync.WaitGroup
	)
	loaded.Add(2)
	go func() {
		defer loaded.Done()
		data = dataset.Load(fsys, cfg.Limits, &dataDiags)
		checkScenarios(cfg, data, &dataDiags)
		// The business case needs only the settings and the tables, so it
		// is worked out while the Markdown is still being read.
		if dataDiags.Len() == 0 {
			model = savings.Compute(data, cfg)
		}
	}()
	go func() {
		defer loaded.Done()
		pages = content.Load(fsys, content.Options{Drafts: opt.Drafts, UnsafeHTML: cfg.UnsafeHTML, Limits: cfg.Limits,
			Link: func(from, to string) string { return render.Rel(from, to, opt.FileURLs) }}, &pageDiags)
	}()
	th = theme.Load(theme.Layers(fsys, cfg.Theme, themes.Default()), render.Funcs(), &diags)
	th.Interpreted = opt.interpreted
	render.Prepare(th)
	loaded.Wait()
	diags.Merge(&dataDiags)
	diags.Merge(&pageDiags)
	checkOpportunityPages(pages, data, &diags)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if diags.Len() > 0 {
		return nil, withSources(diags.Err(), fsys)
	}

	// Pages render while the downloads are made, except on very large
	// sites, where holding both at once costs more memory than the overlap
	// saves time (a million arrangements: 3.2 GB peak instead of 2.7 GB).
	deferData := len(data.Arrangements) <= deferMaxArrangements
	s := site.Build(site.Input{Config: cfg, Data: data, Content: pages, Model: model, BuildDate: buildDate(opt.Now), Defer: deferData})
	files := render.Render(s, th, render.Options{BaseURL: cfg.BaseURL, FileURLs: opt.FileURLs, Files: opt.files}, &diags)
	if diags.Len() > 0 {
		return nil, diags.Err()
	}
	res := &Result{Pages: len(s.Pages), Files: files, Site: s, templates: th.Stats()}
	if cfg.BaseURL == "" {
		res.Warnings = append(res.Warnings, "base_url is not set: canonical links, the sitemap, feeds and export URIs are left out (set base_url in site.toml or pass --base-url)")
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// deferMaxArrangements is the most arrangements for which Render makes the
// downloads alongside the pages rather than first.
const deferMaxArrangements = 200_000

// Build renders the site and publishes it to the destination all or nothing.
// On any error the destination is left as it was.
func Build(ctx context.Context, opt Options) (*Result, error) {
	start := time.Now()
	if opt.Source == "" {
		opt.Source = "."
	}
	if opt.Dest == "" {
		opt.Dest = filepath.Join(opt.Source, "public")
	}
	if err := checkDest(opt.Source, opt.Dest); err != nil {
		return nil, err
	}
	// Pages stream to a folder beside the destination as they are rendered,
	// so memory does not grow with the site; nothing is created unless
	// rendering starts, and the folder is dropped on any error.
	opt.files = publish.Stage(opt.Dest)
	res, err := Render(ctx, opt)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		opt.files.Discard()
		return nil, err
	}
	if err := publish.Write(opt.Dest, res.Files); err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// buildDate is now, or SOURCE_DATE_EPOCH when set, so builds are
// reproducible.
func buildDate(now time.Time) date.Date {
	if !now.IsZero() {
		return date.FromTime(now)
	}
	if v := os.Getenv("SOURCE_DATE_EPOCH"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return date.FromTime(time.Unix(n, 0))
		}
	}
	return date.FromTime(time.Now())
}

// checkDest refuses destinations whose replacement would destroy the site's
// own inputs or a folder that is not a built site.
func checkDest(source, dest string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if dst == src || strings.HasPrefix(src+string(filepath.Separator), dst+string(filepath.Separator)) {
		return fmt.Errorf("destination %s holds the site's own files; choose another folder such as %s", dest, filepath.Join(source, "public"))
	}
	for _, in := range []string{"data", "content", "layouts", "themes", "static"} {
		p := filepath.Join(src, in)
		if dst == p || strings.HasPrefix(dst, p+string(filepath.Separator)) {
			return fmt.Errorf("destination %s is inside the site's %s/ folder; choose another folder", dest, in)
		}
	}
	entries, err := os.ReadDir(dst)
	if err != nil || len(entries) == 0 {
		return nil
	}
	for _, marker := range []string{"index.html", "404.html"} {
		if _, err := os.Stat(filepath.Join(dst, marker)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("destination %s is a folder with other files in it, not a built site; a build replaces its destination whole, so choose an empty or new folder", dest)
}

// checkScenarios checks that scenario partners are partners of the data.
func checkScenarios(cfg *config.Site, data *dataset.Set, diags *diag.List) {
	for _, sc := range cfg.Scenarios {
		for _, id := range sc.Partners {
			o := data.Organisation(id)
			if o == nil || !o.IsPartner() {
				diags.Add(diag.Diagnostic{File: config.File, Line: sc.Line, Column: 1, Value: id,
					Message: "scenario " + sc.ID + " names a partner that data/organisations.csv does not have"})
			}
		}
	}
	for id := range cfg.SharedCost.Services {
		if data.Service(id) == nil {
			diags.Add(diag.Diagnostic{File: config.File, Line: 1, Column: 1, Value: id,
				Message: "[shared_cost.services] names a service that data/services.csv does not have"})
		}
	}
}

// checkOpportunityPages checks that content/opportunities/<id>.md matches an
// opportunity.
func checkOpportunityPages(pages *content.Set, data *dataset.Set, diags *diag.List) {
	ids := map[string]bool{}
	for _, o := range data.Opportunities {
		ids[o.ID] = true
	}
	for _, p := range pages.Section("opportunities") {
		if !ids[p.Slug] {
			diags.Add(diag.Diagnostic{File: p.File, Line: 1, Column: 1, Value: p.Slug,
				Message: "no opportunity in data/opportunities.csv has this id"})
		}
	}
}

// withSources adds the offending line's text to each diagnostic.
func withSources(err error, fsys fs.FS) error {
	var de *diag.Error
	if errors.As(err, &de) {
		diag.AttachSources(de.Items, func(f string) []byte {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil
			}
			return b
		})
	}
	return err
}
