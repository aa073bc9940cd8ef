package site

import (
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/tscip/tscip/generator/chart"
	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
	"github.com/tscip/tscip/generator/savings"
)

// SavingsPage is the business case.
type SavingsPage struct {
	Model     *savings.Model
	Scenarios []ScenarioView
	Shared    config.SharedCost
	// Examples are the default shared contract cost for each scenario's
	// number of partners (the seed's £41,000 for 15 and £27,289 for 5).
	Examples []CostExample
	// Overrides are the services whose shared contract cost is set apart
	// from the default, with their costs for the same partner counts.
	Overrides     []CostOverride
	HorizonMonths int
	HorizonYears  string // "5.5"
	Start         date.Date
	HorizonEnd    date.Date // the last day of the horizon
	DiscountRate  string    // "3.5%"
	TotalHours    string
	Stages        []StageRow
	StageTotal    money.Pence // the stages summed as rounded, which may differ by pennies
	StageChart    chart.Figure
	CompareChart  chart.Figure // current against shared cost, by scenario
}

// ScenarioView is one scenario with what its part of the page needs.
type ScenarioView struct {
	savings.Scenario
	ROI          string // "58.0%" or "not defined"
	PartnerNames []string
	Chart        chart.Figure // cumulative savings against programme cost
	TotalNet     money.Pence
	Payback      string // "Year 4 (1 October 2013 to 30 September 2014)" or why not
}

// StageRow is one commissioning stage's hours and staff resource cost.
type StageRow struct {
	Name  string
	Hours string // "1,234.5"
	Cost  money.Pence
}

// CostExample is the cost of one shared contract for n partners.
type CostExample struct {
	Partners int
	Cost     money.Pence
}

// CostOverride is one service's own shared-cost settings.
type CostOverride struct {
	Service    string
	Name       string
	Fixed      money.Pence
	PerPartner money.Pence
	Examples   []CostExample
}

func buildSavings(s *Site) {
	cfg := s.Config
	d := &SavingsPage{Model: s.Model, Shared: cfg.SharedCost,
		HorizonMonths: cfg.HorizonMonths, HorizonYears: years(cfg.HorizonMonths),
		Start: cfg.Start, DiscountRate: ratPercent(cfg)}
	if !cfg.Start.IsZero() {
		d.HorizonEnd = cfg.Start.AddMonths(cfg.HorizonMonths).AddDays(-1)
	}
	var counts []int
	seen := map[int]bool{}
	for _, sc := range s.Model.Scenarios {
		if !seen[sc.Partners] && sc.Partners > 0 {
			seen[sc.Partners] = true
			counts = append(counts, sc.Partners)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(counts)))
	for _, n := range counts {
		d.Examples = append(d.Examples, CostExample{Partners: n, Cost: savings.SharedContractCost(cfg, "", n)})
	}
	ids := make([]string, 0, len(cfg.SharedCost.Services))
	for id := range cfg.SharedCost.Services {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		m := cfg.SharedCost.Services[id]
		o := CostOverride{Service: id, Name: s.ServiceName(id), Fixed: m.Fixed, PerPartner: m.PerPartner}
		for _, n := range counts {
			o.Examples = append(o.Examples, CostExample{Partners: n, Cost: savings.SharedContractCost(cfg, id, n)})
		}
		d.Overrides = append(d.Overrides, o)
	}

	var h money.Hours
	stages := chart.Series{Name: "Staff resource cost"}
	var labels []string
	for _, st := range s.Model.ByStage {
		h += st.Hours
		d.Stages = append(d.Stages, StageRow{Name: st.Name, Hours: groupHours(st.Hours), Cost: st.ResourceCost})
		d.StageTotal += st.ResourceCost
		labels = append(labels, st.Name)
		stages.Values = append(stages.Values, int64(st.ResourceCost))
	}
	d.TotalHours = groupHours(h)
	d.StageChart = chart.Bars{ID: "chart-stages", Title: "Staff resource cost by commissioning stage",
		Labels: labels, Series: []chart.Series{stages}, Format: poundsText}.Draw()

	current := chart.Series{Name: "Cost now", Colour: "#505a5f"}
	shared := chart.Series{Name: "Cost commissioning together", Colour: "#1d70b8"}
	labels = nil
	for _, sc := range s.Model.Scenarios {
		v := ScenarioView{Scenario: sc, ROI: "not defined"}
		if sc.ROIPercent != nil {
			v.ROI = sc.ROIPercent.String() + "%"
		}
		for _, id := range sc.PartnerIDs {
			v.PartnerNames = append(v.PartnerNames, s.OrgName(id))
		}
		// Totals come from the exact figures, like the ROI, so the rounded
		// rows may differ from them by a few pence.
		v.TotalNet = sc.SavingsInHorizon - sc.ProgrammeCost
		v.Payback = "Not within the " + d.HorizonYears + " years"
		for _, y := range sc.Years {
			if y.N == sc.PaybackYear {
				v.Payback = "Year " + itoa(y.N) + " (" + y.From.String() + " to " + y.To.String() + ")"
			}
		}
		v.Chart = cumulativeChart(sc)
		d.Scenarios = append(d.Scenarios, v)
		labels = append(labels, sc.Name)
		current.Values = append(current.Values, int64(sc.CurrentCost))
		shared.Values = append(shared.Values, int64(sc.SharedCost))
	}
	d.CompareChart = chart.Bars{ID: "chart-scenarios", Title: "Staff resource cost now and commissioning together, by scenario",
		Labels: labels, Series: []chart.Series{current, shared}, Format: poundsText}.Draw()

	s.add(&Page{Path: "/savings/", Layout: "savings", Title: "The savings case",
		Summary: "What managing today's arrangements costs in officers' time, what commissioning together would cost, and the return on the programme's investment.", Data: d})
}

