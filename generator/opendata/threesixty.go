package opendata

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"

	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/internal/jsontext"
	"github.com/tscip/tscip/generator/money"
)

// ThreeSixtyGiving is the standard 360giving.json follows.
var ThreeSixtyGiving = Standard{Name: "360Giving Data Standard", Version: "1.4",
	URL: "https://standard.threesixtygiving.org/"}

// grantPackage is a 360Giving data package (360-giving-package-schema.json).
type grantPackage struct {
	Grants      []grant    `json:"grants" doc:"One grant for each arrangement of type grant in arrangements.csv."`
	Version     string     `json:"version" doc:"The 360Giving version the package follows: 1.4."`
	Title       string     `json:"title" doc:"The site's title and what the package holds."`
	Description string     `json:"description,omitempty" doc:"The site's description."`
	Issued      string     `json:"issued" type:"date: YYYY-MM-DD" doc:"The build date."`
	Modified    string     `json:"modified" type:"date: YYYY-MM-DD" doc:"The build date."`
	Publisher   *publisher `json:"publisher" doc:"Who publishes the package: the site's title, and its address when base_url is set."`
	License     string     `json:"license,omitempty" type:"string: URI" doc:"The licence's canonical address (the Open Government Licence v3.0 unless site.toml names another)."`
	AccessURL   string     `json:"accessURL,omitempty" type:"string: URI" doc:"The /data/ page; only when base_url is set."`
	DownloadURL string     `json:"downloadURL,omitempty" type:"string: URI" doc:"This file's address; only when base_url is set."`
}

type publisher struct {
	Name    string `json:"name" doc:"The site's title."`
	Website string `json:"website,omitempty" type:"string: URI" doc:"base_url, when set."`
}

type grant struct {
	ID                    string         `json:"id" doc:"The site's 360Giving prefix, a hyphen and the arrangement's id: 360G-tscip-<id>."`
	Title                 string         `json:"title" doc:"The service and the recipient."`
	Description           string         `json:"description" doc:"Who funds whom, for what, how much a year and for how long."`
	Currency              string         `json:"currency" doc:"Always GBP."`
	AmountAwarded         money.Pence    `json:"amountAwarded" doc:"The amount awarded in total: the annual value × the duration in years (annual value × months ÷ 12, rounded half up to the penny once). For a rolling grant, with no end date, one year's value."`
	AwardDate             string         `json:"awardDate" type:"date: YYYY-MM-DD" doc:"The arrangement's start date (tscip records no separate award date)."`
	PlannedDates          []event        `json:"plannedDates" doc:"One entry: the start, and for a grant with an end date, the end and the duration."`
	RecipientOrganization []organisation `json:"recipientOrganization" doc:"The provider."`
	FundingOrganization   []organisation `json:"fundingOrganization" doc:"The partner."`
	GrantProgramme        []programme    `json:"grantProgramme" doc:"The service the grant pays for."`
	URL                   string         `json:"url,omitempty" type:"string: URI" doc:"The arrangement's page; only when base_url is set."`
	DateModified          string         `json:"dateModified" type:"date-time" doc:"The build date, at midnight UTC."`
}

type event struct {
	StartDate string `json:"startDate" type:"date: YYYY-MM-DD" doc:"The arrangement's start date."`
	EndDate   string `json:"endDate,omitempty" type:"date: YYYY-MM-DD" doc:"The arrangement's end date; absent for a rolling grant."`
	Duration  int    `json:"duration,omitempty" doc:"Months from start to end: whole calendar months up to the day after the end, one more for 15 days or more left over. Absent for a rolling grant."`
}

type organisation struct {
	ID            string `json:"id" doc:"The org-id identifier from organisations.csv (such as GB-LAE-STS), else the site's 360Giving prefix, a hyphen and the organisation's id: 360G-tscip-asist."`
	Name          string `json:"name" doc:"The organisation's name."`
	CharityNumber string `json:"charityNumber,omitempty" doc:"From a GB-CHC, GB-SC or GB-NIC identifier."`
	CompanyNumber string `json:"companyNumber,omitempty" doc:"From a GB-COH identifier, leading zeros kept."`
	URL           string `json:"url,omitempty" type:"string: URI" doc:"The organisation's website, where known."`
}

