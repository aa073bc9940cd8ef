package savings

import (
	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
)

// Pipeline is the re-commissioning pipeline: what falls due soon, what was
// never openly procured, and what the framework covers.
type Pipeline struct {
	AsAt  date.Date
	Until date.Date // as-at date plus twelve months
	// Due holds indexes of arrangements that end within twelve months of
	// the as-at date or roll on.
	Due       []int
	ByService []DueService
	// Candidates are services where two or more partners have arrangements
	// falling due: candidates for joint commissioning.
	Candidates []DueService
	// NeverOpen holds arrangements rolled over, inherited or directly awarded.
	NeverOpen []int
	// AboveThreshold holds arrangements whose annual value is above the
	// framework threshold.
	AboveThreshold []int
	// LongTerm counts arrangements on terms of three years or more.
	LongTerm int
	Count    int
}

// DueService is one service's arrangements falling due.
type DueService struct {
	Service  string
	Name     string
	Partners []string // partner ids, in order of first arrangement
	Due      []int
}

// Due reports whether an arrangement ends within twelve months of asAt (on
// or after it) or rolls on.
func Due(a *dataset.Arrangement, asAt date.Date) bool {
	if a.Rolling() {
		return true
	}
	until := asAt.AddMonths(12)
	return !a.End.Before(asAt) && !a.End.After(until)
}

func computePipeline(set *dataset.Set, cfg *config.Site, m *Model) Pipeline {
	p := Pipeline{AsAt: cfg.AsAt, Until: cfg.AsAt.AddMonths(12), Count: len(set.Arrangements)}
	by := map[string]*DueService{}
	for i := range set.Arrangements {
		a := &set.Arrangements[i]
		if Due(a, cfg.AsAt) {
			p.Due = append(p.Due, i)
			s := by[a.Service]
			if s == nil {
				s = &DueService{Service: a.Service}
				by[a.Service] = s
			}
			s.Due = append(s.Due, i)
			found := false
			for _, q := range s.Partners {
				found = found || q == a.Partner
			}
			if !found {
				s.Partners = append(s.Partners, a.Partner)
			}
		}
		if !a.OpenlyProcured() {
			p.NeverOpen = append(p.NeverOpen, i)
		}
		if a.AnnualValue > cfg.Threshold {
			p.AboveThreshold = append(p.AboveThreshold, i)
		}
		if !a.Rolling() && m.Months[i] >= 36 {
			p.LongTerm++
		}
	}
	for _, svc := range set.Services {
		if s := by[svc.ID]; s != nil {
			s.Name = svc.Name
			p.ByService = append(p.ByService, *s)
			if len(s.Partners) >= 2 {
				p.Candidates = append(p.Candidates, *s)
			}
		}
	}
	return p
}

// LongTermPercent is the share of arrangements on terms of three years or
// more, in tenths of a percent (rounded half up); zero arrangements give 0.
func (p Pipeline) LongTermPercent() Percent {
	if p.Count == 0 {
		return Percent{}
	}
	return Percent{Tenths: (int64(p.LongTerm)*2000 + int64(p.Count)) / (2 * int64(p.Count))}
}
