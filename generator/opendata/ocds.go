package opendata

import (
	"math/big"
	"reflect"
	"strings"

	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
)

// OCDS is the standard ocds.json follows.
var OCDS = Standard{Name: "Open Contracting Data Standard, with the UK extension", Version: "1.1",
	URL: "https://standard.open-contracting.org/1.1/"}

// Extensions the releases use: the UK extension (tender.suitability.vcse)
// and the suitability extension it builds on, which adds tender.suitability.
const (
	UKExtension          = "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"
	SuitabilityExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_suitability_extension/master/extension.json"
)

type releasePackage struct {
	URI           string        `json:"uri" type:"string: URI" doc:"This file's address, from base_url. Without base_url: tag:<domain>,<year>:<ocid prefix>/ocds.json (RFC 4151), with the domain of the site's contact address (tscip.invalid when it has none) and the year of the as-at date."`
	Version       string        `json:"version" doc:"1.1."`
	Extensions    []string      `json:"extensions" type:"array of strings: URIs" doc:"The UK extension and the suitability extension it depends on."`
	PublishedDate string        `json:"publishedDate" type:"date-time" doc:"The build date, at midnight UTC."`
	Publisher     ocdsPublisher `json:"publisher" doc:"Who publishes the package."`
	License       string        `json:"license,omitempty" type:"string: URI" doc:"The licence's canonical address."`
	Releases      []release     `json:"releases" doc:"One release for each opportunity in opportunities.csv."`
}

type ocdsPublisher struct {
	Name string `json:"name" doc:"The site's title."`
	URI  string `json:"uri,omitempty" type:"string: URI" doc:"base_url; absent without it."`
}

type release struct {
	OCID           string    `json:"ocid" doc:"The site's ocid prefix, a hyphen and the opportunity's id: ocds-tscip-<id>."`
	ID             string    `json:"id" doc:"The ocid, the release tag and the release date."`
	Date           string    `json:"date" type:"date-time" doc:"The date the opportunity was published, else the as-at date."`
	Tag            []string  `json:"tag" doc:"planning for a pipeline opportunity; tender for open, closed and cancelled ones; award for an awarded one."`
	InitiationType string    `json:"initiationType" doc:"tender."`
	Language       string    `json:"language" doc:"en."`
	Parties        []party   `json:"parties" doc:"The lead commissioner and the partners."`
	Buyer          *orgRef   `json:"buyer" doc:"The lead commissioner."`
	Planning       *planning `json:"planning,omitempty" doc:"For a pipeline opportunity: its rationale and budget."`
	Tender         tender    `json:"tender" doc:"The opportunity."`
	Awards         []award   `json:"awards,omitempty" doc:"For an awarded opportunity: one award (tscip records no supplier for it)."`
}

type party struct {
	ID           string        `json:"id" doc:"The organisation's org-id identifier, else the site's 360Giving prefix and its id, as in 360giving.json."`
	Name         string        `json:"name" doc:"The organisation's name."`
	Identifier   *identifier   `json:"identifier,omitempty" doc:"Where organisations.csv records an org-id identifier: its scheme (such as GB-LAE) and id."`
	ContactPoint *contactPoint `json:"contactPoint,omitempty" doc:"The lead commissioner's contact for the opportunity."`
	Roles        []string      `json:"roles" doc:"The lead: buyer and procuringEntity, and funder when it is among the partners; other partners: funder (their budgets pay for it). Codes from the partyRole codelist."`
}

type identifier struct {
	Scheme    string `json:"scheme" doc:"The org-id scheme, such as GB-LAE."`
	ID        string `json:"id" doc:"The id in that scheme, leading zeros kept."`
	LegalName string `json:"legalName" doc:"The organisation's name."`
}

type contactPoint struct {
	Name  string `json:"name,omitempty" doc:"The contact, when it is neither an email nor a web address."`
	Email string `json:"email,omitempty" doc:"The contact, when it is an email address."`
	URL   string `json:"url,omitempty" type:"string: URI" doc:"The contact, when it is a web address."`
}

type orgRef struct {
	ID   string `json:"id" doc:"The party's id."`
	Name string `json:"name" doc:"The party's name."`
}

type planning struct {
	Rationale string  `json:"rationale,omitempty" doc:"The opportunity's summary."`
	Budget    *budget `json:"budget,omitempty" doc:"The estimated value over the contract."`
}

type budget struct {
	Description string `json:"description" doc:"What the amount is."`
	Amount      *value `json:"amount" doc:"The estimated value over the contract."`
}

type value struct {
	Amount   money.Pence `json:"amount" doc:"Pounds."`
	Currency string      `json:"currency" doc:"GBP."`
}

