package site

import (
	"path"
	"sort"
	"strings"

	"github.com/tscip/tscip/generator/savings"
)

// SearchPage is the search page's model. Without JavaScript the page lists
// every page grouped by section; with it, a search box runs over the index
// that render writes.
type SearchPage struct {
	site *Site
}

// SearchGroup is one section's pages on the search page.
type SearchGroup struct {
	Title string
	URL   string // the section's own page, or "" for the group of single pages
	Pages []SearchItem
	// More counts the pages left out of a large section, whose own page
	// lists them all; Pages is then empty.
	More int
}

// searchListMax is the most pages a section lists on the search page.
// Beyond it the section's own page (which lists every one of them) stands
// in, so the search page stays light on a site of 10,000 arrangements.
const searchListMax = 300

// SearchItem is one page in the list. Note tells apart pages of a group
// that share a title (it is the last part of the page's path).
type SearchItem struct {
	Title string
	URL   string
	Note  string
}

// SearchEntry is one page as the search index sees it.
type SearchEntry struct {
	Path    string
	Title   string
	Summary string
	// Text is everything else a reader could search the page by: its prose,
	// its keywords and the names its data shows.
	Text string
}

// buildSearch makes the search page, which works without JavaScript as a
// list of every page and with it as a search box over the index.
func buildSearch(s *Site) {
	s.add(&Page{Path: "/search/", Layout: "search", Title: "Search",
		Summary: "Search every page of this site, or browse the list of all of them.", Data: &SearchPage{site: s}})
}

// Groups lists every page that is not hidden, grouped by the first folder
// of its path: pages without sub-pages first as one group, then each
// section with its own page as the heading and its sub-pages by title (or,
// past searchListMax of them, a count and the section's page). It is worked
// out when the page is rendered, so pages added after the search page are
// listed too.
func (d *SearchPage) Groups() []SearchGroup {
	children := map[string][]SearchItem{}
	var tops []*Page
	for _, p := range d.site.Pages {
		if p.Hidden {
			continue
		}
		first := firstFolder(p.Path)
		if p.Path == "/" || p.Path == "/"+first+"/" {
			tops = append(tops, p)
			continue
		}
		children[first] = append(children[first], SearchItem{Title: p.Title, URL: p.Path})
	}
	single := SearchGroup{Title: "Main pages"}
	var sections []SearchGroup
	seen := map[string]bool{}
	for _, p := range tops {
		first := firstFolder(p.Path)
		seen[first] = true
		if kids := children[first]; len(kids) > searchListMax {
			sections = append(sections, SearchGroup{Title: p.Title, URL: p.Path, More: len(kids)})
			continue
		} else if len(kids) > 0 {
			sortItems(kids)
			sections = append(sections, SearchGroup{Title: p.Title, URL: p.Path, Pages: kids})
			continue
		}
		single.Pages = append(single.Pages, SearchItem{Title: p.Title, URL: p.Path})
	}
	// Sub-pages of a folder that has no page of its own still get listed.
	var orphans []string
	for first := range children {
		if !seen[first] {
			orphans = append(orphans, first)
		}
	}
	sort.Strings(orphans)
	for _, first := range orphans {
		kids := children[first]
		sortItems(kids)
		sections = append(sections, SearchGroup{Title: "/" + first + "/", Pages: kids})
	}
	// Home first, then the rest of the single pages by title.
	sort.SliceStable(single.Pages, func(i, j int) bool {
		a, b := single.Pages[i], single.Pages[j]
		if (a.URL == "/") != (b.URL == "/") {
			return a.URL == "/"
		}
		return a.Title < b.Title
	})
	sort.SliceStable(sections, func(i, j int) bool { return sections[i].Title < sections[j].Title })
	return append([]SearchGroup{single}, sections...)
}

// Count reports how many pages the list holds.
func (d *SearchPage) Count() int {
	n := 0
	for _, p := range d.site.Pages {
		if !p.Hidden {
			n++
		}
	}
	return n
}

func firstFolder(p string) string {
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return p
}

// sortItems sorts by title and notes the pages whose titles clash.
func sortItems(l []SearchItem) {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Title != l[j].Title {
			return l[i].Title < l[j].Title
		}
		return l[i].URL < l[j].URL
	})
	for i := range l {
		if (i > 0 && l[i-1].Title == l[i].Title) || (i+1 < len(l) && l[i+1].Title == l[i].Title) {
			l[i].Note = path.Base(l[i].URL)
		}
	}
}

