package site

import (
	"github.com/tscip/tscip/generator/chart"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/money"
	"github.com/tscip/tscip/generator/savings"
)

// ArrangementRow is one arrangement with everything a table shows of it.
type ArrangementRow struct {
	A            *dataset.Arrangement
	URL          string
	Partner      *dataset.Organisation
	Provider     *dataset.Organisation
	Service      *dataset.Service
	Cost         money.Pence // staff resource cost, three-year basis
	Months       int         // life in months, as the arithmetic counts it
	Due          bool        // ends within twelve months of the as-at date, or rolls on
	Ended        bool        // ended before the as-at date
	OpenlyLet    bool
	AboveLimit   bool // annual value above the framework threshold
	DaysLeft     int  // days from the as-at date to the end (negative when ended)
	TypeName     string
	RouteName    string
	IntentName   string
	EndsLabel    string // "Rolling", "Ends within twelve months", "Ended", or ""
	ProviderName string
	PartnerName  string
	ServiceName  string
}

// CacheKey names the row among the rows of every table: its arrangement's
// id, for the theme's partialCachedEach.
func (r *ArrangementRow) CacheKey() string { return r.A.ID }

// StageCosts gives the arrangement's hours and cost at each commissioning
// stage. It is worked out when a page asks for it, so that a site without
// a page per arrangement does not hold seven figures for every row.
func (r *ArrangementRow) StageCosts() []StageFigure {
	rate := money.Pence(0)
	if r.Partner != nil {
		rate = r.Partner.HourlyRate
	}
	months := savings.LifeMonths(r.A.Start, r.A.End)
	out := make([]StageFigure, 0, len(dataset.Stages))
	for k, st := range dataset.Stages {
		out = append(out, StageFigure{Name: st.Name, Hours: r.A.Hours[k].String(), Cost: savings.HoursCost(r.A.Hours[k], rate, months)})
	}
	return out
}

// StageFigure is one commissioning stage's hours and cost.
type StageFigure struct {
	Name  string
	Hours string
	Cost  money.Pence
}

// ArrangementsPage is the explorer.
type ArrangementsPage struct {
	Rows            []*ArrangementRow
	Total           savings.Totals
	ByProviderGroup []savings.Totals
	ByPartner       []savings.Totals
	ByService       []savings.Totals
	ByType          []savings.Totals
	Due             []*ArrangementRow
	NeverOpen       []*ArrangementRow
	// The three tables, each split into pages when long (RowTable).
	AllTable, DueTable, NeverOpenTable *RowTable
	Pipeline                           savings.Pipeline
	Candidates                         []Candidate
	LongTermPercent                    savings.Percent
	Threshold                          money.Pence
	AboveThreshold                     int
	// GroupChart and PartnerChart draw the annual value by provider group
	// and by partner (the same figures as the totals tables).
	GroupChart   chart.Figure
	PartnerChart chart.Figure
}

// Candidate is a service where two or more partners have arrangements
// falling due: a candidate for joint commissioning.
type Candidate struct {
	Service  *dataset.Service
	Partners []*dataset.Organisation
	Count    int
}

var typeNames = map[string]string{"contract": "Contract", "sla": "Service level agreement", "grant": "Grant"}
var routeNames = map[string]string{
	"open-tender": "Open tender", "quotation": "Quotation", "direct-award": "Direct award",
	"grant-application": "Grant application", "rolled-over": "Rolled over", "inherited": "Inherited", "unknown": "Not known",
}
var intentNames = map[string]string{"recommission": "Recommission", "joint": "Commission jointly", "decommission": "Decommission", "undecided": "Undecided"}

// TypeName, RouteName return the words for codes.
func TypeName(t string) string  { return orCode(typeNames, t) }
func RouteName(r string) string { return orCode(routeNames, r) }

func orCode(m map[string]string, k string) string {
	if v, ok := m[k]; ok {
		return v
	}
	return k
}

