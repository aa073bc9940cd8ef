package site

import "github.com/tscip/tscip/generator/dataset"

// PlanPage is the process plan and the risk register.
type PlanPage struct {
	Phases []Phase
	Risks  []*dataset.Risk
	// Grid[i][j] holds the risks of likelihood 5-i and impact j+1, so the
	// first row is the most likely.
	Grid [5][5][]*dataset.Risk
}

// Phase is the milestones of one phase, in date order.
type Phase struct {
	Number     int
	Milestones []*dataset.Milestone
}

func buildPlan(s *Site) {
	d := &PlanPage{}
	idx := map[int]int{}
	for i := range s.Data.Milestones {
		m := &s.Data.Milestones[i]
		pi, ok := idx[m.Phase]
		if !ok {
			pi = len(d.Phases)
			idx[m.Phase] = pi
			d.Phases = append(d.Phases, Phase{Number: m.Phase})
		}
		d.Phases[pi].Milestones = append(d.Phases[pi].Milestones, m)
	}
	for i := 1; i < len(d.Phases); i++ {
		for j := i; j > 0 && d.Phases[j].Number < d.Phases[j-1].Number; j-- {
			d.Phases[j], d.Phases[j-1] = d.Phases[j-1], d.Phases[j]
		}
	}
	for _, p := range d.Phases {
		ms := p.Milestones
		for i := 1; i < len(ms); i++ {
			for j := i; j > 0 && ms[j].Due.Before(ms[j-1].Due); j-- {
				ms[j], ms[j-1] = ms[j-1], ms[j]
			}
		}
	}
	for i := range s.Data.Risks {
		r := &s.Data.Risks[i]
		d.Risks = append(d.Risks, r)
		if r.Likelihood >= 1 && r.Likelihood <= 5 && r.Impact >= 1 && r.Impact <= 5 {
			d.Grid[5-r.Likelihood][r.Impact-1] = append(d.Grid[5-r.Likelihood][r.Impact-1], r)
		}
	}
	s.add(&Page{Path: "/plan/", Layout: "plan", Title: "Process plan and risks",
		Summary: "The programme's phases and milestones, and its risk register.", Data: d})
}