type period struct {
	StartDate string `json:"startDate,omitempty" type:"date-time" doc:"Start, at midnight UTC."`
	EndDate   string `json:"endDate,omitempty" type:"date-time" doc:"End, at the last second of the day, UTC."`
}

type tender struct {
	ID                       string      `json:"id" doc:"The opportunity's id."`
	Title                    string      `json:"title" doc:"The opportunity's title."`
	Description              string      `json:"description,omitempty" doc:"The opportunity's summary."`
	Status                   string      `json:"status" doc:"planning (pipeline), active (open), complete (closed or awarded) or cancelled, from the tenderStatus codelist."`
	ProcuringEntity          *orgRef     `json:"procuringEntity" doc:"The lead commissioner."`
	Value                    *value      `json:"value,omitempty" doc:"The estimated value over the contract: annual value × contract years (one year when not set)."`
	ProcurementMethod        string      `json:"procurementMethod" doc:"open: opportunities are published to every provider."`
	ProcurementMethodDetails string      `json:"procurementMethodDetails" doc:"The commissioning model: aligned budgets with a lead commissioner, a stand alone partnership arrangement, or a single partner."`
	MainProcurementCategory  string      `json:"mainProcurementCategory" doc:"services."`
	TenderPeriod             *period     `json:"tenderPeriod,omitempty" doc:"From the published date to the closing date."`
	ContractPeriod           *period     `json:"contractPeriod,omitempty" doc:"From the contract start for the contract's years."`
	Suitability              suitability `json:"suitability" doc:"The UK extension's suitability flags."`
	Documents                []document  `json:"documents,omitempty" doc:"The opportunity's page on this site; only when base_url is set."`
}

type suitability struct {
	VCSE bool `json:"vcse" doc:"true: every tscip opportunity is for voluntary, community and social enterprise organisations."`
}

type document struct {
	ID           string `json:"id" doc:"notice."`
	DocumentType string `json:"documentType" doc:"tenderNotice."`
	Title        string `json:"title" doc:"The opportunity's title."`
	URL          string `json:"url" type:"string: URI" doc:"The opportunity's page."`
	Format       string `json:"format" doc:"text/html."`
	Language     string `json:"language" doc:"en."`
}

type award struct {
	ID             string  `json:"id" doc:"The ocid and -award."`
	Title          string  `json:"title" doc:"The opportunity's title."`
	Status         string  `json:"status" doc:"active."`
	Value          *value  `json:"value,omitempty" doc:"As tender.value."`
	ContractPeriod *period `json:"contractPeriod,omitempty" doc:"As tender.contractPeriod."`
}

var models = map[string]string{
	"aligned-budgets": "Aligned budgets with a lead commissioner",
	"stand-alone":     "Stand alone partnership arrangement",
	"single":          "Commissioned by a single partner",
}

var tenderStatus = map[string]string{
	"pipeline":  "planning",
	"open":      "active",
	"closed":    "complete",
	"awarded":   "complete",
	"cancelled": "cancelled",
}

// releaseTag is the tag of an opportunity's one release. A cancelled
// opportunity keeps tender (with tender.status cancelled): the codelist's
// tenderCancellation presumes an earlier release under the same ocid, and
// tscip publishes one release per opportunity.
func releaseTag(status string) string {
	switch status {
	case "pipeline":
		return "planning"
	case "awarded":
		return "award"
	}
	return "tender"
}

func endOfDay(d date.Date) string { return d.ISO() + "T23:59:59Z" }

// packageURI is the package's uri: its address under base_url, else a tag
// URI (RFC 4151) minted from what the site knows, which is valid where the
// schema requires a URI and says plainly that it is not an address.
func (e *env) packageURI() string {
	if u := e.abs("/data/ocds.json"); u != "" {
		return u
	}
	domain := "tscip.invalid"
	if _, d, ok := strings.Cut(e.cfg().Contact, "@"); ok && d != "" && !strings.ContainsAny(d, " /:,") {
		domain = strings.ToLower(d)
	}
	year := e.in.AsAt.Year()
	if e.in.AsAt.IsZero() {
		year = e.in.BuildDate.Year()
	}
	return "tag:" + domain + "," + itoa(year) + ":" + e.cfg().OCIDPrefix + "/ocds.json"
}