// cumulativeChart draws a scenario's savings and programme costs, each
// added up year by year from the programme's start.
func cumulativeChart(sc savings.Scenario) chart.Figure {
	xs := []string{"Start"}
	save := chart.Series{Name: "Savings so far", Values: []int64{0}, Colour: "#00703c"}
	cost := chart.Series{Name: "Programme cost so far", Values: []int64{0}, Colour: "#b1560f"}
	var cs, cc int64
	for _, y := range sc.Years {
		cs += int64(y.Savings)
		cc += int64(y.Cost)
		xs = append(xs, itoa(y.N))
		save.Values = append(save.Values, cs)
		cost.Values = append(cost.Values, cc)
	}
	var desc strings.Builder
	desc.WriteString("Savings and programme costs added up to the end of each programme year. ")
	for i := 1; i < len(xs); i++ {
		desc.WriteString("Year " + xs[i] + ": savings " + poundsText(save.Values[i]) + ", programme cost " + poundsText(cost.Values[i]) + ". ")
	}
	if sc.PaybackYear > 0 {
		desc.WriteString("Savings overtake the programme's costs in year " + itoa(sc.PaybackYear) + ".")
	} else {
		desc.WriteString("Savings do not overtake the programme's costs within the horizon.")
	}
	return chart.Lines{ID: "chart-cumulative-" + sc.ID, Title: "Cumulative savings against programme cost: " + sc.Name,
		Desc: strings.TrimSpace(desc.String()), XLabels: xs, XTitle: "End of programme year",
		Series: []chart.Series{save, cost}, Format: poundsText}.Draw()
}

// poundsText formats pence as whole pounds, rounded half up, for charts.
func poundsText(v int64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	p := money.Pence((v + 50) / 100 * 100)
	if neg && p != 0 {
		p = -p
	}
	return p.String()
}

// groupHours writes hours with thousands separated: 14,523.5.
func groupHours(h money.Hours) string {
	s := h.String()
	whole, frac, has := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if has {
		b.WriteString("." + frac)
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

// years writes a number of months as years: 66 is "5.5".
func years(months int) string {
	return money.Hours(months * 100 / 12).String()
}

// ratPercent writes the discount rate as a percentage: 0.035 is "3.5%".
func ratPercent(c *config.Site) string {
	if c.DiscountRate == nil {
		return "0%"
	}
	s := new(big.Rat).Mul(c.DiscountRate, big.NewRat(100, 1)).FloatString(3)
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	return s + "%"
}
