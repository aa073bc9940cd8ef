// Package savings holds the business case's arithmetic: staff resource cost,
// the shared-commissioning scenarios, their savings and the return on
// investment, as DATA.md defines them. It is pure: no files, no HTML.
//
// Money stays exact (integer pence, or exact fractions of pence) until the
// one rounding each rule names, which is half up to the penny.
package savings

import (
	"math/big"

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
	return money.Round(exactCost(a.TotalHours(), rate, LifeMonths(a.Start, a.End)))
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
	stage := make([]*big.Rat, len(dataset.Stages))
	for k := range stage {
		stage[k] = new(big.Rat)
	}
	stageHours := make([]money.Hours, len(dataset.Stages))
	for i := range set.Arrangements {
		a := &set.Arrangements[i]
		rate := rateOf(set, a.Partner)
		m.Months[i] = LifeMonths(a.Start, a.End)
		m.Costs[i] = money.Round(exactCost(a.TotalHours(), rate, m.Months[i]))
		for k, h := range a.Hours {
			stage[k].Add(stage[k], exactCost(h, rate, m.Months[i]))
			stageHours[k] += h
		}
	}
	for k, st := range dataset.Stages {
		m.ByStage = append(m.ByStage, StageCost{ID: st.ID, Name: st.Name, Hours: stageHours[k], ResourceCost: money.Round(stage[k])})
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
	for _, g := range groups {
		m.ByProviderGroup = append(m.ByProviderGroup, m.sumWhere(set, dataset.Slugify(g), g, "", func(a *dataset.Arrangement) bool {
			p := set.Organisation(a.Provider)
			return p != nil && p.Group == g
		}))
	}
	for _, p := range set.Partners() {
		id := p.ID
		m.ByPartner = append(m.ByPartner, m.sumWhere(set, id, p.Name, p.Kind, func(a *dataset.Arrangement) bool { return a.Partner == id }))
	}
	for _, s := range set.Services {
		id := s.ID
		m.ByService = append(m.ByService, m.sumWhere(set, id, s.Name, "", func(a *dataset.Arrangement) bool { return a.Service == id }))
	}
	for _, t := range []struct{ id, name string }{{"contract", "Contract"}, {"sla", "Service level agreement"}, {"grant", "Grant"}} {
		id := t.id
		tot := m.sumWhere(set, id, t.name, "", func(a *dataset.Arrangement) bool { return a.Type == id })
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

func (m *Model) sumWhere(set *dataset.Set, id, name, kind string, keep func(*dataset.Arrangement) bool) Totals {
	var idx []int
	for i := range set.Arrangements {
		if keep(&set.Arrangements[i]) {
			idx = append(idx, i)
		}
	}
	return m.sum(set, idx, id, name, kind)
}