func ocds(e *env) (File, bool) {
	f := File{Name: "data/ocds.json", Title: "Opportunities (Open Contracting)", Format: "JSON", Standard: OCDS,
		About:   "The commissioning opportunities as an Open Contracting (OCDS 1.1) release package: one release for each opportunity, at its present status.",
		Columns: fields(reflect.TypeOf(releasePackage{}))}
	pkg := releasePackage{
		URI:           e.packageURI(),
		Version:       "1.1",
		Extensions:    []string{UKExtension, SuitabilityExtension},
		PublishedDate: dateTime(e.in.BuildDate),
		Publisher:     ocdsPublisher{Name: e.cfg().Title, URI: e.baseURL()},
		License:       LicenceURL(e.cfg().Licence),
	}
	for i := range e.set().Opportunities {
		pkg.Releases = append(pkg.Releases, e.release(&e.set().Opportunities[i]))
	}
	f.Records = len(pkg.Releases)
	if len(pkg.Releases) == 0 {
		return f, false
	}
	f.Bytes = marshal(pkg)
	return f, true
}

func (e *env) ref(id string) *orgRef {
	o := e.orgEntry(id)
	return &orgRef{ID: o.ID, Name: o.Name}
}

func (e *env) party(id string, roles ...string) party {
	o := e.orgEntry(id)
	p := party{ID: o.ID, Name: o.Name, Roles: roles}
	if org := e.org(id); org != nil {
		if scheme, n := splitOrgID(org.Identifier); scheme != "" {
			p.Identifier = &identifier{Scheme: scheme, ID: n, LegalName: org.Name}
		}
	}
	return p
}

func contact(s string) *contactPoint {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return nil
	case strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://"):
		return &contactPoint{URL: s}
	case strings.Contains(s, "@") && !strings.Contains(s, " "):
		return &contactPoint{Email: s}
	}
	return &contactPoint{Name: s}
}

func (e *env) release(o *dataset.Opportunity) release {
	ocid := OCID(e.cfg(), o)
	when := o.Published
	if when.IsZero() {
		when = e.in.AsAt
	}
	tag := releaseTag(o.Status)
	r := release{
		OCID: ocid, ID: ocid + "-" + tag + "-" + when.ISO(), Date: dateTime(when),
		Tag: []string{tag}, InitiationType: "tender", Language: "en",
		Buyer: e.ref(o.Lead),
	}
	leadRoles := []string{"buyer", "procuringEntity"}
	for _, p := range o.Partners {
		if p == o.Lead {
			leadRoles = append(leadRoles, "funder")
		}
	}
	lead := e.party(o.Lead, leadRoles...)
	lead.ContactPoint = contact(o.Contact)
	r.Parties = append(r.Parties, lead)
	for _, p := range o.Partners {
		if p != o.Lead {
			r.Parties = append(r.Parties, e.party(p, "funder"))
		}
	}

	var val *value
	if o.AnnualValue > 0 {
		years := int64(max(o.ContractYears, 1))
		val = &value{Amount: money.Round(new(big.Rat).Mul(o.AnnualValue.Rat(), big.NewRat(years, 1))), Currency: "GBP"}
	}
	var contractPeriod *period
	if !o.ContractStart.IsZero() {
		contractPeriod = &period{StartDate: dateTime(o.ContractStart)}
		if o.ContractYears > 0 {
			contractPeriod.EndDate = endOfDay(o.ContractStart.AddMonths(12 * o.ContractYears).AddDays(-1))
		}
	}
	t := tender{
		ID: o.ID, Title: o.Title, Description: o.Summary, Status: tenderStatus[o.Status],
		ProcuringEntity: e.ref(o.Lead), Value: val,
		ProcurementMethod: "open", ProcurementMethodDetails: models[o.Model], MainProcurementCategory: "services",
		ContractPeriod: contractPeriod,
		Suitability:    suitability{VCSE: true},
	}
	if !o.Published.IsZero() || !o.Closes.IsZero() {
		t.TenderPeriod = &period{}
		if !o.Published.IsZero() {
			t.TenderPeriod.StartDate = dateTime(o.Published)
		}
		if !o.Closes.IsZero() {
			t.TenderPeriod.EndDate = endOfDay(o.Closes)
		}
	}
	if u := e.abs("/opportunities/" + o.ID + "/"); u != "" {
		t.Documents = []document{{ID: "notice", DocumentType: "tenderNotice", Title: o.Title, URL: u, Format: "text/html", Language: "en"}}
	}
	r.Tender = t
	switch o.Status {
	case "pipeline":
		r.Planning = &planning{Rationale: o.Summary}
		if val != nil {
			r.Planning.Budget = &budget{Description: "Estimated value over the contract", Amount: val}
		}
	case "awarded":
		r.Awards = []award{{ID: ocid + "-award", Title: o.Title, Status: "active", Value: val, ContractPeriod: contractPeriod}}
	}
	return r
}
