package site

import (
	"encoding/json"

	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/savings"
)

// summary is the shape of data/summary.json (DATA.md): money in pounds as
// numbers with two decimals.
type summary struct {
	AsAt         date.Date           `json:"as_at"`
	BuildDate    date.Date           `json:"build_date"`
	Arrangements summaryArrangement  `json:"arrangements"`
	Partners     summaryPartners     `json:"partners"`
	Providers    summaryPartners     `json:"providers"`
	Scenarios    []savings.Scenario  `json:"scenarios"`
	ByStage      []savings.StageCost `json:"by_stage"`
	Pipeline     summaryPipeline     `json:"pipeline"`
}

type summaryArrangement struct {
	savings.Totals
	ByProviderGroup []savings.Totals    `json:"by_provider_group"`
	ByPartner       []savings.Totals    `json:"by_partner"`
	ByService       []savings.Totals    `json:"by_service"`
	ByType          []savings.Totals    `json:"by_type"`
	ByStage         []savings.StageCost `json:"by_stage"`
}

type summaryPartners struct {
	Count int `json:"count"`
}

type summaryPipeline struct {
	Until           date.Date       `json:"until"`
	Due             int             `json:"due"`
	Candidates      []string        `json:"candidates"`
	NeverOpen       int             `json:"never_openly_procured"`
	AboveThreshold  int             `json:"above_threshold"`
	LongTermPercent savings.Percent `json:"three_years_or_more_percent"`
}

// Summary renders data/summary.json.
func Summary(s *Site) []byte {
	m := s.Model
	out := summary{
		AsAt: s.AsAt, BuildDate: s.BuildDate,
		Arrangements: summaryArrangement{Totals: m.Total, ByProviderGroup: m.ByProviderGroup, ByPartner: m.ByPartner,
			ByService: m.ByService, ByType: m.ByType, ByStage: m.ByStage},
		Scenarios: m.Scenarios, ByStage: m.ByStage,
		Pipeline: summaryPipeline{Until: m.Pipeline.Until, Due: len(m.Pipeline.Due), NeverOpen: len(m.Pipeline.NeverOpen),
			AboveThreshold: len(m.Pipeline.AboveThreshold), LongTermPercent: m.Pipeline.LongTermPercent(), Candidates: []string{}},
	}
	out.Arrangements.ID, out.Arrangements.Name = "", ""
	for _, o := range s.Data.Organisations {
		if o.IsPartner() {
			out.Partners.Count++
		} else {
			out.Providers.Count++
		}
	}
	for _, c := range m.Pipeline.Candidates {
		out.Pipeline.Candidates = append(out.Pipeline.Candidates, c.Service)
	}
	if out.Scenarios == nil {
		out.Scenarios = []savings.Scenario{}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		panic(err) // every field is a plain value
	}
	return append(b, '\n')
}
