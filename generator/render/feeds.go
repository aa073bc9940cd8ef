package render

import (
	"bytes"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"net/mail"
	"sort"
	"strings"

	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/site"
)

// Atom feeds (RFC 4287) of opportunities and of decisions.
//
// Ids must be absolute IRIs that never change, so they are not the pages'
// addresses (which change when a site moves or gains a base_url):
//
//   - with an e-mail address in site.toml's contact and a programme start,
//     tag: URIs (RFC 4151) minted by that address on that date, e.g.
//     tag:commissioning@example.gov.uk,2010-10-01:opportunities/advocacy;
//   - otherwise urn:uuid: name-based UUIDs (RFC 4122, version 5) of the
//     site's title and the same path.
//
// Links are absolute from base_url when it is set. Without it they are
// relative references, which Atom allows in link/@href and resolves against
// the feed's own address, so they work wherever the site is served; the
// rel="self" link, which must name the feed's real address, is left out.
func init() { extras = append(extras, writeFeeds) }

const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Author   atomPerson  `xml:"author"`
	Links    []atomLink  `xml:"link"`
	Rights   string      `xml:"rights,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name  string `xml:"name"`
	Email string `xml:"email,omitempty"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary"`
	sortDate   date.Date
	key        string
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// feedIDs mints the ids of a site's feeds and entries.
type feedIDs struct {
	tagPrefix string // "tag:someone@example.org,2010-10-01:" or ""
	title     string
}

func newFeedIDs(s *site.Site) feedIDs {
	f := feedIDs{title: s.Config.Title}
	if a, err := mail.ParseAddress(s.Config.Contact); err == nil && a.Name == "" && !s.Config.Start.IsZero() &&
		a.Address == strings.TrimSpace(s.Config.Contact) && !strings.ContainsAny(a.Address, " ,:/?#[]") {
		f.tagPrefix = "tag:" + strings.ToLower(a.Address) + "," + s.Config.Start.ISO() + ":"
	}
	return f
}

// id returns the id of a site-root path plus an optional key.
func (f feedIDs) id(p string) string {
	p = strings.TrimPrefix(p, "/")
	if f.tagPrefix != "" {
		return f.tagPrefix + escapeIRI(p)
	}
	h := sha1.New()
	// The namespace is the URL namespace of RFC 4122; the name is the
	// site's title and the path.
	h.Write([]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8})
	h.Write([]byte("tscip:" + f.title + ":" + p))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// escapeIRI percent-encodes what may not appear in a tag URI's specific
