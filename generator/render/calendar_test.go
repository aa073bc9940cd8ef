package render_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tscip/tscip/generator/render"
)

// icsProp is one unfolded content line.
type icsProp struct {
	Name   string
	Params string // ";VALUE=DATE" and the like, as written
	Value  string
}

// icsComponent is a BEGIN/END block with its properties.
type icsComponent struct {
	Name  string
	Props []icsProp
	Subs  []*icsComponent
}

func (c *icsComponent) get(name string) []icsProp {
	var out []icsProp
	for _, p := range c.Props {
		if p.Name == name {
			out = append(out, p)
		}
	}
	return out
}

// parseICS reads an iCalendar stream strictly, as RFC 5545 writes it: every
// line ends in CRLF, no line is longer than 75 octets or splits a UTF-8
// character, folded lines are unfolded, and BEGIN and END nest.
func parseICS(t *testing.T, b []byte) *icsComponent {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Fatal("the calendar does not end with CRLF")
	}
	phys := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	var lines []string
	for i, l := range phys {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets long, more than 75: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				t.Fatal("the calendar starts with a continuation line")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	root := &icsComponent{}
	stack := []*icsComponent{root}
	for _, l := range lines {
		colon := strings.IndexByte(l, ':')
		if colon < 0 {
			t.Fatalf("content line without a colon: %q", l)
		}
		head, value := l[:colon], l[colon+1:]
		name, params, _ := strings.Cut(head, ";")
		if params != "" {
			params = ";" + params
		}
		top := stack[len(stack)-1]
		switch name {
		case "BEGIN":
			c := &icsComponent{Name: value}
			top.Subs = append(top.Subs, c)
			stack = append(stack, c)
		case "END":
			if top.Name != value || len(stack) == 1 {
				t.Fatalf("END:%s closes %q", value, top.Name)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 1 {
				t.Fatalf("property %s outside any component", name)
			}
			top.Props = append(top.Props, icsProp{Name: name, Params: params, Value: value})
		}
	}
	if len(stack) != 1 {
		t.Fatalf("%s is never closed", stack[len(stack)-1].Name)
	}
	if len(root.Subs) != 1 || root.Subs[0].Name != "VCALENDAR" {
		t.Fatalf("want exactly one VCALENDAR, got %d components", len(root.Subs))
	}
	return root.Subs[0]
}

// unescapeText reverses RFC 5545 TEXT escaping.
func unescapeText(s string) string {
	r := strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n", `\N`, "\n")
	return r.Replace(s)
}

func one(t *testing.T, c *icsComponent, name string) icsProp {
	t.Helper()
	ps := c.get(name)
	if len(ps) != 1 {
		t.Fatalf("%s has %d %s properties, want 1", c.Name, len(ps), name)
	}
	return ps[0]
}

func TestCalendar(t *testing.T) {
	for _, base := range []string{"", testBase} {
		res := reference(t, base)
		cal := parseICS(t, file(t, res, "opportunities/deadlines.ics"))
		if one(t, cal, "VERSION").Value != "2.0" || one(t, cal, "PRODID").Value == "" {
			t.Error("VCALENDAR needs VERSION:2.0 and a PRODID")
		}
		want := map[string]string{} // UID -> SUMMARY
		uids := map[string]bool{}
		for _, o := range res.Site.Data.Opportunities {
			if !o.Closes.IsZero() {
				want[o.Closes.Time().Format("20060102")+" Closing date: "+o.Title] = o.ID
			}
			if !o.ContractStart.IsZero() {
				want[o.ContractStart.Time().Format("20060102")+" Contract starts: "+o.Title] = o.ID
			}
		}
		if len(cal.Subs) != len(want) {
			t.Errorf("%d events, want one per closing date and contract start: %d", len(cal.Subs), len(want))
		}
		for _, ev := range cal.Subs {
			if ev.Name != "VEVENT" {
				t.Errorf("unexpected component %s", ev.Name)
				continue
			}
			uid := one(t, ev, "UID").Value
			if uids[uid] {
				t.Errorf("UID %s is not unique", uid)
			}
			uids[uid] = true
			if got := one(t, ev, "DTSTAMP").Value; got != "20110908T000000Z" {
				t.Errorf("DTSTAMP %s, want the build date 20110908T000000Z", got)
			}
			start := one(t, ev, "DTSTART")
			if start.Params != ";VALUE=DATE" || len(start.Value) != 8 {
				t.Errorf("DTSTART%s:%s is not an all-day date", start.Params, start.Value)
			}
			if end := one(t, ev, "DTEND"); end.Params != ";VALUE=DATE" || end.Value <= start.Value {
				t.Errorf("DTEND%s:%s does not follow DTSTART %s", end.Params, end.Value, start.Value)
			}
			key := start.Value + " " + unescapeText(one(t, ev, "SUMMARY").Value)
			if _, ok := want[key]; !ok {
				t.Errorf("unexpected event %q", key)
			}
			delete(want, key)
			urls := ev.get("URL")
			if (len(urls) == 1) != (base != "") {
				t.Errorf("event %s: %d URL properties with base URL %q; want one exactly when there is a base URL", uid, len(urls), base)
			}
			if len(urls) == 1 && !strings.HasPrefix(urls[0].Value, base+"opportunities/") {
				t.Errorf("event URL %s is not the opportunity's page", urls[0].Value)
			}
		}
		for k := range want {
			t.Errorf("missing event %q", k)
		}
	}
}

// UIDs stay the same from build to build and with or without a base URL,
// so a subscribed calendar updates its events instead of adding copies.
func TestCalendarUIDsAreStable(t *testing.T) {
	uids := func(base string) []string {
		var out []string
		for _, ev := range parseICS(t, file(t, reference(t, base), "opportunities/deadlines.ics")).Subs {
			out = append(out, one(t, ev, "UID").Value)
		}
		return out
	}
	a, b := uids(""), uids(testBase)
	if strings.Join(a, " ") != strings.Join(b, " ") {
		t.Errorf("UIDs change with a base URL:\n%v\n%v", a, b)
	}
	if len(a) == 0 || a[0] != "opportunity-tamworth-volunteering-grant-closes@staffordshire.gov.uk" {
		t.Errorf("first UID %v: want the opportunity id and the kind of date at the contact's domain", a)
	}
}

// Text from the data is escaped (backslash, semicolon, comma, newline) and
// long multi-byte text folds between characters.
func TestCalendarEscapesAndFolds(t *testing.T) {
	const title = `Tamworth <b>volunteering</b> & "small"; grant, \ now`
	summary := strings.Repeat("Café £4,500; naïve—", 12) + "end"
	dir := editedReference(t, "data/opportunities.csv",
		"tamworth-volunteering-grant,Tamworth volunteering small grant,",
		`tamworth-volunteering-grant,"Tamworth <b>volunteering</b> & ""small""; grant, \ now",`,
		"data/opportunities.csv",
		`"A one-year grant to promote and broker volunteering in Tamworth, awarded under the borough's own third sector commissioning framework."`,
		`"`+summary+`"`)
	res := renderSite(t, dir, "")
	cal := parseICS(t, file(t, res, "opportunities/deadlines.ics"))
	found := 0
	for _, ev := range cal.Subs {
		if unescapeText(one(t, ev, "SUMMARY").Value) == "Closing date: "+title {
			found++
			if d := unescapeText(one(t, ev, "DESCRIPTION").Value); !strings.HasSuffix(d, "\n\n"+summary) {
				t.Errorf("DESCRIPTION %q does not end with the summary", d)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d events carry the title %q exactly, want 1", found, title)
	}
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		`a\b`:        `a\\b`,
		"a;b,c":      `a\;b\,c`,
		"line\nnext": `line\nnext`,
		"crlf\r\nx":  `crlf\nx`,
		"tab\there":  "tab here",
		"bell\x07":   "bell",
		"£ é":        "£ é",
	} {
		if got := render.EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}