// rows builds the arrangement rows once per build.
func (s *Site) rows() []*ArrangementRow {
	if s.arrangementRows != nil {
		return s.arrangementRows
	}
	out := make([]*ArrangementRow, len(s.Data.Arrangements))
	for i := range s.Data.Arrangements {
		a := &s.Data.Arrangements[i]
		r := &ArrangementRow{
			A: a, URL: ArrangementURL(a.ID),
			Partner: s.Org(a.Partner), Provider: s.Org(a.Provider), Service: s.Data.Service(a.Service),
			Cost: s.Model.Costs[i], Months: s.Model.Months[i],
			Due: savings.Due(a, s.AsAt), OpenlyLet: a.OpenlyProcured(),
			AboveLimit: a.AnnualValue > s.Config.Threshold,
			TypeName:   TypeName(a.Type), RouteName: RouteName(a.Route), IntentName: orCode(intentNames, a.Intention),
			PartnerName: s.OrgName(a.Partner), ProviderName: s.OrgName(a.Provider), ServiceName: s.ServiceName(a.Service),
		}
		if !s.Config.Scale.ArrangementPages {
			r.URL = OrgURL(a.Provider) // its rows are listed there
		}
		if !a.Rolling() {
			r.DaysLeft = s.AsAt.DaysUntil(a.End)
			r.Ended = a.End.Before(s.AsAt)
		}
		switch {
		case a.Rolling():
			r.EndsLabel = "Rolling"
		case r.Ended:
			r.EndsLabel = "Ended"
		case r.Due:
			r.EndsLabel = "Ends within twelve months"
		}
		out[i] = r
	}
	s.arrangementRows = out
	return out
}

func buildArrangements(s *Site) {
	m := s.Model
	d := &ArrangementsPage{
		Rows: s.rows(), Total: m.Total, ByProviderGroup: m.ByProviderGroup, ByPartner: m.ByPartner,
		ByService: m.ByService, ByType: m.ByType, Pipeline: m.Pipeline,
		LongTermPercent: m.Pipeline.LongTermPercent(), Threshold: s.Config.Threshold,
		AboveThreshold: len(m.Pipeline.AboveThreshold),
	}
	for _, i := range m.Pipeline.Due {
		d.Due = append(d.Due, d.Rows[i])
	}
	for _, i := range m.Pipeline.NeverOpen {
		d.NeverOpen = append(d.NeverOpen, d.Rows[i])
	}
	d.Candidates = s.candidates(m.Pipeline.Candidates)
	d.GroupChart = InvestmentChart("chart-groups", "Annual investment by provider group", m.ByProviderGroup)
	d.PartnerChart = InvestmentChart("chart-partners", "Annual investment by partner", m.ByPartner)
	page := s.add(&Page{Path: "/arrangements/", Layout: "arrangements", Title: "Funding arrangements",
		Summary: "Every known funding arrangement between the partners and the providers, with totals and what falls due.", Data: d})
	d.AllTable = s.rowTable(d.Rows, page, "arrangement-table", "/arrangements/all/", "All funding arrangements")
	d.DueTable = s.rowTable(d.Due, page, "due-table", "/arrangements/due/", "Arrangements ending within twelve months or rolling")
	d.NeverOpenTable = s.rowTable(d.NeverOpen, page, "never-open-table", "/arrangements/never-open/", "Arrangements never openly procured")
	if !s.Config.Scale.ArrangementPages {
		return
	}
	for _, r := range d.Rows {
		// After a Markdown edit (Input.Previous), an arrangement's page is
		// the one already made: its row is the same, and so is all it shows.
		if s.previous != nil {
			if p := s.previous.Page(r.URL); p != nil && p.Data == r {
				s.add(p)
				continue
			}
		}
		s.add(&Page{Path: r.URL, Layout: "arrangement", Title: r.ProviderName + ": " + r.ServiceName + " (" + r.PartnerName + ")",
			Summary: r.TypeName + " from " + r.PartnerName + " to " + r.ProviderName + " for " + r.ServiceName + ".",
			Data:    r, Crumbs: []Link{{"Arrangements", "/arrangements/"}}, Keywords: r.A.ID})
	}
}

func (s *Site) candidates(in []savings.DueService) []Candidate {
	var out []Candidate
	for _, c := range in {
		cand := Candidate{Service: s.Data.Service(c.Service), Count: len(c.Due)}
		for _, p := range c.Partners {
			cand.Partners = append(cand.Partners, s.Org(p))
		}
		out = append(out, cand)
	}
	return out
}
