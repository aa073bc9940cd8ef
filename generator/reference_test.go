package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tscip/tscip/generator"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// TestReferenceFigures builds the repository's own site and checks that its
// data reproduces the figures the seed published (DATA.md, "The reference
// figures").
func TestReferenceFigures(t *testing.T) {
	res, err := generator.Render(context.Background(), generator.Options{Source: "..", Now: time.Date(2011, 9, 8, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	raw, ok := res.Files.Get("data/summary.json")
	if !ok {
		t.Fatal("no data/summary.json")
	}
	type totals struct {
		ID           string  `json:"id"`
		Name         string  `json:"name"`
		Kind         string  `json:"kind"`
		Count        int     `json:"count"`
		AnnualValue  float64 `json:"annual_value"`
		ResourceCost float64 `json:"resource_cost"`
	}
	var s struct {
		AsAt         string `json:"as_at"`
		Arrangements struct {
			totals
			ByProviderGroup []totals `json:"by_provider_group"`
			ByPartner       []totals `json:"by_partner"`
			ByService       []totals `json:"by_service"`
		} `json:"arrangements"`
		Partners struct {
			Count int `json:"count"`
		} `json:"partners"`
		Scenarios []struct {
			ID           string  `json:"id"`
			Partners     int     `json:"partners"`
			Arrangements int     `json:"arrangements"`
			CurrentCost  float64 `json:"current_cost"`
			SharedCost   float64 `json:"shared_cost"`
			Saving       float64 `json:"saving"`
			ROI          float64 `json:"roi_percent"`
			Contracts    []struct {
				Service  string  `json:"service"`
				Partners int     `json:"partners"`
				Cost     float64 `json:"cost"`
			} `json:"contracts"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	a := s.Arrangements
	if s.AsAt != "2011-09-08" || s.Partners.Count != 15 || a.Count != 100 || a.ResourceCost != 426937 {
		t.Errorf("as_at %s, partners %d, arrangements %d, resource cost %.2f; want 2011-09-08, 15, 100, 426937.00",
			s.AsAt, s.Partners.Count, a.Count, a.ResourceCost)
	}
	if a.AnnualValue < 5_950_000 || a.AnnualValue > 6_050_000 {
		t.Errorf("annual value %.2f is not about £6 million", a.AnnualValue)
	}
	groups := map[string]int{}
	for _, g := range a.ByProviderGroup {
		groups[g.Name] = g.Count
	}
	if groups["Citizens Advice Bureaux"] != 28 || groups["CVSs and VAST"] != 55 || groups["Asist"] != 17 {
		t.Errorf("by provider group = %v; want 28 CABx, 55 CVSs and VAST, 17 Asist", groups)
	}
	// The five largest partners, found by kind as a reader of the file would.
	var five totals
	n := 0
	for _, p := range a.ByPartner {
		switch p.Kind {
		case "county-council", "unitary-council", "nhs":
			n++
			five.Count += p.Count
			five.AnnualValue += p.AnnualValue
			five.ResourceCost += p.ResourceCost
		}
	}
	if n != 5 || five.Count != 74 || five.AnnualValue < 4_850_000 || five.AnnualValue > 4_990_000 || round2(five.ResourceCost) != 347365 {
		t.Errorf("five largest: %d partners, %d arrangements, £%.2f, cost £%.2f; want 5, 74, almost £5m, £347,365", n, five.Count, five.AnnualValue, five.ResourceCost)
	}
	want := map[string][4]float64{ // shared cost, saving, ROI, partners
		"all-partners": {109289, 317648, 58.0, 15},
		"five-largest": {81867, 265498, 55.0, 5},
	}
	if len(s.Scenarios) != 2 {
		t.Fatalf("%d scenarios; want 2", len(s.Scenarios))
	}
	for _, sc := range s.Scenarios {
		w := want[sc.ID]
		if sc.SharedCost != w[0] || sc.Saving != w[1] || sc.ROI != w[2] || float64(sc.Partners) != w[3] {
			t.Errorf("%s: shared %.2f saving %.2f ROI %.1f partners %d; want %v", sc.ID, sc.SharedCost, sc.Saving, sc.ROI, sc.Partners, w)
		}
		for _, c := range sc.Contracts {
			if c.Service == "advocacy" && c.Partners != 5 {
				t.Errorf("%s: advocacy has %d funders; want 5", sc.ID, c.Partners)
			}
			if c.Partners == 15 && c.Cost != 41000 || c.Partners == 5 && c.Cost != 27289 {
				t.Errorf("%s: contract for %d partners costs %.2f", sc.ID, c.Partners, c.Cost)
			}
		}
	}
	if sc := s.Scenarios[1]; sc.Arrangements != 74 || sc.CurrentCost != 347365 {
		t.Errorf("five-largest scenario: %d arrangements, current cost %.2f", sc.Arrangements, sc.CurrentCost)
	}
	golden(t, "reference-summary.json", raw)
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; inspect with go test -update and git diff", name)
	}
}
