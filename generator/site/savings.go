package site

import (
	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/money"
	"github.com/tscip/tscip/generator/savings"
)

// SavingsPage is the business case.
type SavingsPage struct {
	Model         *savings.Model
	Scenarios     []savings.Scenario
	Shared        config.SharedCost
	Examples      []CostExample // the shared cost for each scenario's partner count
	HorizonMonths int
	HorizonYears  string // "5.5"
	Start         string
	DiscountRate  string // "3.5%"
	TotalHours    string
}

// CostExample is the cost of one shared contract for n partners.
type CostExample struct {
	Partners int
	Cost     money.Pence
}

func buildSavings(s *Site) {
	d := &SavingsPage{Model: s.Model, Scenarios: s.Model.Scenarios, Shared: s.Config.SharedCost,
		HorizonMonths: s.Config.HorizonMonths, HorizonYears: years(s.Config.HorizonMonths),
		Start: s.Config.Start.String(), DiscountRate: ratPercent(s.Config)}
	seen := map[int]bool{}
	for _, sc := range s.Model.Scenarios {
		for _, c := range sc.Contracts {
			if !seen[c.Partners] {
				seen[c.Partners] = true
				d.Examples = append(d.Examples, CostExample{Partners: c.Partners, Cost: c.Cost})
			}
		}
	}
	var h money.Hours
	for _, st := range s.Model.ByStage {
		h += st.Hours
	}
	d.TotalHours = h.String()
	s.add(&Page{Path: "/savings/", Layout: "savings", Title: "The savings case",
		Summary: "Staff resource cost today, the cost of commissioning together, and the return on investment.", Data: d})
}

func years(months int) string {
	h := money.Hours(months * 100 / 12)
	return h.String()
}

func ratPercent(c *config.Site) string {
	r := c.DiscountRate
	if r == nil {
		return "0%"
	}
	return trimZeros(ratHelper{}.percent(r)) + "%"
}
