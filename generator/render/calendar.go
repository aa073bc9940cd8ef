package render

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/site"
)

// The deadlines calendar (RFC 5545): one all-day event for each
// opportunity's closing date and one for its contract start. Events are
// stamped with the build date, so the same inputs give the same bytes, and
// keep their UID from build to build: the opportunity's id and the kind of
// date, at the domain of the site's contact address (else base_url's host,
// else "tscip.invalid"). URL properties must be absolute, so they are only
// written when base_url is set.
func init() { extras = append(extras, writeCalendar) }

func writeCalendar(s *site.Site, opt Options, files *publish.Files) {
	files.Add("opportunities/deadlines.ics", madeOfData(s, opt, func(c *Cache) *dataFile { return &c.calendar },
		func() []byte { return Calendar(s, opt) }))
}

// Calendar renders opportunities/deadlines.ics.
func Calendar(s *site.Site, opt Options) []byte {
	var c icsWriter
	c.line("BEGIN:VCALENDAR")
	c.line("VERSION:2.0")
	c.line("PRODID:-//tscip//tscip site generator//EN")
	c.line("CALSCALE:GREGORIAN")
	c.line("METHOD:PUBLISH")
	c.prop("X-WR-CALNAME", s.Config.Title+": opportunity deadlines")
	host := calendarHost(s, opt)
	stamp := s.BuildDate.Time().Format("20060102T150405Z")
	for _, v := range s.Opportunities() {
		o := v.O
		for _, ev := range []struct {
			kind, what string
			on         date.Date
		}{
			{"closes", "Closing date", o.Closes},
			{"starts", "Contract starts", o.ContractStart},
		} {
			if ev.on.IsZero() {
				continue
			}
			c.line("BEGIN:VEVENT")
			c.prop("UID", "opportunity-"+o.ID+"-"+ev.kind+"@"+host)
			c.line("DTSTAMP:" + stamp)
			c.line("DTSTART;VALUE=DATE:" + ev.on.Time().Format("20060102"))
			c.line("DTEND;VALUE=DATE:" + ev.on.AddDays(1).Time().Format("20060102"))
			c.prop("SUMMARY", ev.what+": "+o.Title)
			desc := v.StatusName + "."
			if v.Lead != nil {
				desc += " Lead commissioner: " + v.Lead.Name + "."
			}
			if o.Contact != "" {
				desc += " Contact: " + o.Contact + "."
			}
			if o.Summary != "" {
				desc += "\n\n" + o.Summary
			}
			c.prop("DESCRIPTION", desc)
			if v.Service != nil {
				c.prop("CATEGORIES", v.Service.Name)
			}
			if opt.BaseURL != "" {
				c.line("URL:" + opt.BaseURL + strings.TrimPrefix(v.URL, "/"))
			}
			c.line("TRANSP:TRANSPARENT")
			if o.Status == "cancelled" {
				c.line("STATUS:CANCELLED")
			} else {
				c.line("STATUS:CONFIRMED")
			}
			c.line("END:VEVENT")
		}
	}
	c.line("END:VCALENDAR")
	return []byte(c.b.String())
}

func calendarHost(s *site.Site, opt Options) string {
	if a, err := mail.ParseAddress(s.Config.Contact); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 && i < len(a.Address)-1 {
			return strings.ToLower(a.Address[i+1:])
		}
	}
	if u, err := url.Parse(opt.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "tscip.invalid"
}

// icsWriter writes content lines: CRLF endings, folded so that no line is
// longer than 75 octets, never inside a UTF-8 sequence.
type icsWriter struct {
	b strings.Builder
}

// prop writes a property whose value is TEXT, escaped.
func (w *icsWriter) prop(name, value string) { w.line(name + ":" + EscapeText(value)) }

func (w *icsWriter) line(l string) {
	limit := 75
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut--
		}
		w.b.WriteString(l[:cut])
		w.b.WriteString("\r\n ")
		l = l[cut:]
		limit = 74 // the leading space of a continuation counts
	}
	w.b.WriteString(l)
	w.b.WriteString("\r\n")
}

// EscapeText escapes an iCalendar TEXT value: backslash, semicolon, comma
// and newlines; other control characters are dropped.
func EscapeText(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			if r == '\t' {
				b.WriteRune(' ')
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
