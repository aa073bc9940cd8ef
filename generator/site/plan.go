package site

import (
	"strconv"

	"github.com/tscip/tscip/generator/chart"
	"github.com/tscip/tscip/generator/dataset"
)

// PlanPage is the process plan and the risk register.
type PlanPage struct {
	Phases []Phase
	// Risks are in register order, each with its reference number.
	Risks []RiskRow
	// Grid[i][j] holds the open risks of likelihood 5-i and impact j+1, so
	// the first row is the most likely.
	Grid      [5][5][]RiskRow
	GridRows  []GridRow // the same grid, ready for a table
	Open      int
	Closed    int
	GridChart chart.Figure
}

// RiskRow is one risk with its short reference (R1, R2, ...) and score.
type RiskRow struct {
	*dataset.Risk
	Ref        string
	Score      int
	StatusName string
}

// GridRow is one likelihood's row of the risk grid.
type GridRow struct {
	Likelihood int
	Cells      []GridCell
}

// GridCell is one cell of the risk grid, with its severity band (1 low to
// 4 very high) for shading.
type GridCell struct {
	Impact   int
	Severity int
	Risks    []RiskRow
}

// Phase is the milestones of one phase, in date order.
type Phase struct {
	Number     int
	Milestones []MilestoneView
	Done       int
}

// MilestoneView is one milestone with its status in words.
type MilestoneView struct {
	*dataset.Milestone
	StatusName string
}

var milestoneWords = map[string]string{"done": "Done", "in-progress": "In progress", "planned": "Planned"}
var riskWords = map[string]string{"open": "Open", "closed": "Closed"}

// severity bands a likelihood × impact score as the grid chart shades it.
func severity(score int) int {
	switch {
	case score <= 4:
		return 1
	case score <= 9:
		return 2
	case score <= 14:
		return 3
	}
	return 4
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
		d.Phases[pi].Milestones = append(d.Phases[pi].Milestones, MilestoneView{Milestone: m, StatusName: orCode(milestoneWords, m.Status)})
		if m.Status == "done" {
			d.Phases[pi].Done++
		}
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
	var labels [5][5][]string
	for i := range s.Data.Risks {
		r := &s.Data.Risks[i]
		row := RiskRow{Risk: r, Ref: "R" + strconv.Itoa(i+1), Score: r.Likelihood * r.Impact, StatusName: orCode(riskWords, r.Status)}
		d.Risks = append(d.Risks, row)
		if r.Status == "closed" {
			d.Closed++
			continue
		}
		d.Open++
		if r.Likelihood >= 1 && r.Likelihood <= 5 && r.Impact >= 1 && r.Impact <= 5 {
			d.Grid[5-r.Likelihood][r.Impact-1] = append(d.Grid[5-r.Likelihood][r.Impact-1], row)
			labels[5-r.Likelihood][r.Impact-1] = append(labels[5-r.Likelihood][r.Impact-1], row.Ref)
		}
	}
	for i := 0; i < 5; i++ {
		gr := GridRow{Likelihood: 5 - i}
		for j := 0; j < 5; j++ {
			gr.Cells = append(gr.Cells, GridCell{Impact: j + 1, Severity: severity((5 - i) * (j + 1)), Risks: d.Grid[i][j]})
		}
		d.GridRows = append(d.GridRows, gr)
	}
	d.GridChart = chart.RiskGrid{ID: "chart-risks", Title: "Open risks by likelihood and impact", Cells: labels}.Draw()
	s.add(&Page{Path: "/plan/", Layout: "plan", Title: "Process plan and risks",
		Summary: "The programme's phases and milestones, and its risk register.", Data: d})
}
