package savings

import (
	"math/big"
	"testing"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
)

func d(s string) date.Date {
	v, err := date.Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

func hours(total money.Hours) [7]money.Hours { return [7]money.Hours{5: total} }

func TestLifeMonths(t *testing.T) {
	cases := []struct {
		start, end string
		want       int
	}{
		{"2010-04-01", "2013-03-31", 36},
		{"2010-04-01", "2011-09-30", 18}, // eighteen months
		{"2010-04-01", "2011-04-14", 12}, // 12 months and 14 days: the part month does not count
		{"2010-04-01", "2011-04-15", 13}, // 12 months and 15 days: it does
		{"2010-04-10", "2011-10-24", 19}, // part months at both ends: 18 months and 15 days
		{"2010-04-01", "2010-09-30", 12}, // six months count as the minimum of 12
		{"2010-04-01", "", 12},           // rolling
		{"2011-01-31", "2011-02-27", 12},
	}
	for _, c := range cases {
		var end date.Date
		if c.end != "" {
			end = d(c.end)
		}
		if got := LifeMonths(d(c.start), end); got != c.want {
			t.Errorf("LifeMonths(%s, %s) = %d; want %d", c.start, c.end, got, c.want)
		}
	}
}

func TestResourceCost(t *testing.T) {
	cases := []struct {
		name       string
		hours      money.Hours
		rate       money.Pence
		start, end string
		want       money.Pence
	}{
		// 1 hour at 1p over 24 months: 1 × 1 × 36 ÷ 24 = 1.5p, half up to 2p.
		{"half a penny rounds up", 100, 1, "2010-04-01", "2012-03-31", 2},
		// 0.01 hours at 50p over 36 months = 0.5p, half up to 1p.
		{"half a penny rounds up from below one", 1, 50, "2010-04-01", "2013-03-31", 1},
		// 1 hour at 1p over 36 months is exactly 1p; 0.49p rounds down.
		{"just under half rounds down", 49, 1, "2010-04-01", "2013-03-31", 0},
		// 100 hours × £30 × 36 ÷ 18 = £6,000.
		{"eighteen months", 10000, 3000, "2010-04-01", "2011-09-30", 600000},
		// Rolling grant counts 12 months: 10 × £20 × 36 ÷ 12 = £600.
		{"rolling grant", 1000, 2000, "2010-04-01", "", 60000},
		// 13 months: 13 × £10 × 36 ÷ 13 = £360 exactly.
		{"part month of 15 days", 1300, 1000, "2010-04-01", "2011-04-15", 36000},
		// 12 months (14 days dropped): 12 × £10 × 3 = £360.
		{"part month of 14 days", 1200, 1000, "2010-04-01", "2011-04-14", 36000},
		// 7 hours at £23.33 over 19 months: 7 × 2333 × 36 ÷ 19 = 30942.95p → £309.43.
		{"rounded once", 700, 2333, "2010-04-10", "2011-10-24", 30943},
	}
	for _, c := range cases {
		a := &dataset.Arrangement{Start: d(c.start), Hours: hours(c.hours)}
		if c.end != "" {
			a.End = d(c.end)
		}
		if got := ResourceCost(a, c.rate); got != c.want {
			t.Errorf("%s: cost = %d pence; want %d", c.name, got, c.want)
		}
	}
}

// site builds a small set: partners p1..p3 (rate £10), providers, two
// services; arrangements as given.
func site(arr ...dataset.Arrangement) *dataset.Set {
	s := &dataset.Set{
		Organisations: []dataset.Organisation{
			{ID: "p1", Name: "P1", Role: "partner", Kind: "district-council", HourlyRate: 1000},
			{ID: "p2", Name: "P2", Role: "partner", Kind: "nhs", HourlyRate: 1000},
			{ID: "p3", Name: "P3", Role: "partner", Kind: "police", HourlyRate: 1000},
			{ID: "cab", Name: "CAB", Role: "provider", Kind: "citizens-advice", Group: "CABx"},
		},
		Services:     []dataset.Service{{ID: "debt", Name: "Debt"}, {ID: "advocacy", Name: "Advocacy"}},
		Arrangements: arr,
	}
	s.Index()
	return s
}

// arr is a 36-month arrangement costing hours × £10.
func arr(id, partner, service string, h money.Hours) dataset.Arrangement {
	return dataset.Arrangement{ID: id, Partner: partner, Provider: "cab", Service: service, Type: "grant",
		AnnualValue: 100000, Start: d("2010-04-01"), End: d("2013-03-31"), Route: "rolled-over", Hours: hours(h)}
}

func cfg(scenarios ...config.Scenario) *config.Site {
	return &config.Site{
		AsAt: d("2011-09-08"), Start: d("2010-10-01"), HorizonMonths: 66, DiscountRate: big.NewRat(35, 1000),
		SharedCost: config.SharedCost{Fixed: 100000, PerPartner: 10000}, Scenarios: scenarios,
	}
}

func TestSharedContractCost(t *testing.T) {
	c := &config.Site{SharedCost: config.SharedCost{Fixed: 2043350, PerPartner: 137110,
		Services: map[string]config.CostModel{"advocacy": {Fixed: 500000, PerPartner: 33333}}}}
	if got := SharedContractCost(c, "debt", 15); got != 4100000 {
		t.Errorf("15 partners: %v; want £41,000", got)
	}
	if got := SharedContractCost(c, "debt", 5); got != 2728900 {
		t.Errorf("5 partners: %v; want £27,289", got)
	}
	if got := SharedContractCost(c, "advocacy", 3); got != 599999 {
		t.Errorf("override: %v; want £5,999.99", got)
	}
}

func TestScenarios(t *testing.T) {
	set := site(
		arr("a", "p1", "debt", 30000),    // £3,000
		arr("b", "p2", "debt", 20000),    // £2,000
		arr("c", "p1", "advocacy", 5000), // £500, single funder
		arr("e", "p3", "debt", 100),      // £10
	)
	c := cfg(
		config.Scenario{ID: "all", Partners: nil, ContractStart: d("2011-10-01"), ProgrammeCosts: []money.Pence{100000}},
		config.Scenario{ID: "two", Partners: []string{"p1", "p2"}, ContractStart: d("2011-10-01")},
		config.Scenario{ID: "nobody", Partners: []string{"p3-none"}, ProgrammeCosts: []money.Pence{5000}},
	)
	m := Compute(set, c)
	all := m.Scenarios[0]
	// Debt: three partners, contract £1,000 + £100 × 3 = £1,300 < £5,010.
	// Advocacy: one funder, so it stays as it is.
	if all.CurrentCost != 551000 || all.SharedCost != 130000+50000 || all.Saving != 551000-180000 {
		t.Errorf("all: current %v shared %v saving %v", all.CurrentCost, all.SharedCost, all.Saving)
	}
	if len(all.Contracts) != 1 || all.Contracts[0].Service != "debt" || all.Contracts[0].Cost != 130000 {
		t.Errorf("all: contracts %+v", all.Contracts)
	}
	if len(all.Unchanged) != 1 || all.Unchanged[0].Service != "advocacy" || all.Unchanged[0].Reason == "" {
		t.Errorf("all: unchanged %+v", all.Unchanged)
	}
	// "two": debt £5,000 against a contract of £1,200.
	if two := m.Scenarios[1]; two.Partners != 2 || two.Arrangements != 3 || two.Saving != 500000-120000 {
		t.Errorf("two: %+v", two)
	}
	// A scenario whose partners have no arrangements: nothing moves, and
	// programme costs with no savings give -100%.
	none := m.Scenarios[2]
	if none.Arrangements != 0 || none.CurrentCost != 0 || len(none.Contracts) != 0 || none.ROIPercent == nil || none.ROIPercent.Tenths != -1000 {
		t.Errorf("nobody: %+v", none)
	}
	// Zero programme cost: ROI is not defined, not a division by zero.
	if m.Scenarios[1].ROIPercent != nil {
		t.Errorf("two: ROI defined with no programme cost")
	}
}

func TestSharedContractCostingMore(t *testing.T) {
	set := site(arr("a", "p1", "debt", 1000), arr("b", "p2", "debt", 1000)) // £100 + £100
	m := Compute(set, cfg(config.Scenario{ID: "s", Partners: nil}))
	sc := m.Scenarios[0]
	if len(sc.Contracts) != 0 || sc.Saving != 0 || sc.SharedCost != sc.CurrentCost {
		t.Errorf("a contract dearer than today was taken: %+v", sc)
	}
	if len(sc.Unchanged) != 1 {
		t.Errorf("unchanged = %+v", sc.Unchanged)
	}
}

func TestReturnOnInvestment(t *testing.T) {
	// Debt: £3,000 + £2,000 today, contract £1,200: saving £3,800 over
	// three years, £1,266.67 a year (exactly £105.5555… a month).
	set := site(arr("a", "p1", "debt", 30000), arr("b", "p2", "debt", 20000))
	c := cfg(config.Scenario{ID: "s", Partners: []string{"p1", "p2"}, ContractStart: d("2011-04-01"),
		ProgrammeCosts: []money.Pence{100000, 50000}})
	c.HorizonMonths = 18 // ends half way through year 2
	sc := Compute(set, c).Scenarios[0]
	if len(sc.Years) != 2 || sc.Years[1].Months != 6 || sc.Years[1].To != d("2012-03-31") {
		t.Fatalf("years = %+v", sc.Years)
	}
	// Year 1 (Oct 2010–Sep 2011): savings from April, 6 months = £633.33.
	// Year 2 (Oct 2011–Mar 2012): 6 months = £633.33. In all 12 months,
	// exactly £1,266.67 (rounded once from £1,266.666…).
	if sc.Years[0].Savings != 63333 || sc.Years[1].Savings != 63333 || sc.SavingsInHorizon != 126667 {
		t.Errorf("savings %v %v total %v", sc.Years[0].Savings, sc.Years[1].Savings, sc.SavingsInHorizon)
	}
	// ROI = (1266.666… − 1500) ÷ 1500 = −15.555…% → −15.6.
	if sc.ROIPercent == nil || sc.ROIPercent.String() != "-15.6" {
		t.Errorf("ROI = %v; want -15.6", sc.ROIPercent)
	}
	if sc.PaybackYear != 0 {
		t.Errorf("payback year %d; want none", sc.PaybackYear)
	}
	// Cumulative net after year 2: 1266.67 − 1500 = −233.33.
	if sc.Years[1].Cumulative != -23333 {
		t.Errorf("cumulative = %v", sc.Years[1].Cumulative)
	}
	// NPV: year 1 net 633.333… − 1000, year 2 net 633.333… − 500:
	// −366.666… + 133.333… ÷ 1.035 = −237.84.
	if sc.NPV != -23784 {
		t.Errorf("NPV = %v; want −£237.84", sc.NPV)
	}
}

func TestPaybackAndDiscount(t *testing.T) {
	// Saving £3,600 over three years = £1,200 a year from the start.
	set := site(arr("a", "p1", "debt", 30000), arr("b", "p2", "debt", 18000))
	c := cfg(config.Scenario{ID: "s", Partners: nil, ContractStart: d("2010-10-01"), ProgrammeCosts: []money.Pence{200000}})
	c.HorizonMonths = 24
	sc := Compute(set, c).Scenarios[0]
	// Contract £1,200 for two partners; current £4,800: £1,200 a year.
	// Year 1 net −800, year 2 net +1,200: payback in year 2.
	if sc.PaybackYear != 2 || sc.Years[0].Net != -80000 || sc.Years[1].Cumulative != 40000 {
		t.Errorf("payback %d, years %+v", sc.PaybackYear, sc.Years)
	}
	// NPV = −800 + 1200 ÷ 1.035 = 359.42.
	if sc.NPV != 35942 {
		t.Errorf("NPV = %v; want £359.42", sc.NPV)
	}
	// ROI = (2400 − 2000) ÷ 2000 = 20.0%.
	if sc.ROIPercent.String() != "20.0" {
		t.Errorf("ROI = %v", sc.ROIPercent)
	}
}

func TestPipeline(t *testing.T) {
	due := arr("due", "p1", "debt", 0)
	due.End = d("2012-03-31")
	due2 := arr("due2", "p2", "debt", 0)
	due2.End = dateZero()
	due2.Route = "open-tender"
	later := arr("later", "p3", "debt", 0)
	later.End = d("2013-03-31")
	later.AnnualValue = 500000
	ended := arr("ended", "p3", "advocacy", 0)
	ended.End = d("2011-03-31")
	set := site(due, due2, later, ended)
	c := cfg()
	c.Threshold = 100000
	m := Compute(set, c)
	p := m.Pipeline
	if len(p.Due) != 2 || len(p.Candidates) != 1 || p.Candidates[0].Service != "debt" || len(p.Candidates[0].Partners) != 2 {
		t.Errorf("pipeline due %v candidates %+v", p.Due, p.Candidates)
	}
	if len(p.NeverOpen) != 3 || len(p.AboveThreshold) != 1 {
		t.Errorf("never open %v above threshold %v", p.NeverOpen, p.AboveThreshold)
	}
	// Three-year terms: only "later" (36 months) of 4; "ended" ran 12.
	if p.LongTerm != 1 || p.LongTermPercent().String() != "25.0" {
		t.Errorf("long term %d (%v)", p.LongTerm, p.LongTermPercent())
	}
}

func dateZero() date.Date { return date.Date{} }

func TestByStageRoundsOnce(t *testing.T) {
	// Each arrangement's one stage costs 0.5p; two of them make 1p for the
	// stage (exact sum, rounded once), while the total rounds each to 1p.
	a := dataset.Arrangement{ID: "a", Partner: "p1", Provider: "cab", Service: "debt", Start: d("2010-04-01"), End: d("2013-03-31")}
	a.Hours[0] = 5 // 0.05 hours
	b := a
	b.ID = "b"
	set := site(a, b)
	set.Organisations[0].HourlyRate = 10 // 10p an hour: 0.05 × 10p = 0.5p
	set.Index()
	m := Compute(set, cfg())
	if m.Total.ResourceCost != 2 || m.ByStage[0].ResourceCost != 1 {
		t.Errorf("total %v (want 2p), stage %v (want 1p)", m.Total.ResourceCost, m.ByStage[0].ResourceCost)
	}
}

// TestHoursCostIsResourceCostOfThoseHours: a stage's cost worked from its
// hours and the life in months is what ResourceCost gives for the same
// arrangement holding that stage's hours alone, however it rounds.
func TestHoursCostIsResourceCostOfThoseHours(t *testing.T) {
	lives := [][2]string{{"2010-04-01", "2012-03-31"}, {"2010-04-01", ""}, {"2010-04-01", "2011-04-15"},
		{"2009-01-31", "2009-02-27"}, {"2001-06-15", "2019-12-14"}}
	for _, life := range lives {
		for _, rate := range []money.Pence{0, 1, 2333, 4999, 1 << 40} {
			for k, h := range []money.Hours{0, 1, 49, 100, 12345, 99999999, 1 << 50} {
				a := dataset.Arrangement{Start: d(life[0])}
				if life[1] != "" {
					a.End = d(life[1])
				}
				a.Hours[k%7] = h
				got := HoursCost(h, rate, LifeMonths(a.Start, a.End))
				if want := ResourceCost(&a, rate); got != want {
					t.Errorf("%v hours at %v over %v: HoursCost %v, ResourceCost %v", h, rate, life, got, want)
				}
			}
		}
	}
}
