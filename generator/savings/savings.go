// Package savings holds the business case's arithmetic: staff resource cost,
// the shared-commissioning scenarios, their savings and the return on
// investment, as DATA.md defines them. It is pure: no files, no HTML.
//
// Money stays exact (integer pence, or exact fractions of pence) until the
// one rounding each rule names, which is half up to the penny.
package savings

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
)

// ContractMonths is the contract length every cost is adjusted to.
const ContractMonths = 36

// LifeMonths is the life of an arrangement in months: whole calendar months
// from start up to the day after end, one more for a remainder of 15 days or
// more, at least 12; a rolling arrangement counts as 12.
func LifeMonths(start, end date.Date) int {
	if end.IsZero() || start.IsZero() {
		return 12
	}
	return max(date.TermMonths(start, end), 12)
}

// stageCost is the exact three-year cost of some hours at a rate, in pence.
func exactCost(hours money.Hours, rate money.Pence, months int) *big.Rat {
	r := new(big.Rat).Mul(hours.Rat(), rate.Rat())
	r.Mul(r, big.NewRat(ContractMonths, int64(months)))
	return r
}

// ResourceCost is the staff resource cost of an arrangement on a three-year
// basis: hours × hourly rate × 36 ÷ life in months, rounded once.
func ResourceCost(a *dataset.Arrangement, rate money.Pence) money.Pence {
	return cost(a.TotalHours(), rate, LifeMonths(a.Start, a.End))
}

// HoursCost is the staff resource cost of some of an arrangement's hours,
// on a three-year basis over a life of months (LifeMonths): what
// ResourceCost gives for an arrangement holding only those hours.
func HoursCost(hours money.Hours, rate money.Pence, months int) money.Pence {
	return cost(hours, rate, months)
}

// cost is hours × rate × 36 ÷ months, rounded half up to the penny. The
// exact value is the fraction n ÷ d with n = hundredths of hours × pence ×
// 36 and d = 100 × months; it is worked in integers where they cannot
// overflow, which is every realistic input, and in big.Rat otherwise.
func cost(hours money.Hours, rate money.Pence, months int) money.Pence {
	if n, ok := numerator(hours, rate); ok {
		d := uint64(100 * months)
		if n <= (math.MaxUint64-d)/2 {
			return money.Pence((2*n + d) / (2 * d))
		}
	}
	return money.Round(exactCost(hours, rate, months))
}

// numerator is hundredths of hours × pence × 36, when it fits in 62 bits.
func numerator(hours money.Hours, rate money.Pence) (uint64, bool) {
	if hours < 0 || rate < 0 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(hours), uint64(rate))
	if hi != 0 || lo > (1<<62)/ContractMonths {
		return 0, false
	}
	return lo * ContractMonths, true
}

// stageSum adds exact costs of one stage: numerators are summed in
// integers per life in months (their denominator), and only the few
// distinct lives are added as fractions at the end.
type stageSum struct {
	byMonths map[int]uint64
	rest     *big.Rat // terms too large for integers
}

func (s *stageSum) add(hours money.Hours, rate money.Pence, months int) {
	if n, ok := numerator(hours, rate); ok && s.byMonths[months] <= math.MaxUint64/2-n {
		if s.byMonths == nil {
			s.byMonths = map[int]uint64{}
		}
		s.byMonths[months] += n
		return
	}
	if s.rest == nil {
		s.rest = new(big.Rat)
	}
	s.rest.Add(s.rest, exactCost(hours, rate, months))
}

// total rounds the exact sum once.
func (s *stageSum) total() money.Pence {
	sum := new(big.Rat)
	if s.rest != nil {
		sum.Set(s.rest)
	}
	for months, n := range s.byMonths { // exact addition: order does not matter
		sum.Add(sum, new(big.Rat).SetFrac(new(big.Int).SetUint64(n), big.NewInt(int64(100*months))))
	}
	return money.Round(sum)
}

// Totals is one line of a summary: a group of arrangements and their sums.
type Totals struct {
	ID           string      `json:"id,omitempty"`
	Name         string      `json:"name,omitempty"`
	Kind         string      `json:"kind,omitempty"`
	Count        int         `json:"count"`
	AnnualValue  money.Pence `json:"annual_value"`
	ResourceCost money.Pence `json:"resource_cost"`
}

// StageCost is the resource cost of one commissioning stage.
type StageCost struct {
	ID           string      `json:"id,omitempty"`
	Name         string      `json:"name,omitempty"`
	Hours        money.Hours `json:"-"`
	ResourceCost money.Pence `json:"resource_cost"`
}