type programme struct {
	Code        string `json:"code" doc:"The service's id."`
	Title       string `json:"title" doc:"The service's name."`
	Description string `json:"description,omitempty" doc:"The service's summary."`
}

// dateTime writes a date as midnight UTC, the date-time form the standards
// ask for where a full date-time is required.
func dateTime(d date.Date) string { return d.ISO() + "T00:00:00Z" }

func (e *env) orgEntry(id string) organisation {
	o := e.org(id)
	if o == nil {
		return organisation{ID: e.cfg().GrantPrefix + "-" + id, Name: id}
	}
	charity, company := registrations(o.Identifier)
	return organisation{ID: OrgIdentifier(e.cfg(), o), Name: o.Name, CharityNumber: charity, CompanyNumber: company, URL: o.Website}
}

func threeSixtyGiving(e *env) (File, bool) {
	f := File{Name: "data/360giving.json", Title: "Grants (360Giving)", Format: "JSON", Standard: ThreeSixtyGiving,
		About:   "The arrangements of type grant as a 360Giving data package, for 360Giving's GrantNav and other grant tools.",
		Columns: fields(reflect.TypeOf(grantPackage{}))}
	pkg := e.grantPackage()
	// The grants are encoded one at a time into the package's place for
	// them, so that a million of them are never held as values at once:
	// the bytes are those json.MarshalIndent gives for the whole package.
	pkg.Grants = []grant{}
	head := marshal(pkg)
	at := bytes.Index(head, []byte(`"grants": []`))
	var grants []*dataset.Arrangement
	for i := range e.set().Arrangements {
		if a := &e.set().Arrangements[i]; a.Type == "grant" {
			grants = append(grants, a)
		}
	}
	var b bytes.Buffer
	b.Write(head[:at+len(`"grants": [`)])
	for _, a := range grants {
		if f.Records > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		g := e.grant(a)
		writeGrant(&b, &g, "    ")
		f.Records++
		if f.Records == sample && len(grants) > 4*sample {
			grow(&b, len(grants), sample) // as a table's files are sized
		}
	}
	if f.Records == 0 {
		return f, false
	}
	b.WriteString("\n  ]")
	b.Write(head[at+len(`"grants": []`):])
	f.Bytes = b.Bytes()
	return f, true
}

// grantPackage is the package around the grants.
func (e *env) grantPackage() grantPackage {
	cfg := e.cfg()
	return grantPackage{
		Version:     "1.4",
		Title:       cfg.Title + ": grants",
		Description: cfg.Description,
		Issued:      e.in.BuildDate.ISO(),
		Modified:    e.in.BuildDate.ISO(),
		Publisher:   &publisher{Name: cfg.Title, Website: e.baseURL()},
		License:     LicenceURL(cfg.Licence),
		AccessURL:   e.abs("/data/"),
		DownloadURL: e.abs("/data/360giving.json"),
	}
}

func (e *env) grant(a *dataset.Arrangement) grant {
	svc := e.set().Service(a.Service)
	prog := programme{Code: a.Service, Title: e.serviceName(a.Service)}
	if svc != nil {
		prog.Description = svc.Summary
	}
	ev := event{StartDate: a.Start.ISO()}
	when := "from " + a.Start.String() + ", rolling with no end date"
	if !a.Rolling() {
		ev.EndDate = a.End.ISO()
		ev.Duration = GrantMonths(a.Start, a.End)
		when = "from " + a.Start.String() + " to " + a.End.String()
	}
	provider, partner := e.orgName(a.Provider), e.orgName(a.Partner)
	return grant{
		ID:                    GrantID(e.cfg(), a),
		Title:                 prog.Title + ": grant to " + provider,
		Description:           partner + " funds " + provider + " to provide " + prog.Title + ": " + a.AnnualValue.String() + " a year " + when + ".",
		Currency:              "GBP",
		AmountAwarded:         GrantAmount(a),
		AwardDate:             a.Start.ISO(),
		PlannedDates:          []event{ev},
		RecipientOrganization: []organisation{e.orgEntry(a.Provider)},
		FundingOrganization:   []organisation{e.orgEntry(a.Partner)},
		GrantProgramme:        []programme{prog},
		URL:                   e.abs("/arrangements/" + a.ID + "/"),
		DateModified:          dateTime(e.in.BuildDate),
	}
}

