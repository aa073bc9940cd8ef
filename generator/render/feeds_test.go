package render_test

import (
	"encoding/xml"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/render"
)

type atomLinkT struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type atomEntryT struct {
	ID      string      `xml:"http://www.w3.org/2005/Atom id"`
	Title   string      `xml:"http://www.w3.org/2005/Atom title"`
	Updated string      `xml:"http://www.w3.org/2005/Atom updated"`
	Summary string      `xml:"http://www.w3.org/2005/Atom summary"`
	Links   []atomLinkT `xml:"http://www.w3.org/2005/Atom link"`
}

type atomFeedT struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"http://www.w3.org/2005/Atom id"`
	Title   string   `xml:"http://www.w3.org/2005/Atom title"`
	Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
	Authors []struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Links   []atomLinkT  `xml:"http://www.w3.org/2005/Atom link"`
	Entries []atomEntryT `xml:"http://www.w3.org/2005/Atom entry"`
}

// readFeed parses a feed and checks what RFC 4287 requires of it: ids that
// are absolute IRIs and unique, titles, timestamps, an author, and links;
// without a base URL, links must resolve from the feed to a built page.
func readFeed(t *testing.T, res *generator.Result, name, base string) atomFeedT {
	t.Helper()
	var f atomFeedT
	if err := xml.Unmarshal(file(t, res, name), &f); err != nil {
		t.Fatalf("%s is not an Atom feed: %v", name, err)
	}
	absolute := func(what, id string) {
		u, err := url.Parse(id)
		if err != nil || u.Scheme == "" {
			t.Errorf("%s: %s %q is not an absolute IRI", name, what, id)
		}
	}
	stamp := func(what, v string) time.Time {
		tm, err := time.Parse(time.RFC3339, v)
		if err != nil {
			t.Errorf("%s: %s %q is not an RFC 3339 date-time", name, what, v)
		}
		return tm
	}
	absolute("feed id", f.ID)
	if f.Title == "" {
		t.Errorf("%s: feed has no title", name)
	}
	updated := stamp("feed updated", f.Updated)
	if len(f.Authors) != 1 || f.Authors[0].Name == "" {
		t.Errorf("%s: feed needs one author with a name (its entries have none)", name)
	}
	self := false
	for _, l := range f.Links {
		if l.Rel == "self" {
			self = true
			if l.Href != base+name {
				t.Errorf("%s: self link %q, want %q", name, l.Href, base+name)
			}
		}
	}
	if self != (base != "") {
		t.Errorf("%s: self link present = %v with base URL %q; want it exactly when there is a base URL", name, self, base)
	}
	feedURL, _ := url.Parse("http://host/" + name)
	ids := map[string]bool{}
	for _, e := range f.Entries {
		absolute("entry id", e.ID)
		if ids[e.ID] {
			t.Errorf("%s: entry id %q is not unique", name, e.ID)
		}
		ids[e.ID] = true
		if e.Title == "" || e.Summary == "" {
			t.Errorf("%s: entry %s lacks a title or summary", name, e.ID)
		}
		if stamp("entry updated", e.Updated).After(updated) {
			t.Errorf("%s: entry %s updated %s after the feed's %s", name, e.ID, e.Updated, f.Updated)
		}
		if len(e.Links) != 1 || e.Links[0].Rel != "alternate" {
			t.Errorf("%s: entry %s should have one alternate link, has %v", name, e.ID, e.Links)
			continue
		}
		href := e.Links[0].Href
		if base != "" {
			if !strings.HasPrefix(href, base) {
				t.Errorf("%s: entry link %q is not under the base URL %s", name, href, base)
			}
			continue
		}
		u, err := url.Parse(href)
		if err != nil || u.IsAbs() {
			t.Errorf("%s: without a base URL, entry link %q should be relative", name, href)
			continue
		}
		target := strings.TrimPrefix(feedURL.ResolveReference(u).Path, "/")
		if _, ok := res.Files.Get(render.OutputPath("/" + target)); !ok {
			t.Errorf("%s: entry link %q resolves to /%s, which the build did not write", name, href, target)
		}
	}
	return f
}

// linkPaths maps each entry's link, as a site-root path, to its entry.
func linkPaths(f atomFeedT, base string) map[string][]atomEntryT {
	out := map[string][]atomEntryT{}
	feedURL, _ := url.Parse("http://host/" + "opportunities/feed.xml")
	for _, e := range f.Entries {
		if len(e.Links) == 0 {
			continue
		}
		h := e.Links[0].Href
		if base != "" {
			h = "/" + strings.TrimPrefix(h, base)
		} else if u, err := url.Parse(h); err == nil {
			h = feedURL.ResolveReference(u).Path
		}
		out[h] = append(out[h], e)
	}
	return out
}

func TestOpportunitiesFeed(t *testing.T) {
	for _, base := range []string{"", testBase} {
		res := reference(t, base)
		f := readFeed(t, res, "opportunities/feed.xml", base)
		opps := res.Site.Data.Opportunities
		if len(f.Entries) != len(opps) {
			t.Errorf("base %q: %d entries for %d opportunities", base, len(f.Entries), len(opps))
		}
		byLink := linkPaths(f, base)
		for _, o := range opps {
			es := byLink["/opportunities/"+o.ID+"/"]
			if len(es) != 1 {
				t.Errorf("base %q: opportunity %s has %d entries linking to its page, want 1", base, o.ID, len(es))
				continue
			}
			if es[0].Title != o.Title {
				t.Errorf("entry title %q, want %q", es[0].Title, o.Title)
			}
			if o.Summary != "" && !strings.Contains(es[0].Summary, o.Summary) {
				t.Errorf("entry summary %q lacks the opportunity's summary", es[0].Summary)
			}
		}
		// The feed is as new as its newest entry: the reference's latest
		// dated opportunity or the as-at date.
		if f.Updated != "2011-09-08T00:00:00Z" {
			t.Errorf("feed updated %s, want the as-at date 2011-09-08", f.Updated)
		}
	}
}

func TestDecisionsFeed(t *testing.T) {
	for _, base := range []string{"", testBase} {
		res := reference(t, base)
		f := readFeed(t, res, "decisions/feed.xml", base)
		if len(f.Entries) != len(res.Site.Data.Decisions) {
			t.Errorf("base %q: %d entries for %d decisions", base, len(f.Entries), len(res.Site.Data.Decisions))
		}
		feedURL, _ := url.Parse("http://host/decisions/feed.xml")
		for _, e := range f.Entries {
			h := e.Links[0].Href
			if base == "" {
				u, _ := url.Parse(h)
				h = feedURL.ResolveReference(u).Path
			} else {
				h = "/" + strings.TrimPrefix(h, base)
			}
			if !strings.HasPrefix(h, "/organisations/") {
				t.Errorf("decision entry %q links to %s, want its partner's page", e.Title, h)
			}
		}
	}
}

// Ids must not change when a site gains a base URL, or feed readers show
// every entry again.
func TestFeedIDsDoNotDependOnBaseURL(t *testing.T) {
	for _, name := range []string{"opportunities/feed.xml", "decisions/feed.xml"} {
		a := readFeed(t, reference(t, ""), name, "")
		b := readFeed(t, reference(t, testBase), name, testBase)
		if a.ID != b.ID || len(a.Entries) != len(b.Entries) {
			t.Fatalf("%s: feed id or entries differ with a base URL", name)
		}
		for i := range a.Entries {
			if a.Entries[i].ID != b.Entries[i].ID {
				t.Errorf("%s: entry id %q becomes %q with a base URL", name, a.Entries[i].ID, b.Entries[i].ID)
			}
		}
		if !strings.HasPrefix(a.ID, "tag:commissioning@staffordshire.gov.uk,2010-10-01:") {
			t.Errorf("%s: feed id %q: want a tag: URI of the contact address and the programme start", name, a.ID)
		}
	}
}

// Without a contact e-mail address nobody can mint tag: URIs, so ids are
// name-based UUIDs.
func TestFeedIDsWithoutContact(t *testing.T) {
	dir := editedReference(t, "site.toml", `contact = "commissioning@staffordshire.gov.uk"`, "")
	res := renderSite(t, dir, "")
	uuid := regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, name := range []string{"opportunities/feed.xml", "decisions/feed.xml"} {
		f := readFeed(t, res, name, "")
		for _, id := range append([]string{f.ID}, entryIDs(f)...) {
			if !uuid.MatchString(id) {
				t.Errorf("%s: id %q is not a version 5 urn:uuid", name, id)
			}
		}
	}
}

func entryIDs(f atomFeedT) []string {
	var out []string
	for _, e := range f.Entries {
		out = append(out, e.ID)
	}
	return out
}

// Text from the data arrives in the feed as the same text, never as markup.
func TestFeedEscapesData(t *testing.T) {
	const title = `Tamworth <b>volunteering</b> & "small"; grant, \ now`
	dir := editedReference(t, "data/opportunities.csv",
		"tamworth-volunteering-grant,Tamworth volunteering small grant,",
		`tamworth-volunteering-grant,"Tamworth <b>volunteering</b> & ""small""; grant, \ now",`)
	res := renderSite(t, dir, testBase)
	f := readFeed(t, res, "opportunities/feed.xml", testBase)
	found := false
	for _, e := range f.Entries {
		if e.Title == title {
			found = true
		}
	}
	if !found {
		t.Errorf("no entry has the title %q exactly", title)
	}
	if raw := string(file(t, res, "opportunities/feed.xml")); strings.Contains(raw, "<b>") {
		t.Errorf("the feed carries the title's markup unescaped")
	}
}
