// Package site holds the page model: every page of the public site, what
// each shows, and the figures behind it. It knows nothing of templates or
// files; render turns its pages into bytes.
package site

import (
	"slices"
	"strings"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/content"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
	"github.com/tscip/tscip/generator/opendata"
	"github.com/tscip/tscip/generator/savings"
)

// Site is everything a build knows, and its pages.
type Site struct {
	Config    *config.Site
	Data      *dataset.Set
	Content   *content.Set
	Model     *savings.Model
	AsAt      date.Date // the date the site describes (as_at, else the build date)
	BuildDate date.Date
	Nav       []Link
	Pages     []*Page

	byPath           map[string]*Page
	arrangementRows  []*ArrangementRow
	opportunityViews []*OpportunityView
	previous         *Site // Input.Previous while building, when it applies
	// added is the pages' paths in the order the builders added them, and
	// order the place in it of each page of Pages (sortPages).
	added     []string
	order     []int32
	made      [][]*Page  // the pages each of builders made, for the next build
	downloads *downloads // the open data files, made while the pages are
}

// Page is one HTML page of the site.
type Page struct {
	Path    string // site-root URL: "/", "/arrangements/x/", "/404.html"
	Layout  string // template name, e.g. "arrangement"
	Title   string
	Summary string
	Section string // the navigation entry it belongs to, e.g. "/arrangements/"
	Content *content.Page
	Data    any
	Crumbs  []Link
	Prev    *Link
	Next    *Link
	// Hidden pages (the 404 page) are left out of the sitemap and search.
	Hidden bool
	// Keywords adds words for the search index beyond title and text.
	Keywords string

	// ready, when set, waits for the slow work the page shows (the data
	// page lists the downloads, which are made alongside the build).
	ready func()
}

// Ready waits until the page's model is complete. Build returns pages
// complete unless Input.Defer is set; then whoever reads a page's Data
// first calls Ready (render does, just before rendering the page).
func (p *Page) Ready() {
	if p.ready != nil {
		p.ready()
	}
}

// Waits reports whether Ready may have to wait: render leaves such pages
// to the end, so the other pages are rendered meanwhile.
func (p *Page) Waits() bool { return p.ready != nil }

// Link is a titled site-root URL.
type Link struct {
	Title string
	URL   string
}

// Input is what Build needs.
type Input struct {
	Config    *config.Site
	Data      *dataset.Set
	Content   *content.Set
	Model     *savings.Model
	BuildDate date.Date
	// Previous is an earlier build from the same settings, data and model,
	// if any (the preview server, after a Markdown edit): what depends on
	// those alone (arrangement rows, downloads) is taken from it.
	Previous *Site
	// KeepDownloads keeps the open data files' bytes after TakeDownloads,
	// for a session whose next build may reuse them. Without it they are
	// let go once taken, so each can be freed as soon as it is written.
	KeepDownloads bool
	// Defer returns the site before the pages that wait on slow work are
	// complete (Page.Ready), so rendering can start while the downloads are
	// made; without it Build waits for them.
	Defer bool

	beforeDownloads func() // for tests: runs before the downloads are made
}

// Build makes every page.
func Build(in Input) *Site {
	s := &Site{Config: in.Config, Data: in.Data, Content: in.Content, Model: in.Model,
		BuildDate: in.BuildDate, AsAt: in.Config.AsAt, byPath: map[string]*Page{}}
	if s.AsAt.IsZero() {
		s.AsAt = in.BuildDate
	}
	if p := in.Previous; p != nil && p.Config == s.Config && p.Data == s.Data && p.Model == s.Model &&
		p.AsAt == s.AsAt && p.BuildDate == s.BuildDate {
		s.previous, s.arrangementRows = p, p.arrangementRows
	}
	defer func() { s.previous = nil }() // keep no chain of older sites
	s.Nav = []Link{
		{"Opportunities", "/opportunities/"},
		{"Decisions", "/decisions/"},
		{"Arrangements", "/arrangements/"},
		{"Savings", "/savings/"},
		{"Options", "/options/"},
		{"Framework", "/framework/"},
		{"Plan", "/plan/"},
		{"Data", "/data/"},
	}
	// The downloads depend only on the settings, the data and the dates:
	// they are made while the pages are modelled and rendered; the data
	// page, which lists them, waits for them (Page.Ready).
	s.downloads = &downloads{keep: in.KeepDownloads, page: &DataPage{}}
	if dp, ok := previousDataPage(s); ok && dp.files != nil {
		s.downloads.make = func() ([]opendata.File, []opendata.Omitted) { return dp.files, dp.omitted }
	} else {
		s.downloads.make = func() ([]opendata.File, []opendata.Omitted) {
			if in.beforeDownloads != nil {
				in.beforeDownloads()
			}
			return makeDownloads(s)
		}
		go s.downloads.get()
	}
	s.made = make([][]*Page, len(builders))
	for i, b := range builders {
		before := len(s.Pages)
		if b.dataOnly && s.previous != nil && s.previous.made != nil {
			for _, p := range s.previous.made[i] {
				s.add(p)
			}
		} else {
			b.build(s)
		}
		s.made[i] = slices.Clone(s.Pages[before:])
	}
	s.sortPages(in.Previous)
	if !in.Defer {
		for _, p := range s.Pages {
			p.Ready()
		}
	}
	return s
}