// part.
func escapeIRI(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c > ' ' && c < 0x7f && !strings.ContainsRune(`"<>\^`+"`{|}% ", rune(c)) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// atomTime formats a date as an RFC 3339 timestamp at midnight UTC.
func atomTime(d date.Date) string { return d.Time().Format("2006-01-02T15:04:05Z") }

// feedLink gives an href from the feed at feedPath to a site-root path.
func feedLink(opt Options, feedPath, to string) string {
	if opt.BaseURL != "" {
		return opt.BaseURL + strings.TrimPrefix(to, "/")
	}
	return Rel(feedPath, to, opt.FileURLs)
}

func writeFeeds(s *site.Site, opt Options, files *publish.Files) {
	files.Add("opportunities/feed.xml", madeOfData(s, opt, func(c *Cache) *dataFile { return &c.opportunitiesFeed },
		func() []byte { return OpportunitiesFeed(s, opt) }))
	files.Add("decisions/feed.xml", madeOfData(s, opt, func(c *Cache) *dataFile { return &c.decisionsFeed },
		func() []byte { return DecisionsFeed(s, opt) }))
}

// OpportunitiesFeed is one entry per opportunity, the latest first. An
// entry is dated by the opportunity's publication, else the as-at date.
func OpportunitiesFeed(s *site.Site, opt Options) []byte {
	const self = "/opportunities/feed.xml"
	ids := newFeedIDs(s)
	var entries []atomEntry
	for _, v := range s.Opportunities() {
		o := v.O
		d := o.Published
		if d.IsZero() {
			d = s.AsAt
		}
		var facts []string
		facts = append(facts, v.StatusName+".")
		if v.Deadline != "" {
			facts = append(facts, v.Deadline+" (as at "+s.AsAt.String()+").")
		}
		if !o.Closes.IsZero() {
			facts = append(facts, "Closing date: "+o.Closes.String()+".")
		}
		if !o.ContractStart.IsZero() {
			facts = append(facts, "Contract starts: "+o.ContractStart.String()+".")
		}
		if o.AnnualValue > 0 {
			v := "Value: " + o.AnnualValue.String() + " a year"
			if o.ContractYears > 0 {
				v += fmt.Sprintf(" for %d years", o.ContractYears)
			}
			facts = append(facts, v+".")
		}
		if v.Lead != nil {
			facts = append(facts, "Lead commissioner: "+v.Lead.Name+".")
		}
		if o.Summary != "" {
			facts = append(facts, o.Summary)
		}
		e := atomEntry{ID: ids.id(v.URL), Title: o.Title, Updated: atomTime(d),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: feedLink(opt, self, v.URL)}},
			Summary: strings.Join(facts, " "), sortDate: d, key: o.ID}
		if !o.Published.IsZero() {
			e.Published = atomTime(o.Published)
		}
		e.Categories = append(e.Categories, atomCategory{Term: o.Status, Label: v.StatusName})
		if v.Service != nil {
			e.Categories = append(e.Categories, atomCategory{Term: v.Service.ID, Label: v.Service.Name})
		}
		entries = append(entries, e)
	}
	return feed(s, opt, ids, self, "/opportunities/", s.Config.Title+": commissioning opportunities",
		"Opportunities for third sector organisations to bid for, and what is coming.", entries)
}

// DecisionsFeed is one entry per decision row (a partner's history shows
// as several entries), the latest first, linking to the partner's page.
func DecisionsFeed(s *site.Site, opt Options) []byte {
	const self = "/decisions/feed.xml"
	ids := newFeedIDs(s)
	var entries []atomEntry
	used := map[string]int{}
	for i := range s.Data.Decisions {
		d := &s.Data.Decisions[i]
		when := d.Date
		if when.IsZero() {
			when = s.AsAt
		}
		partner := s.OrgName(d.Partner)
		subject := s.ServiceName(d.Subject)
		word := site.DecisionWord(d.Decision)
		key := d.Partner + "/" + d.Subject + "/" + d.Date.ISO()
		// Rows for the same partner, subject and day keep their file order.
		used[key]++
		if n := used[key]; n > 1 {
			key += fmt.Sprintf("/%d", n)
		}
		summary := partner + " on " + subject + ": " + word + "."
		if d.Meeting != "" {
			summary += " Meeting: " + d.Meeting + "."
		}
		if d.CabinetRequired {
			summary += " Needs a Cabinet decision."
		}
		if d.Notes != "" {
			summary += " " + d.Notes
		}
		entries = append(entries, atomEntry{ID: ids.id("/decisions/" + key), Title: partner + ": " + subject + " – " + word,
			Updated: atomTime(when), Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: feedLink(opt, self, site.OrgURL(d.Partner))}},
			Categories: []atomCategory{{Term: d.Decision, Label: word}, {Term: d.Subject, Label: subject}},
			Summary:    summary, sortDate: when, key: key})
	}
	return feed(s, opt, ids, self, "/decisions/", s.Config.Title+": partner decisions",
		"What each partner has decided about the shared services and the framework.", entries)
}