// writeGrant writes g as json.MarshalIndent(g, prefix, "  ") gives it,
// without reflection: a national site has hundreds of thousands of grants
// (TestWriteGrantMatchesMarshalIndent).
func writeGrant(b *bytes.Buffer, g *grant, prefix string) {
	w := indented{b: b, prefix: prefix}
	w.open('{')
	w.str("id", g.ID)
	w.str("title", g.Title)
	w.str("description", g.Description)
	w.str("currency", g.Currency)
	w.key("amountAwarded")
	b.WriteString(g.AmountAwarded.Decimal())
	w.str("awardDate", g.AwardDate)
	w.objects("plannedDates", len(g.PlannedDates), func(i int) {
		ev := g.PlannedDates[i]
		w.str("startDate", ev.StartDate)
		w.strOmit("endDate", ev.EndDate)
		if ev.Duration != 0 {
			w.key("duration")
			b.WriteString(strconv.Itoa(ev.Duration))
		}
	})
	for _, orgs := range []struct {
		key  string
		list []organisation
	}{{"recipientOrganization", g.RecipientOrganization}, {"fundingOrganization", g.FundingOrganization}} {
		w.objects(orgs.key, len(orgs.list), func(i int) {
			o := orgs.list[i]
			w.str("id", o.ID)
			w.str("name", o.Name)
			w.strOmit("charityNumber", o.CharityNumber)
			w.strOmit("companyNumber", o.CompanyNumber)
			w.strOmit("url", o.URL)
		})
	}
	w.objects("grantProgramme", len(g.GrantProgramme), func(i int) {
		p := g.GrantProgramme[i]
		w.str("code", p.Code)
		w.str("title", p.Title)
		w.strOmit("description", p.Description)
	})
	w.strOmit("url", g.URL)
	w.str("dateModified", g.DateModified)
	w.close('}')
}

// indented writes JSON laid out as json.MarshalIndent lays it out, with
// two spaces a level.
type indented struct {
	b      *bytes.Buffer
	prefix string
	depth  int
	first  bool // nothing written yet in the open list or object
}

func (w *indented) newline() {
	w.b.WriteByte('\n')
	w.b.WriteString(w.prefix)
	for range w.depth {
		w.b.WriteString("  ")
	}
}

func (w *indented) open(c byte) {
	w.b.WriteByte(c)
	w.depth++
	w.first = true
}

func (w *indented) close(c byte) {
	w.depth--
	if !w.first { // an empty one is "[]" or "{}"
		w.newline()
	}
	w.b.WriteByte(c)
	w.first = false
}

// elem starts an element of a list.
func (w *indented) elem() {
	if !w.first {
		w.b.WriteByte(',')
	}
	w.first = false
	w.newline()
}

// key starts a member of an object.
func (w *indented) key(k string) {
	w.elem()
	jsontext.Write(w.b, k)
	w.b.WriteString(": ")
}

func (w *indented) str(k, v string) {
	w.key(k)
	jsontext.Write(w.b, v)
}

// objects writes the member k: a list of n objects, obj(i) writing the
// members of each.
func (w *indented) objects(k string, n int, obj func(i int)) {
	w.key(k)
	w.open('[')
	for i := range n {
		w.elem()
		w.open('{')
		obj(i)
		w.close('}')
	}
	w.close(']')
}

// strOmit is str for a member tagged omitempty.
func (w *indented) strOmit(k, v string) {
	if v != "" {
		w.str(k, v)
	}
}

func marshal(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // plain values only
	}
	return append(b, '\n')
}