// builders make the pages, in this order. Those marked dataOnly read only
// the settings, the data, the model and the dates, never the Markdown: when
// Input.Previous was built from the same (the preview, after a Markdown
// edit), their pages are taken from it as they are.
var builders = []struct {
	build    func(*Site)
	dataOnly bool
}{
	{buildHome, true},
	{buildOpportunities, false},
	{buildDecisions, true},
	{buildArrangements, true},
	{buildOrganisations, true},
	{buildServices, true},
	{buildSavings, true},
	{buildSections, false},
	{buildPlan, true},
	{buildData, false},
	{buildSingles, false},
	{buildSearch, false},
	{buildNotFound, false},
}

// sortPages sorts the pages by path. Paths are unique (add), so an
// unstable sort gives one order: the stable one took 5 ms of each
// 10,000-arrangement rebuild. When the builders made the same paths in
// the same order as for prev (an edit that adds or removes no page), the
// pages take the places prev's took, without sorting again (3 ms).
func (s *Site) sortPages(prev *Site) {
	s.added = make([]string, len(s.Pages))
	for i, p := range s.Pages {
		s.added[i] = p.Path
	}
	if prev != nil && slices.Equal(prev.added, s.added) {
		s.added, s.order = prev.added, prev.order
	} else {
		s.order = make([]int32, len(s.Pages))
		for i := range s.order {
			s.order[i] = int32(i)
		}
		slices.SortFunc(s.order, func(a, b int32) int { return strings.Compare(s.Pages[a].Path, s.Pages[b].Path) })
	}
	sorted := make([]*Page, len(s.Pages))
	for i, j := range s.order {
		sorted[i] = s.Pages[j]
	}
	s.Pages = sorted
}

// add registers a page; a later page at the same path replaces nothing and
// is dropped, so generated pages win over content that would collide.
func (s *Site) add(p *Page) *Page {
	if _, dup := s.byPath[p.Path]; dup {
		return s.byPath[p.Path]
	}
	if p.Section == "" {
		for _, n := range s.Nav {
			if len(p.Path) >= len(n.URL) && p.Path[:len(n.URL)] == n.URL {
				p.Section = n.URL
			}
		}
	}
	s.byPath[p.Path] = p
	s.Pages = append(s.Pages, p)
	return p
}

// Page returns the page at a site-root path, or nil.
func (s *Site) Page(path string) *Page { return s.byPath[path] }

// Org returns an organisation by id (nil when unknown).
func (s *Site) Org(id string) *dataset.Organisation { return s.Data.Organisation(id) }

// OrgName returns an organisation's name, or its id when unknown.
func (s *Site) OrgName(id string) string {
	if o := s.Data.Organisation(id); o != nil {
		return o.Name
	}
	return id
}

// ServiceName returns a service's name, or its id when unknown.
func (s *Site) ServiceName(id string) string {
	if v := s.Data.Service(id); v != nil {
		return v.Name
	}
	if id == "framework" {
		return "Third Sector Commissioning Framework"
	}
	return id
}

// OrgURL and ServiceURL give the pages of an organisation and a service.
func OrgURL(id string) string     { return "/organisations/" + id + "/" }
func ServiceURL(id string) string { return "/services/" + id + "/" }

// ArrangementURL gives the page of an arrangement.
func ArrangementURL(id string) string { return "/arrangements/" + id + "/" }

// OpportunityURL gives the page of an opportunity.
func OpportunityURL(id string) string { return "/opportunities/" + id + "/" }

// Headline is the home page's figures.
type Headline struct {
	Arrangements int
	Partners     int
	AnnualValue  money.Pence
	ResourceCost money.Pence
	Scenario     *savings.Scenario // the first scenario, for saving and ROI
}