// Model is everything the business case computes from a site.
type Model struct {
	// Costs holds each arrangement's resource cost, parallel to
	// dataset.Set.Arrangements; Months its life in months.
	Costs  []money.Pence
	Months []int

	Total           Totals
	ByProviderGroup []Totals
	ByPartner       []Totals
	ByService       []Totals
	ByType          []Totals
	ByStage         []StageCost

	Scenarios []Scenario
	Pipeline  Pipeline
}

// Compute works out the whole model. It assumes the set has been validated.
func Compute(set *dataset.Set, cfg *config.Site) *Model {
	m := &Model{
		Costs:  make([]money.Pence, len(set.Arrangements)),
		Months: make([]int, len(set.Arrangements)),
	}
	stage := make([]stageSum, len(dataset.Stages))
	stageHours := make([]money.Hours, len(dataset.Stages))
	for i := range set.Arrangements {
		a := &set.Arrangements[i]
		rate := rateOf(set, a.Partner)
		m.Months[i] = LifeMonths(a.Start, a.End)
		m.Costs[i] = cost(a.TotalHours(), rate, m.Months[i])
		for k, h := range a.Hours {
			stage[k].add(h, rate, m.Months[i])
			stageHours[k] += h
		}
	}
	for k, st := range dataset.Stages {
		m.ByStage = append(m.ByStage, StageCost{ID: st.ID, Name: st.Name, Hours: stageHours[k], ResourceCost: stage[k].total()})
	}
	all := make([]int, len(set.Arrangements))
	for i := range all {
		all[i] = i
	}
	m.Total = m.sum(set, all, "all", "All arrangements", "")

	// Group in the order the groups first appear in their own files.
	var groups []string
	groupOf := map[string]string{}
	for _, o := range set.Organisations {
		if o.Role == dataset.RoleProvider {
			if _, ok := groupOf[o.Group]; !ok {
				groups = append(groups, o.Group)
			}
			groupOf[o.Group] = o.Group
		}
	}
	// Each breakdown takes the arrangements of each key in one pass over
	// them all, in their order: a pass per partner or group is quadratic
	// on a national site (0.77 s of 100,000 arrangements' build).
	byGroup := indexBy(set, func(a *dataset.Arrangement) (string, bool) {
		p := set.Organisation(a.Provider)
		if p == nil {
			return "", false
		}
		return p.Group, true
	})
	for _, g := range groups {
		m.ByProviderGroup = append(m.ByProviderGroup, m.sum(set, byGroup[g], dataset.Slugify(g), g, ""))
	}
	byPartner := indexBy(set, func(a *dataset.Arrangement) (string, bool) { return a.Partner, true })
	for _, p := range set.Partners() {
		m.ByPartner = append(m.ByPartner, m.sum(set, byPartner[p.ID], p.ID, p.Name, p.Kind))
	}
	byService := indexBy(set, func(a *dataset.Arrangement) (string, bool) { return a.Service, true })
	for _, s := range set.Services {
		m.ByService = append(m.ByService, m.sum(set, byService[s.ID], s.ID, s.Name, ""))
	}
	byType := indexBy(set, func(a *dataset.Arrangement) (string, bool) { return a.Type, true })
	for _, t := range []struct{ id, name string }{{"contract", "Contract"}, {"sla", "Service level agreement"}, {"grant", "Grant"}} {
		tot := m.sum(set, byType[t.id], t.id, t.name, "")
		if tot.Count > 0 {
			m.ByType = append(m.ByType, tot)
		}
	}
	for _, sc := range cfg.Scenarios {
		m.Scenarios = append(m.Scenarios, computeScenario(set, cfg, m, sc))
	}
	m.Pipeline = computePipeline(set, cfg, m)
	return m
}

func rateOf(set *dataset.Set, partner string) money.Pence {
	if p := set.Organisation(partner); p != nil {
		return p.HourlyRate
	}
	return 0
}

func (m *Model) sum(set *dataset.Set, idx []int, id, name, kind string) Totals {
	t := Totals{ID: id, Name: name, Kind: kind, Count: len(idx)}
	for _, i := range idx {
		t.AnnualValue += set.Arrangements[i].AnnualValue
		t.ResourceCost += m.Costs[i]
	}
	return t
}

// indexBy gives, for each key, the positions of the arrangements that have
// it, in order; key reports false for an arrangement it leaves out.
func indexBy(set *dataset.Set, key func(*dataset.Arrangement) (string, bool)) map[string][]int {
	out := map[string][]int{}
	for i := range set.Arrangements {
		if k, ok := key(&set.Arrangements[i]); ok {
			out[k] = append(out[k], i)
		}
	}
	return out
}
