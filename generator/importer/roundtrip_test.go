package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/internal/testsite"
	"github.com/tscip/tscip/generator/opendata"
)

// What a user compares between two 360Giving files: the grants'
// identifiers, funders, recipients, amounts and dates.
type grantFacts struct {
	ID            string      `json:"id"`
	AmountAwarded json.Number `json:"amountAwarded"`
	Currency      string      `json:"currency"`
	AwardDate     string      `json:"awardDate"`
	PlannedDates  []struct {
		StartDate string      `json:"startDate"`
		EndDate   string      `json:"endDate"`
		Duration  json.Number `json:"duration"`
	} `json:"plannedDates"`
	RecipientOrganization []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"recipientOrganization"`
	FundingOrganization []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"fundingOrganization"`
	GrantProgramme []struct {
		Code  string `json:"code"`
		Title string `json:"title"`
	} `json:"grantProgramme"`
}

func grantsOf(t *testing.T, b []byte) []grantFacts {
	t.Helper()
	var pkg struct {
		Grants []grantFacts `json:"grants"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&pkg); err != nil {
		t.Fatal(err)
	}
	sort.Slice(pkg.Grants, func(i, j int) bool { return pkg.Grants[i].ID < pkg.Grants[j].ID })
	return pkg.Grants
}

func render360(t *testing.T, dir string) []byte {
	t.Helper()
	res, err := generator.Render(context.Background(), generator.Options{Source: dir})
	if err != nil {
		t.Fatalf("%s does not build: %v", dir, err)
	}
	b, ok := res.Files.Get("data/360giving.json")
	if !ok {
		t.Fatalf("%s has no data/360giving.json", dir)
	}
	return b
}

// emptySite is a site.toml and the three tables with their headings only.
func emptySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	toml := "title = \"Empty\"\nidentifier_prefix = \"360G-tscip\"\n"
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"arrangements", "organisations", "services"} {
		var names []string
		for _, c := range opendata.TableColumns(table) {
			names = append(names, c.Name)
		}
		if err := os.WriteFile(filepath.Join(dir, "data", table+".csv"), []byte(strings.Join(names, ",")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The reference site's 360giving.json, imported into an empty site, gives
// the same grants back.
func TestRoundTripReferenceGrants(t *testing.T) {
	root, err := testsite.Root()
	if err != nil {
		t.Fatal(err)
	}
	original := render360(t, root)
	file := filepath.Join(t.TempDir(), "360giving.json")
	if err := os.WriteFile(file, original, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := emptySite(t)
	rep, err := Import(context.Background(), ThreeSixtyGiving, file, Options{Site: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) > 0 {
		t.Errorf("skipped: %v", rep.Lines())
	}
	want, got := grantsOf(t, original), grantsOf(t, render360(t, dir))
	if len(want) == 0 {
		t.Fatal("the reference site has no grants")
	}
	if len(got) != len(want) {
		t.Fatalf("%d grants back, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("grant %s changed:\n got %+v\nwant %+v", want[i].ID, got[i], want[i])
		}
	}
	// The arrangements themselves: same ids, annual values and dates.
	var ref, back *dataset.Set
	if res, err := generator.Render(context.Background(), generator.Options{Source: root}); err == nil {
		ref = res.Site.Data
	}
	if res, err := generator.Render(context.Background(), generator.Options{Source: dir}); err == nil {
		back = res.Site.Data
	}
	byID := map[string]dataset.Arrangement{}
	for _, a := range back.Arrangements {
		byID[a.ID] = a
	}
	for _, a := range ref.Arrangements {
		if a.Type != "grant" {
			continue
		}
		b, ok := byID[a.ID]
		if !ok {
			t.Errorf("arrangement %s did not come back", a.ID)
			continue
		}
		if b.AnnualValue != a.AnnualValue || !b.Start.Equal(a.Start) || !b.End.Equal(a.End) || b.Partner != a.Partner || b.Provider != a.Provider || b.Service != a.Service {
			t.Errorf("arrangement %s came back as %+v, want %+v", a.ID, b, a)
		}
	}
}