// feed wraps entries, the latest first, in a feed updated at the latest
// entry's date (the build date when there are none).
func feed(s *site.Site, opt Options, ids feedIDs, self, page, title, subtitle string, entries []atomEntry) []byte {
	sort.SliceStable(entries, func(i, j int) bool {
		if !entries[i].sortDate.Equal(entries[j].sortDate) {
			return entries[i].sortDate.After(entries[j].sortDate)
		}
		return entries[i].key < entries[j].key
	})
	updated := s.BuildDate
	if len(entries) > 0 {
		updated = entries[0].sortDate
	}
	f := atomFeed{NS: atomNS, Lang: s.Config.Language, ID: ids.id(self), Title: title, Subtitle: subtitle,
		Updated: atomTime(updated), Author: atomPerson{Name: s.Config.Title}, Rights: s.Config.Licence, Entries: entries,
		Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: feedLink(opt, self, page)}}}
	if a, err := mail.ParseAddress(s.Config.Contact); err == nil {
		f.Author.Email = a.Address
	}
	if opt.BaseURL != "" {
		f.Links = append(f.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: feedLink(opt, self, self)})
	}
	return f.xml()
}

// xml writes the feed as xml.MarshalIndent(f, "", "  ") does, after
// xml.Header and with a newline at the end, without reflection: the
// decisions feed of a large site is written on every rebuild
// (TestAtomXMLMatchesMarshalIndent).
func (f *atomFeed) xml() []byte {
	size := 1024
	for i := range f.Entries {
		e := &f.Entries[i]
		size += 256 + len(e.ID) + len(e.Title) + len(e.Summary)
	}
	w := xmlWriter{b: make([]byte, 0, size)}
	w.raw(xml.Header + "<feed")
	w.attr("xmlns", f.NS, false)
	w.attr("xml:lang", f.Lang, true)
	w.raw(">")
	w.elem("  ", "id", f.ID, false)
	w.elem("  ", "title", f.Title, false)
	w.elem("  ", "subtitle", f.Subtitle, true)
	w.elem("  ", "updated", f.Updated, false)
	w.raw("\n  <author>")
	w.elem("    ", "name", f.Author.Name, false)
	w.elem("    ", "email", f.Author.Email, true)
	w.raw("\n  </author>")
	w.links("  ", f.Links)
	w.elem("  ", "rights", f.Rights, true)
	for i := range f.Entries {
		e := &f.Entries[i]
		w.raw("\n  <entry>")
		w.elem("    ", "id", e.ID, false)
		w.elem("    ", "title", e.Title, false)
		w.elem("    ", "updated", e.Updated, false)
		w.elem("    ", "published", e.Published, true)
		w.links("    ", e.Links)
		for _, c := range e.Categories {
			w.raw("\n    <category")
			w.attr("term", c.Term, false)
			w.attr("label", c.Label, true)
			w.raw("></category>")
		}
		w.elem("    ", "summary", e.Summary, false)
		w.raw("\n  </entry>")
	}
	w.raw("\n</feed>\n")
	return w.b
}

// xmlWriter appends XML as encoding/xml writes it.
type xmlWriter struct{ b []byte }

func (w *xmlWriter) raw(s string) { w.b = append(w.b, s...) }

// text appends s escaped as encoding/xml escapes text and attributes.
func (w *xmlWriter) text(s string) {
	if plainXML(s) {
		w.b = append(w.b, s...)
		return
	}
	var esc bytes.Buffer
	xml.EscapeText(&esc, []byte(s))
	w.b = append(w.b, esc.Bytes()...)
}

func (w *xmlWriter) attr(name, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	w.b = append(w.b, ' ')
	w.b = append(w.b, name...)
	w.b = append(w.b, '=', '"')
	w.text(v)
	w.b = append(w.b, '"')
}

// elem appends an element of text on a line of its own.
func (w *xmlWriter) elem(indent, name, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	w.b = append(w.b, '\n')
	w.b = append(w.b, indent...)
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
	w.text(v)
	w.b = append(w.b, '<', '/')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

func (w *xmlWriter) links(indent string, ls []atomLink) {
	for _, l := range ls {
		w.b = append(w.b, '\n')
		w.b = append(w.b, indent...)
		w.raw("<link")
		w.attr("rel", l.Rel, true)
		w.attr("type", l.Type, true)
		w.attr("href", l.Href, false)
		w.raw("></link>")
	}
}
