package site

import (
	"github.com/tscip/tscip/generator/chart"
	"github.com/tscip/tscip/generator/money"
	"github.com/tscip/tscip/generator/savings"
)

// HomePage is the front page.
type HomePage struct {
	Arrangements int
	Partners     int
	Providers    int
	AnnualValue  money.Pence
	ResourceCost money.Pence
	Scenarios    []ScenarioHeadline
	Open         []*OpportunityView
	Pipeline     []*OpportunityView
	Pending      []DecisionView
	// PendingBySubject groups the pending decisions by subject.
	PendingBySubject []PendingGroup
	Recent           []Change
	Sections         []*Page
	// ByProviderGroup is the annual investment in each provider group, and
	// GroupChart the same figures drawn.
	ByProviderGroup []savings.Totals
	GroupChart      chart.Figure
}

// PendingGroup is the partners whose decision on one subject is pending.
type PendingGroup struct {
	Subject  Link
	Partners []Link
}

// ScenarioHeadline is one scenario's saving and return.
type ScenarioHeadline struct {
	Name   string
	Saving money.Pence
	ROI    string // "58.0%" or "not defined"
}

// Change is something that happened in the 30 days up to the as-at date.
type Change struct {
	Date  string
	ISO   string
	Title string
	URL   string
	What  string
}

func buildHome(s *Site) {
	d := &HomePage{Arrangements: s.Model.Total.Count, AnnualValue: s.Model.Total.AnnualValue, ResourceCost: s.Model.Total.ResourceCost,
		ByProviderGroup: s.Model.ByProviderGroup}
	d.GroupChart = InvestmentChart("chart-home-groups", "Annual investment by provider group", s.Model.ByProviderGroup)
	for _, o := range s.Data.Organisations {
		if o.IsPartner() {
			d.Partners++
		} else {
			d.Providers++
		}
	}
	for _, sc := range s.Model.Scenarios {
		h := ScenarioHeadline{Name: sc.Name, Saving: sc.Saving, ROI: "not defined"}
		if sc.ROIPercent != nil {
			h.ROI = sc.ROIPercent.String() + "%"
		}
		d.Scenarios = append(d.Scenarios, h)
	}
	for _, v := range s.Opportunities() {
		switch v.O.Status {
		case "open":
			d.Open = append(d.Open, v)
		case "pipeline":
			d.Pipeline = append(d.Pipeline, v)
		}
	}
	current := s.Data.CurrentDecisions()
	for _, p := range s.Data.Partners() {
		for _, subj := range s.subjects() {
			if dec := current[[2]string{p.ID, subj}]; dec != nil && dec.Decision == "pending" {
				d.Pending = append(d.Pending, s.decisionView(dec))
			}
		}
	}
	for _, subj := range s.subjects() {
		g := PendingGroup{Subject: Link{Title: s.ServiceName(subj), URL: s.subjectURL(subj)}}
		for _, v := range d.Pending {
			if v.D.Subject == subj {
				g.Partners = append(g.Partners, Link{Title: s.OrgName(v.D.Partner), URL: OrgURL(v.D.Partner)})
			}
		}
		if len(g.Partners) > 0 {
			d.PendingBySubject = append(d.PendingBySubject, g)
		}
	}
	from := s.AsAt.AddDays(-30)
	for _, v := range s.Opportunities() {
		if p := v.O.Published; !p.IsZero() && !p.Before(from) && !p.After(s.AsAt) {
			d.Recent = append(d.Recent, Change{Date: p.String(), ISO: p.ISO(), Title: v.O.Title, URL: v.URL, What: "Opportunity published"})
		}
	}
	for i := range s.Data.Decisions {
		dec := &s.Data.Decisions[i]
		if dec.Decision != "pending" && !dec.Date.Before(from) && !dec.Date.After(s.AsAt) {
			v := s.decisionView(dec)
			d.Recent = append(d.Recent, Change{Date: dec.Date.String(), ISO: dec.Date.ISO(),
				Title: v.Partner.Name + ": " + v.Word + " (" + v.SubjectName + ")", URL: OrgURL(dec.Partner), What: "Decision recorded"})
		}
	}
	sortChanges(d.Recent)
	s.add(&Page{Path: "/", Layout: "home", Title: s.Config.Title, Summary: s.Config.Description, Data: d})
}

func sortChanges(c []Change) {
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j].ISO > c[j-1].ISO; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
}

// InvestmentChart draws the annual value of each line of a summary, such as
// the totals by provider group or by partner.
func InvestmentChart(id, title string, rows []savings.Totals) chart.Figure {
	sr := chart.Series{Name: "Annual value", Colour: "#1d70b8"}
	var labels []string
	for _, r := range rows {
		labels = append(labels, r.Name)
		sr.Values = append(sr.Values, int64(r.AnnualValue))
	}
	return chart.Bars{ID: id, Title: title, Labels: labels, Series: []chart.Series{sr}, Format: poundsText}.Draw()
}