// SearchEntries returns every page that is not hidden, in path order, with
// the text a search should find it by.
func (s *Site) SearchEntries() []SearchEntry {
	pages := s.SearchPages()
	out := make([]SearchEntry, len(pages))
	for i, p := range pages {
		out[i] = s.SearchEntry(p)
	}
	return out
}

// SearchPages returns the pages the search index lists: every page that is
// not hidden, in path order.
func (s *Site) SearchPages() []*Page {
	out := make([]*Page, 0, len(s.Pages))
	for _, p := range s.Pages {
		if !p.Hidden {
			out = append(out, p)
		}
	}
	return out
}

// SearchEntry gives one page with the text a search should find it by. It
// depends only on the page.
func (s *Site) SearchEntry(p *Page) SearchEntry {
	var b strings.Builder
	if p.Content != nil {
		b.WriteString(p.Content.Text)
		b.WriteByte('\n')
	}
	b.WriteString(p.Keywords)
	for _, w := range s.dataWords(p.Data) {
		b.WriteByte('\n')
		b.WriteString(w)
	}
	return SearchEntry{Path: p.Path, Title: p.Title, Summary: p.Summary, Text: b.String()}
}

// dataWords gives the names a data page shows: the organisations, services
// and codes a reader would look it up by. List pages that show every row of
// a table contribute only their headings, so that a search for one provider
// finds that provider's pages rather than every list.
func (s *Site) dataWords(data any) []string {
	var w []string
	switch d := data.(type) {
	case *ArrangementRow:
		w = append(w, d.PartnerName, d.ProviderName, d.ServiceName, d.TypeName, d.RouteName, d.IntentName, d.EndsLabel, d.A.ID)
		if d.Provider != nil {
			w = append(w, d.Provider.Group)
		}
	case *OrganisationPage:
		w = append(w, d.Org.Name, d.Org.Group, d.Org.Kind, d.Org.Identifier)
		for _, f := range d.ByService {
			w = append(w, f.Name)
		}
		for _, v := range d.Decisions {
			w = append(w, v.SubjectName, v.Word)
		}
		for _, o := range d.Leads {
			w = append(w, o.O.Title)
		}
		for _, o := range d.Opportunities {
			w = append(w, o.O.Title)
		}
	case *ServicePage:
		for _, f := range d.Funders {
			w = append(w, f.Name)
		}
		for _, f := range d.Providers {
			w = append(w, f.Name)
		}
		for _, o := range d.Opportunities {
			w = append(w, o.O.Title)
		}
	case *OpportunityView:
		// "opportunity": readers look for "advocacy opportunity".
		w = append(w, "commissioning opportunity", d.ModelName, d.StatusName, d.O.Contact)
		if d.Service != nil {
			w = append(w, d.Service.Name)
		}
		if d.Lead != nil {
			w = append(w, d.Lead.Name)
		}
		for _, p := range d.Partners {
			if p != nil {
				w = append(w, p.Name)
			}
		}
	case *OpportunitiesPage:
		for _, o := range d.Items {
			w = append(w, o.O.Title)
		}
	case *DecisionsPage:
		for _, l := range d.Subjects {
			w = append(w, l.Title)
		}
		for _, r := range d.Rows {
			w = append(w, r.Partner.Name)
		}
		for _, m := range d.Meetings {
			w = append(w, m.Meeting)
		}
	case *ServicesPage:
		for _, f := range d.Services {
			w = append(w, f.Name)
		}
	case *OrganisationsPage:
		for _, f := range d.Partners {
			w = append(w, f.Name)
		}
		for _, g := range d.Providers {
			w = append(w, g.Name)
		}
	case *ArrangementsPage:
		for _, list := range [][]string{names(d.ByProviderGroup), names(d.ByPartner), names(d.ByService), names(d.ByType)} {
			w = append(w, list...)
		}
	case *PlanPage:
		for _, ph := range d.Phases {
			for _, m := range ph.Milestones {
				w = append(w, m.Title, m.Notes)
			}
		}
		for _, r := range d.Risks {
			w = append(w, r.Title, r.Owner, r.Mitigation)
		}
	case *SavingsPage:
		for _, sc := range d.Scenarios {
			w = append(w, sc.Name)
		}
	}
	return w
}

func names(t []savings.Totals) []string {
	out := make([]string, 0, len(t))
	for _, v := range t {
		out = append(out, v.Name)
	}
	return out
}
